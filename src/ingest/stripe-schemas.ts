import { z } from "zod";
import { isEmailAddress } from "../domain/identifiers.ts";
import { disputeStatuses } from "../domain/mutable-fields.ts";

/**
 * The payment shapes GuestGraph accepts: a Stripe Charge, a Stripe PaymentIntent, and the canonical
 * payment for other sources. Stripe objects take unknown fields (Stripe adds fields over time) and drop
 * them unread: what parses is exactly what GuestGraph keeps, and so exactly what the card-number guard
 * scans (Stripe's network_transaction_id, 15 digits and Luhn-valid, is no card number and never kept).
 * Every field kept is checked strictly. The canonical shape is ours, so it is strict:
 * a misspelt field is an error rather than silently lost data.
 */

/**
 * The longest value each field may hold, in characters: Stripe's own limit where Stripe has one (a genuine
 * Stripe object is never refused), else what GuestGraph's indexes can take — Neo4j refuses an index key
 * over about 8 KB, and a text index value over 32 KB, so no value that becomes a key may come near that.
 * Documented in the README ("Limits").
 */
export const fieldLimits = {
  /** Payment, customer, payment intent, dispute ids and card fingerprints (and idPattern below). */
  id: 255,
  /** Stripe Charge `description`. */
  description: 40_000,
  /** Stripe `billing_details.name`. */
  name: 5_000,
  /** An email address: RFC 5321's 64-character local part, "@" and a 255-character domain. */
  email: 320,
  /** Addresses in the canonical `emails` list. */
  emails: 20,
  /** A phone number as written (E.164 is at most 16 characters; room for spaces, dashes, an extension). */
  phone: 64,
  /** Stripe's metadata: 50 keys, key names up to 40 characters, values up to 500. */
  metadataKeys: 50,
  metadataKey: 40,
  metadataValue: 500,
  /** Stripe's outcome.seller_message. */
  sellerMessage: 5_000,
  /** Stripe's short keywords: outcome network_status, reason, risk_level, type; dispute reason. */
  keyword: 255,
} as const;

const atMost = (max: number) => `expected at most ${max.toLocaleString("en")} characters`;

/** Ids become sort keys and parts of graph keys: ASCII only, no "/" or spaces. */
export const idPattern = /^[A-Za-z0-9_\-.:]{1,255}$/;

/** 9999-12-31T23:59:59Z: keeps `created` within the 12 digits the graph's order keys pad to, and catches milliseconds. */
const latestUnixSeconds = 253_402_300_799;

const id = z.string().regex(idPattern, "expected an id of 1 to 255 letters, digits, or _ - . : characters");
const amountMessage = "expected a non-negative integer in the currency's minor unit, such as 1099 for 10.99";
const amount = z.int({ error: amountMessage }).min(0, amountMessage);
const unixSecondsMessage = "expected a Unix timestamp in seconds";
const unixSeconds = z
  .int({ error: unixSecondsMessage })
  .min(0, unixSecondsMessage)
  .max(latestUnixSeconds, `${unixSecondsMessage} (this looks like milliseconds)`);
const currency = z
  .string({ error: "expected a three-letter ISO 4217 currency code" })
  .regex(/^[A-Za-z]{3}$/, "expected a three-letter ISO 4217 currency code, such as usd")
  .transform((code) => code.toLowerCase());
const country = z
  .string({ error: "expected a two-letter ISO 3166-1 country code" })
  .regex(/^[A-Za-z]{2}$/, "expected a two-letter ISO 3166-1 country code, such as US")
  .transform((code) => code.toUpperCase());
const metadata = z
  .record(
    z
      .string()
      .max(
        fieldLimits.metadataKey,
        `expected metadata keys of at most ${fieldLimits.metadataKey} characters`,
      ),
    z
      .string({ error: "expected metadata values to be strings" })
      .max(
        fieldLimits.metadataValue,
        `expected metadata values of at most ${fieldLimits.metadataValue} characters`,
      ),
  )
  .refine((entries) => Object.keys(entries).length <= fieldLimits.metadataKeys, {
    error: `expected at most ${fieldLimits.metadataKeys} keys`,
  });
