import type { z } from "zod";
import { maskCardNumbers, maskCardNumbersDeep } from "../domain/card-number-guard.ts";
import { extractIdentifiers, stripeIdentifiers } from "../domain/identifiers.ts";
import type { CardDetails, Dispute, Identifier, Outcome, Payment, PaymentStatus } from "../domain/payment.ts";
import { toParseError } from "./parse-error.ts";
import {
  type CanonicalPayment,
  canonicalPaymentSchema,
  idPattern,
  type StripeCharge,
  type StripePaymentIntent,
  stripeChargeSchema,
  stripePaymentIntentSchema,
} from "./stripe-schemas.ts";

/** Why a payment was refused, Stripe style: `param` names the culprit field. Never echoes the value. */
export interface ParseError {
  param: string;
  message: string;
  code:
    | "parameter_missing"
    | "parameter_invalid"
    | "parameter_unknown"
    | "card_number_not_allowed"
    /** Another copy of the payment says otherwise about its amount, currency or created (HTTP 409). */
    | "payment_conflict";
}

/**
 * A payment accepted, with the paths of the fields in which a card number was masked (Stripe style:
 * `description`, `metadata.note`, `latest_charge.billing_details.name`); empty when none held one.
 */
export type ParseResult =
  | { ok: true; payment: Payment; redacted: string[] }
  | { ok: false; error: ParseError };

/** A payment without its identifiers: what is stored of its fields. */
type PaymentFields = Omit<Payment, "identifiers">;

const supportedObjects =
  '"charge" (a Stripe Charge), "payment_intent" (a Stripe PaymentIntent) or "payment" (the canonical shape)';

/**
 * One incoming payment (a Stripe Charge, a Stripe PaymentIntent with its latest charge expanded, or a
 * canonical payment) into the domain Payment, or the first reason to refuse it. Nothing of a refused
 * payment is kept. A card number in any field read is masked in what is stored (never a reason to
 * refuse: a webhook would be retried for days and the payment lost to its guest), and a value that held
 * one is no identifier. Fields the schemas do not declare are dropped unread (Stripe's own
 * network_transaction_id is no card number, and is not kept), so they need no scan.
 */
/** Where a copy of a payment came from, when it says more than the payload does. */
export interface CopyOptions {
  /** The Stripe event's `created` (unix seconds) when the payload is an event's data.object: the copy's version. */
  eventCreated?: number;
}

export function parsePayment(input: unknown, account: string, copy: CopyOptions = {}): ParseResult {
  const result = parseUnmasked(input, account);
  // A copy that came with a Stripe event is as new as the event.
  if (result.ok && copy.eventCreated !== undefined) {
    return { ...result, payment: { ...result.payment, version: copy.eventCreated * 1000 } };
  }
  // An error quotes no value, but its param can name a key the client sent (an unknown field).
  return result.ok
    ? result
    : {
        ok: false,
        error: {
          ...result.error,
          param: maskCardNumbers(result.error.param),
          message: maskCardNumbers(result.error.message),
        },
      };
}

function parseUnmasked(input: unknown, account: string): ParseResult {
  if (!idPattern.test(account)) {
    return refuse(
      "account",
      "parameter_invalid",
      "Invalid account: expected a merchant account id such as acct_1Nv0FGQ9RKHgCVdK.",
    );
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return refuse(
      "(payload)",
      "parameter_invalid",
      `Invalid payload: expected a JSON object whose object is ${supportedObjects}.`,
    );
  }
  const object = (input as { object?: unknown }).object;
  switch (object) {
    case "charge":
      return parsed(stripeChargeSchema, input, (charge) => chargeFields(charge, account), chargeIdentifiers);
    case "payment_intent":
      return parsed(
        stripePaymentIntentSchema,
        input,
        (intent) => paymentIntentFields(intent, account),
        paymentIntentIdentifiers,
      );
    case "payment":
      return parsed(
        canonicalPaymentSchema,
        input,
        (payment) => canonicalFields(payment, account),
        canonicalIdentifiers,
      );
    case undefined:
      return refuse(
        "object",
        "parameter_missing",
        `Missing required param: object. Expected ${supportedObjects}.`,
      );
    default:
      return refuse("object", "parameter_invalid", `Invalid object: expected ${supportedObjects}.`);
  }
}

/**
 * Validates, then maps the masked copy to what is stored and the unmasked one to identifiers (whose
 * extraction drops every value holding a card number, so none reaches them).
 */
