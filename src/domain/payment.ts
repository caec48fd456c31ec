/**
 * The one shape every payment takes inside GuestGraph, whatever it came from (a Stripe Charge, a
 * PaymentIntent, or the canonical shape for other sources). Pure data: no card numbers, ever.
 */

export type PaymentStatus = "succeeded" | "failed" | "pending";
export type PaymentSourceObject = "charge" | "payment_intent" | "payment";

export type IdentifierKind = "email" | "phone" | "card";

/**
 * Where on the payment an identifier was found; shown in explanations. The first five are Stripe's
 * fields (Charge, PaymentIntent); the last four are the canonical payment shape's own fields.
 */
export type IdentifierSource =
  | "billing_details.email"
  | "receipt_email"
  | "description"
  | "billing_details.phone"
  | "payment_method_details.card.fingerprint"
  | "email"
  | "emails"
  | "phone"
  | "card.fingerprint";

export interface EmailIdentifier {
  kind: "email";
  /** Trimmed, lower-cased address. */
  value: string;
  sources: IdentifierSource[];
}

export interface PhoneIdentifier {
  kind: "phone";
  /** E.164 (+14155550123) when libphonenumber-js could parse it, else the digits as written. */
  value: string;
  verified: boolean;
  sources: IdentifierSource[];
}

export interface CardIdentifier {
  kind: "card";
  /** Stripe's fingerprint of the card number: the only card identity GuestGraph keeps. */
  value: string;
  sources: IdentifierSource[];
}

export type Identifier = EmailIdentifier | PhoneIdentifier | CardIdentifier;

export interface CardDetails {
  fingerprint: string | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  country: string | null;
}

export interface Refunds {
  /** Minor units refunded so far. */
  amountRefunded: number;
  refunded: boolean;
}

export interface Dispute {
  /** Stripe's dispute status (warning_needs_response, needs_response, under_review, won, lost, …), or "disputed" when only the flag is known. */
  status: string;
  reason: string | null;
}

export interface Outcome {
  riskLevel: string | null;
  riskScore: number | null;
  networkStatus: string | null;
  sellerMessage: string | null;
  type: string | null;
}

/** The fields a later copy of the same payment may change; everything else is fixed at first sight. */
export interface MutablePaymentFields {
  status: PaymentStatus;
  refunds: Refunds;
  dispute: Dispute | null;
  outcome: Outcome | null;
}

export interface Payment extends MutablePaymentFields {
  /** Merchant account the payment belongs to (Stripe-Account), e.g. acct_1Nv0FGQ9RKHgCVdK. */
  account: string;
  /** Stripe charge id (ch_…/py_…), payment intent id (pi_…), or the canonical source's own id. */
  id: string;
  object: PaymentSourceObject;
  /** Unix seconds. */
  created: number;
  /** Integer minor units. */
  amount: number;
  /** ISO 4217, lower-case as Stripe writes it. */
  currency: string;
  description: string | null;
  billingName: string | null;
  billingCountry: string | null;
  card: CardDetails | null;
  /** Registered customer id (cus_…); null for a guest payment. */
  customer: string | null;
  /**
   * The PaymentIntent this attempt belongs to (pi_…), when there is one. A payment is one charge
   * attempt: a Charge and the PaymentIntent that carries it as latest_charge are the same payment
   * (the charge id), so charge.* and payment_intent.* webhooks never count it twice.
   */
  paymentIntent: string | null;
  metadata: Record<string, string>;
  livemode: boolean;
  identifiers: Identifier[];
  /**
   * This copy's place among the copies of the same payment, in unix milliseconds: the Stripe event's
   * `created` when the copy came with an event, else the canonical shape's `updated`, else (unset) the
   * time it arrives. A copy never rolls back what a newer one said about identifiers and customer.
   */
  version?: number | null;
}