/** Free text of at most `max` characters, or null / absent. */
const text = (max: number) => z.string().max(max, atMost(max)).nullish();
export const chargeStatuses = ["succeeded", "failed", "pending"] as const;
const chargeStatus = z.enum(chargeStatuses, { error: `expected one of ${chargeStatuses.join(", ")}` });
const disputeStatus = z.enum(disputeStatuses, { error: `expected one of ${disputeStatuses.join(", ")}` });

const cardFields = {
  fingerprint: z.string().regex(idPattern, "expected Stripe's card fingerprint, not card digits").nullish(),
  brand: z
    .string()
    .regex(/^[A-Za-z0-9_ -]{1,40}$/, "expected a card brand such as visa")
    .nullish(),
  last4: z
    .string()
    .regex(/^\d{4}$/, "expected the last four digits of the card")
    .nullish(),
  exp_month: z.int().min(1).max(12).nullish(),
  exp_year: z.int().min(1900).max(9999).nullish(),
  country: country.nullish(),
};

const outcomeFields = {
  network_status: text(fieldLimits.keyword),
  reason: text(fieldLimits.keyword),
  risk_level: text(fieldLimits.keyword),
  risk_score: z.int().min(0).max(100).nullish(),
  seller_message: text(fieldLimits.sellerMessage),
  type: text(fieldLimits.keyword),
};

/** A registered customer: its id, or the expanded Customer object (whose id is what counts). */
const customer = z
  .union([id, z.object({ id })], {
    error: "expected a customer id (cus_…) or an expanded Customer object",
  })
  .nullish();

const expandedDispute = z.object({ status: disputeStatus, reason: text(fieldLimits.keyword) });

/** https://docs.stripe.com/api/charges/object: the fields GuestGraph keeps. */
export const stripeChargeSchema = z
  .object({
    id,
    object: z.literal("charge"),
    amount,
    amount_refunded: amount.default(0),
    refunded: z.boolean().default(false),
    created: unixSeconds,
    currency,
    status: chargeStatus,
    livemode: z.boolean(),
    customer,
    /** The PaymentIntent this charge is an attempt of: its id, or the expanded object. */
    payment_intent: z
      .union([id, z.object({ id })], {
        error: "expected a payment intent id (pi_…) or an expanded PaymentIntent",
      })
      .nullish(),
    description: text(fieldLimits.description),
    receipt_email: text(fieldLimits.email),
    billing_details: z
      .looseObject({
        address: z.object({ country: country.nullish() }).nullish(),
        email: text(fieldLimits.email),
        name: text(fieldLimits.name),
        phone: text(fieldLimits.phone),
      })
      .nullish(),
    payment_method_details: z.object({ card: z.object(cardFields).nullish() }).nullish(),
    outcome: z.object(outcomeFields).nullish(),
    disputed: z.boolean().default(false),
    /** Older API versions carry the dispute: its id, or the Dispute object when expanded. */
    dispute: z
      .union([id, expandedDispute], { error: "expected a dispute id (dp_…) or an expanded Dispute object" })
      .nullish(),
    metadata: metadata.default({}),
  })
  .superRefine((charge, ctx) => {
    // More refunded than paid would show a guest refunded more than it ever spent.
    if (charge.amount_refunded > charge.amount) {
      ctx.addIssue({ code: "custom", path: ["amount_refunded"], message: "cannot exceed amount" });
    }
  });
export type StripeCharge = z.infer<typeof stripeChargeSchema>;

export const paymentIntentStatuses = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
  "canceled",
  "succeeded",
] as const;

/**
 * https://docs.stripe.com/api/payment_intents/object. The card, billing details and refunds live on the
 * charge, so `latest_charge` must be expanded (or, before API version 2022-11-15, `charges` listed).
 */
