import { z } from "zod";
import { disputeStatuses } from "../domain/mutable-fields.ts";
import type { PaymentFieldUpdate } from "../graph/stripe-sync-repository.ts";
import { toParseError } from "./parse-error.ts";
import type { ParseError } from "./to-payment.ts";

/**
 * What a Stripe event (https://docs.stripe.com/api/events/object) means for GuestGraph. Pure: the
 * webhook use-case acts on the answer. Charge events carry the whole Charge; a dispute event carries a
 * Dispute and a refund event a Refund, which only update the charge they name; a PaymentIntent event
 * carries its charge only when expanded (older API versions list it in `charges`).
 */

export const handledEventTypes = [
  "charge.succeeded",
  "charge.failed",
  "charge.pending",
  "charge.captured",
  "charge.updated",
  "charge.refunded",
  "charge.refund.updated",
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.closed",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.processing",
  "payment_intent.canceled",
] as const;

const idPattern = /^[A-Za-z0-9_\-.:]{1,255}$/;
const id = z.string().regex(idPattern, "expected a Stripe id");

/** The envelope: the fields GuestGraph reads; anything else Stripe adds is ignored. */
export const stripeEventSchema = z.looseObject({
  id,
  object: z.literal("event"),
  type: z.string().min(1).max(100),
  created: z.int().min(0),
  account: z
    .string()
    .regex(/^acct_[A-Za-z0-9]{1,250}$/, "expected a connected account id such as acct_1Nv0FGQ9RKHgCVdK")
    .nullish(),
  data: z.looseObject({ object: z.looseObject({}) }),
});
export type StripeEvent = z.infer<typeof stripeEventSchema>;

const chargeId = z
  .union([id, z.looseObject({ id })])
  .transform((value) => (typeof value === "string" ? value : value.id));

const disputeSchema = z.looseObject({
  object: z.literal("dispute"),
  charge: chargeId,
  status: z.enum(disputeStatuses, { error: `expected one of ${disputeStatuses.join(", ")}` }),
  reason: z.string().max(100).nullish(),
});

const refundSchema = z.looseObject({
  object: z.literal("refund"),
  charge: chargeId,
  amount: z.int().min(0),
  status: z.string().nullish(),
});

const intentSchema = z.looseObject({
  object: z.literal("payment_intent"),
  status: z.string(),
  latest_charge: z.union([id, z.looseObject({ id })]).nullish(),
  charges: z.looseObject({ data: z.array(z.unknown()) }).nullish(),
  last_payment_error: z.looseObject({}).nullish(),
});

export type EventAction =
  /** Not an event GuestGraph takes, or one with nothing to store: answered 200 and left. */
  | { kind: "skip"; reason: string }
  /** A whole payment (Charge, or PaymentIntent with its charge): through the normal ingest path. */
  | { kind: "payment"; object: Record<string, unknown> }
  /** An update of the charge it names. */
  | { kind: "update"; payment: string; fields: PaymentFieldUpdate }
  | { kind: "invalid"; error: ParseError };

export function eventAction(event: StripeEvent): EventAction {
  const object = event.data.object;
  if (!(handledEventTypes as readonly string[]).includes(event.type)) {
    return { kind: "skip", reason: `${event.type} is not an event GuestGraph takes` };
  }
  if (event.type.startsWith("charge.dispute.")) {
    return parsed(disputeSchema, object, (dispute) => ({
      kind: "update",
      payment: dispute.charge,
      fields: { dispute: { status: dispute.status, reason: dispute.reason ?? null } },
    }));
  }
  if (event.type === "charge.refund.updated") {
    return parsed(refundSchema, object, (refund) =>
      refund.status === "succeeded"
        ? { kind: "update", payment: refund.charge, fields: { amountRefunded: refund.amount } }
        : { kind: "skip", reason: `a ${refund.status ?? "pending"} refund moves no money yet` },
    );
  }
  if (event.type.startsWith("payment_intent.")) {
    return parsed(intentSchema, object, (intent) => {
      if (typeof intent.latest_charge === "object" && intent.latest_charge)
        return { kind: "payment", object };
      if (intent.charges && intent.charges.data.length > 0) return { kind: "payment", object };
      if (typeof intent.latest_charge !== "string") {
        return { kind: "skip", reason: "the PaymentIntent has no charge: nothing was paid with a card yet" };
      }
      // The charge's own events carry the card and billing details; the intent can only move its status.
      const status = intentStatus(
        intent.status,
        intent.last_payment_error !== null && intent.last_payment_error !== undefined,
      );
      return status
        ? { kind: "update", payment: intent.latest_charge, fields: { status } }
        : { kind: "skip", reason: `a ${intent.status} PaymentIntent says nothing new about its charge` };
    });
  }
  return { kind: "payment", object };
}

function intentStatus(status: string, lastAttemptFailed: boolean): PaymentFieldUpdate["status"] | null {
  if (status === "succeeded") return "succeeded";
  if (status === "processing") return "pending";
  if (status === "requires_payment_method" && lastAttemptFailed) return "failed";
  return null;
}

function parsed<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  map: (value: z.output<Schema>) => EventAction,
): EventAction {
  const result = schema.safeParse(input);
  if (result.success) return map(result.data);
  const error = toParseError(result.error, input);
  return { kind: "invalid", error: { ...error, param: `data.object.${error.param}` } };
}