function parsed<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  fields: (value: z.output<Schema>) => PaymentFields | ParseError,
  identifiers: (value: z.output<Schema>) => Identifier[],
): ParseResult {
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, error: toParseError(result.error, input) };
  const masked = maskCardNumbersDeep(result.data);
  const [asNumber] = masked.cardNumbersAsNumbers;
  if (asNumber !== undefined) {
    return refuse(
      asNumber,
      "card_number_not_allowed",
      `Invalid ${asNumber}: a card number cannot be a number of a payment. Send only Stripe's card fingerprint, brand, last4 and expiry.`,
    );
  }
  const payment = fields(masked.value);
  if ("code" in payment) return { ok: false, error: payment };
  return {
    ok: true,
    payment: { ...payment, identifiers: identifiers(result.data) },
    redacted: masked.redacted,
  };
}

function refuse(param: string, code: ParseError["code"], message: string): ParseResult {
  return { ok: false, error: { param, code, message } };
}

function chargeFields(charge: StripeCharge, account: string): PaymentFields {
  const billing = charge.billing_details;
  const card = charge.payment_method_details?.card;
  return {
    account,
    id: charge.id,
    object: "charge",
    created: charge.created,
    amount: charge.amount,
    currency: charge.currency,
    status: charge.status,
    description: charge.description ?? null,
    billingName: nonBlank(billing?.name),
    billingCountry: billing?.address?.country ?? null,
    card: card ? cardDetails(card) : null,
    customer: customerId(charge.customer),
    paymentIntent:
      typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null),
    metadata: charge.metadata,
    livemode: charge.livemode,
    refunds: { amountRefunded: charge.amount_refunded, refunded: charge.refunded },
    dispute: chargeDispute(charge),
    outcome: outcome(charge.outcome),
  };
}

function chargeIdentifiers(charge: StripeCharge): Identifier[] {
  const billing = charge.billing_details;
  const card = charge.payment_method_details?.card;
  return stripeIdentifiers({
    billingEmail: billing?.email,
    receiptEmails: [charge.receipt_email],
    descriptions: [charge.description],
    billingPhone: billing?.phone,
    cardFingerprint: card?.fingerprint,
    billingCountry: billing?.address?.country,
    cardCountry: card?.country,
  });
}

/** The PaymentIntent's own facts, with card, billing, refunds and dispute from its latest charge. */
function paymentIntentFields(intent: StripePaymentIntent, account: string): PaymentFields | ParseError {
  const latest = latestCharge(intent);
  if (latest === "not_expanded") {
    return {
      param: "latest_charge",
      code: "parameter_invalid",
      message:
        "Invalid latest_charge: it is only a charge id, so the card and billing details are missing. Retrieve the PaymentIntent with expand[]=latest_charge and send that.",
    };
  }
  const charge = latest ? chargeFields(latest, account) : null;
  const description = intent.description ?? charge?.description ?? null;
  return {
    account,
    // One attempt, one payment: with a charge, the charge is the payment (see Payment.paymentIntent).
    id: charge?.id ?? intent.id,
    object: charge ? "charge" : "payment_intent",
    created: charge?.created ?? intent.created,
    amount: charge?.amount ?? intent.amount,
    paymentIntent: intent.id,
    currency: intent.currency,
    // The charge knows best how the attempt went; the intent's status only fills in when there is none.
    status: charge?.status ?? intentStatus(intent),
    description,
    billingName: charge?.billingName ?? null,
    billingCountry: charge?.billingCountry ?? null,
    card: charge?.card ?? null,
    customer: customerId(intent.customer) ?? charge?.customer ?? null,
    metadata: { ...charge?.metadata, ...intent.metadata },
    livemode: intent.livemode,
    refunds: charge?.refunds ?? { amountRefunded: 0, refunded: false },
    dispute: charge?.dispute ?? null,
    outcome: charge?.outcome ?? null,
  };
}

function paymentIntentIdentifiers(intent: StripePaymentIntent): Identifier[] {
  const latest = latestCharge(intent);
  const charge = latest === "not_expanded" ? null : latest;
  return stripeIdentifiers({
    billingEmail: charge?.billing_details?.email,
    receiptEmails: [intent.receipt_email, charge?.receipt_email],
    descriptions: [intent.description, charge?.description],
    billingPhone: charge?.billing_details?.phone,
    cardFingerprint: charge?.payment_method_details?.card?.fingerprint,
    billingCountry: charge?.billing_details?.address?.country,
    cardCountry: charge?.payment_method_details?.card?.country,
  });
}