export const stripePaymentIntentSchema = z.object({
  id,
  object: z.literal("payment_intent"),
  amount,
  created: unixSeconds,
  currency,
  status: z.enum(paymentIntentStatuses, { error: `expected one of ${paymentIntentStatuses.join(", ")}` }),
  livemode: z.boolean(),
  customer,
  description: text(fieldLimits.description),
  receipt_email: text(fieldLimits.email),
  metadata: metadata.default({}),
  latest_charge: z
    .union([id, stripeChargeSchema], {
      error: "expected the expanded Charge object (expand[]=latest_charge)",
    })
    .nullish(),
  charges: z.object({ data: z.array(stripeChargeSchema) }).nullish(),
  last_payment_error: z.object({}).nullish(),
});
export type StripePaymentIntent = z.infer<typeof stripePaymentIntentSchema>;

const isoDateTime = z.iso
  .datetime({ offset: true, error: "expected an ISO 8601 date-time with a time zone" })
  .transform((value) => Math.floor(Date.parse(value) / 1000))
  .pipe(unixSeconds);

/** A copy's version in unix milliseconds, from Unix seconds or an ISO 8601 date-time (whose milliseconds count). */
const updatedAt = z
  .union(
    [
      unixSeconds.transform((seconds) => seconds * 1000),
      z.iso
        .datetime({ offset: true, error: "expected an ISO 8601 date-time with a time zone" })
        .transform((value) => Date.parse(value)),
    ],
    {
      error:
        "expected Unix seconds or an ISO 8601 date-time with a time zone, such as 2024-03-18T21:22:19.250Z",
    },
  )
  .nullish()
  .describe(
    "When this copy of the payment was made: Unix seconds, or an ISO 8601 date-time with a time zone (milliseconds count). " +
      "A copy never rolls back the identifiers, customer or details of one with a later `updated`; without it, the copy counts as made when it arrives.",
  );

/** Any script in the local part (RFC 6531); NFC and lower-cased. A card number in it is masked later, not refused. */
const email = z
  .string({ error: "expected an email address" })
  .max(fieldLimits.email, atMost(fieldLimits.email))
  .transform((value) => value.trim().normalize("NFC").toLowerCase())
  .refine(isEmailAddress, { error: "expected an email address" });

/** The canonical payment for sources other than Stripe; documented in the README ("Canonical payment shape"). */
export const canonicalPaymentSchema = z
  .strictObject({
    object: z.literal("payment"),
    id: id.describe("The source's own payment id; a second copy with the same id updates the payment."),
    created: z
      .union([unixSeconds, isoDateTime], {
        error:
          "expected Unix seconds or an ISO 8601 date-time with a time zone, such as 2024-03-18T21:22:19Z",
      })
      .describe("When the payment was made: Unix seconds, or an ISO 8601 date-time with a time zone."),
    updated: updatedAt,
    amount: amount.describe("Integer amount in the currency's minor unit (1099 for 10.99 USD)."),
    currency: currency.describe("ISO 4217 code; stored lower-case."),
    status: chargeStatus,
    livemode: z.boolean().default(true).describe("False for test payments. Default true."),
    customer: id.nullish().describe("The registered customer's id; omit or null for a guest payment."),
    email: email.nullish(),
    emails: z
      .array(email)
      .max(fieldLimits.emails, `expected at most ${fieldLimits.emails} addresses`)
      .optional()
      .describe("Further email addresses of the payer."),
    phone: text(fieldLimits.phone).describe(
      "As written; normalised to E.164 using billing.country, else card.country.",
    ),
    card: z.strictObject(cardFields).nullish(),
    billing: z.strictObject({ name: text(fieldLimits.name), country: country.nullish() }).nullish(),
    description: text(fieldLimits.description).describe(
      "Free text; every email address written in it is an identifier.",
    ),
    metadata: metadata.default({}),
    refunds: z.strictObject({ amount_refunded: amount, refunded: z.boolean().optional() }).nullish(),
    dispute: z.strictObject({ status: disputeStatus, reason: text(fieldLimits.keyword) }).nullish(),
    outcome: z.strictObject(outcomeFields).nullish(),
  })
  .superRefine((payment, ctx) => {
    if (payment.refunds && payment.refunds.amount_refunded > payment.amount) {
      ctx.addIssue({
        code: "custom",
        path: ["refunds", "amount_refunded"],
        message: "cannot exceed amount",
      });
    }
  });
export type CanonicalPayment = z.infer<typeof canonicalPaymentSchema>;
