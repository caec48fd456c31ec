import type { Identifier, Payment } from "../../src/domain/payment.ts";

export interface PaymentSketch {
  id: string;
  created: number;
  emails?: string[];
  phones?: string[];
  cards?: string[];
  customer?: string | null;
  status?: Payment["status"];
  amount?: number;
  currency?: string;
  amountRefunded?: number;
  disputed?: boolean;
  billingName?: string;
  billingCountry?: string;
  /** The card's last four digits (4242 unless given). */
  last4?: string;
  /** The copy's version (Payment.version); unset: its arrival. */
  version?: number;
  description?: string;
}

/** A domain Payment with only what a test cares about; identifiers taken as already normalised. */
export function paymentFrom(account: string, sketch: PaymentSketch): Payment {
  const identifiers: Identifier[] = [
    ...(sketch.emails ?? []).map(
      (value): Identifier => ({ kind: "email", value, sources: ["billing_details.email"] }),
    ),
    ...(sketch.phones ?? []).map(
      (value): Identifier => ({ kind: "phone", value, verified: true, sources: ["billing_details.phone"] }),
    ),
    ...(sketch.cards ?? []).map(
      (value): Identifier => ({ kind: "card", value, sources: ["payment_method_details.card.fingerprint"] }),
    ),
  ];
  const fingerprint = sketch.cards?.[0] ?? null;
  return {
    account,
    id: sketch.id,
    object: "charge",
    created: sketch.created,
    amount: sketch.amount ?? 1000,
    currency: sketch.currency ?? "usd",
    description: sketch.description ?? null,
    billingName: sketch.billingName ?? null,
    billingCountry: sketch.billingCountry ?? null,
    card: fingerprint
      ? {
          fingerprint,
          brand: "visa",
          last4: sketch.last4 ?? "4242",
          expMonth: 12,
          expYear: 2030,
          country: "US",
        }
      : null,
    customer: sketch.customer ?? null,
    paymentIntent: null,
    metadata: {},
    livemode: false,
    identifiers,
    status: sketch.status ?? "succeeded",
    refunds: { amountRefunded: sketch.amountRefunded ?? 0, refunded: false },
    dispute: sketch.disputed ? { status: "needs_response", reason: "fraudulent" } : null,
    outcome: null,
    ...(sketch.version === undefined ? {} : { version: sketch.version }),
  };
}

/** The identifiers of a sketch the way the reference model spells them. */
export function referenceIdentifiers(sketch: PaymentSketch): string[] {
  return [
    ...(sketch.emails ?? []).map((value) => `email:${value}`),
    ...(sketch.phones ?? []).map((value) => `phone:${value}`),
    ...(sketch.cards ?? []).map((value) => `card:${value}`),
  ];
}
