import type { Explanation } from "../domain/explanation.ts";
import type { IdentifierKind, IdentifierSource, PaymentStatus } from "../domain/payment.ts";
import type { PaymentViewRow } from "../graph/payment-view-repository.ts";

/** A payment as the API shows it (GET /v1/payments/:id, and the items of a guest's payment list). */
export interface PaymentResource {
  id: string;
  object: "payment";
  created: number;
  amount: number;
  currency: string;
  status: PaymentStatus;
  livemode: boolean;
  description: string | null;
  /** Null for a registered customer's payment. */
  guest: string | null;
  customer: string | null;
  payment_intent: string | null;
  billing_details: { name: string | null; address: { country: string | null } };
  card: {
    brand: string | null;
    last4: string | null;
    exp_month: number | null;
    exp_year: number | null;
    country: string | null;
    fingerprint: string | null;
  } | null;
  identifiers: { type: IdentifierKind; value: string; verified?: boolean; sources: IdentifierSource[] }[];
  amount_refunded: number;
  refunded: boolean;
  dispute: { status: string; reason: string | null } | null;
  outcome: {
    risk_level: string | null;
    risk_score: number | null;
    network_status: string | null;
    seller_message: string | null;
    type: string | null;
  } | null;
  metadata: Record<string, string>;
  /** Only for callers allowed to see explanations; null otherwise. */
  explanation: Explanation | null;
}

export function paymentResource(
  row: PaymentViewRow,
  explanation: Explanation | null = null,
): PaymentResource {
  const card = {
    brand: row.cardBrand,
    last4: row.cardLast4,
    exp_month: row.cardExpMonth,
    exp_year: row.cardExpYear,
    country: row.cardCountry,
    fingerprint: row.cardFingerprint,
  };
  const outcome = {
    risk_level: row.riskLevel,
    risk_score: row.riskScore,
    network_status: row.networkStatus,
    seller_message: row.sellerMessage,
    type: row.outcomeType,
  };
  return {
    id: row.id,
    object: "payment",
    created: row.created,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    livemode: row.livemode,
    description: row.description,
    guest: row.guest,
    customer: row.customer,
    payment_intent: row.paymentIntent,
    billing_details: { name: row.billingName, address: { country: row.billingCountry } },
    card: anyKnown(card) ? card : null,
    identifiers: row.identifiers.map(({ type, value, verified, sources }) => ({
      type,
      value,
      ...(type === "phone" ? { verified: verified ?? false } : {}),
      sources,
    })),
    amount_refunded: row.amountRefunded ?? 0,
    refunded: row.refunded ?? false,
    dispute: row.disputeStatus ? { status: row.disputeStatus, reason: row.disputeReason } : null,
    outcome: anyKnown(outcome) ? outcome : null,
    metadata: row.metadata ? (JSON.parse(row.metadata) as Record<string, string>) : {},
    explanation,
  };
}

/** The graph keeps no nulls, so an object whose every field is absent was never given. */
function anyKnown(fields: Record<string, unknown>): boolean {
  return Object.values(fields).some((value) => value !== null && value !== undefined);
}