/**
 * The expanded latest_charge; else, on API versions before 2022-11-15, the newest charge in `charges`
 * (the one latest_charge names, when it names one). Null when no charge was attempted yet.
 */
function latestCharge(intent: StripePaymentIntent): StripeCharge | null | "not_expanded" {
  const listed = intent.charges?.data ?? [];
  if (typeof intent.latest_charge === "string") {
    const named = intent.latest_charge;
    return listed.find((charge) => charge.id === named) ?? "not_expanded";
  }
  if (intent.latest_charge) return intent.latest_charge;
  // Stripe lists newest first; on equal `created` the earlier entry is the newer one.
  return listed.reduce<StripeCharge | null>(
    (newest, charge) => (!newest || charge.created > newest.created ? charge : newest),
    null,
  );
}

function intentStatus(intent: StripePaymentIntent): PaymentStatus {
  switch (intent.status) {
    case "succeeded":
      return "succeeded";
    case "canceled":
      return "failed";
    case "requires_payment_method":
      // Back at requires_payment_method with an error: the last attempt failed. Without one: not tried yet.
      return intent.last_payment_error ? "failed" : "pending";
    default:
      return "pending";
  }
}

function canonicalFields(payment: CanonicalPayment, account: string): PaymentFields {
  const amountRefunded = payment.refunds?.amount_refunded ?? 0;
  return {
    account,
    id: payment.id,
    object: "payment",
    created: payment.created,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    description: payment.description ?? null,
    billingName: nonBlank(payment.billing?.name),
    billingCountry: payment.billing?.country ?? null,
    card: payment.card ? cardDetails(payment.card) : null,
    customer: payment.customer ?? null,
    paymentIntent: null,
    metadata: payment.metadata,
    livemode: payment.livemode,
    refunds: {
      amountRefunded,
      refunded: payment.refunds?.refunded ?? (amountRefunded > 0 && amountRefunded >= payment.amount),
    },
    dispute: payment.dispute
      ? { status: payment.dispute.status, reason: payment.dispute.reason ?? null }
      : null,
    outcome: outcome(payment.outcome),
    ...(payment.updated == null ? {} : { version: payment.updated }),
  };
}

function canonicalIdentifiers(payment: CanonicalPayment): Identifier[] {
  return extractIdentifiers({
    emails: [
      { raw: payment.email, source: "email" },
      ...(payment.emails ?? []).map((raw) => ({ raw, source: "emails" as const })),
    ],
    texts: [{ raw: payment.description, source: "description" }],
    phones: [{ raw: payment.phone, source: "phone" }],
    cardFingerprint: { raw: payment.card?.fingerprint, source: "card.fingerprint" },
    phoneRegions: [payment.billing?.country, payment.card?.country],
  });
}

interface CardFields {
  fingerprint?: string | null | undefined;
  brand?: string | null | undefined;
  last4?: string | null | undefined;
  exp_month?: number | null | undefined;
  exp_year?: number | null | undefined;
  country?: string | null | undefined;
}

function cardDetails(card: CardFields): CardDetails {
  return {
    fingerprint: card.fingerprint ?? null,
    brand: card.brand ?? null,
    last4: card.last4 ?? null,
    expMonth: card.exp_month ?? null,
    expYear: card.exp_year ?? null,
    country: card.country ?? null,
  };
}

function customerId(customer: string | { id: string } | null | undefined): string | null {
  if (!customer) return null;
  return typeof customer === "string" ? customer : customer.id;
}

/** The expanded dispute when the charge carries one; else the bare flag (or a dispute id) as "disputed". */
function chargeDispute(charge: StripeCharge): Dispute | null {
  if (charge.dispute && typeof charge.dispute === "object") {
    return { status: charge.dispute.status, reason: charge.dispute.reason ?? null };
  }
  return charge.disputed || typeof charge.dispute === "string" ? { status: "disputed", reason: null } : null;
}

interface OutcomeFields {
  network_status?: string | null | undefined;
  risk_level?: string | null | undefined;
  risk_score?: number | null | undefined;
  seller_message?: string | null | undefined;
  type?: string | null | undefined;
}

function outcome(fields: OutcomeFields | null | undefined): Outcome | null {
  if (!fields) return null;
  return {
    riskLevel: fields.risk_level ?? null,
    riskScore: fields.risk_score ?? null,
    networkStatus: fields.network_status ?? null,
    sellerMessage: fields.seller_message ?? null,
    type: fields.type ?? null,
  };
}

function nonBlank(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
