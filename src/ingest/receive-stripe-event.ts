import type { Database } from "../graph/database.ts";
import { StripeSyncRepository } from "../graph/stripe-sync-repository.ts";
import { ingestPayments } from "./ingest-payments.ts";
import { applyPendingUpdates, updatePayments } from "./payment-updates.ts";
import { eventAction, type StripeEvent } from "./stripe-events.ts";
import { type ParseError, parsePayment } from "./to-payment.ts";

export interface EventReceipt {
  id: string;
  type: string;
  /** The merchant account it was applied to: the event's Connect `account`, else the default. */
  account: string;
  /** What it did: created, updated or unchanged a payment; deferred (its payment is not here yet);
   * skipped (not an event GuestGraph takes, or nothing to store); duplicate (applied before). */
  outcome: "created" | "updated" | "unchanged" | "deferred" | "skipped" | "duplicate";
  payment: string | null;
  reason: string | null;
  /** Fields of the event's object where a card number was found and masked before anything was stored. */
  redacted: string[];
}

export type EventResult = { ok: true; receipt: EventReceipt } | { ok: false; error: ParseError };

/**
 * One verified Stripe event, applied before it is acknowledged: when this resolves, what the event says
 * is in Neo4j. A redelivery (same id) is answered from the record of the first; an older copy of a
 * payment arriving after a newer one moves nothing back (mutable fields only move forward, and the
 * event's `created` orders the copies' identifiers and details, Payment.version).
 */
export async function receiveStripeEvent(
  db: Database,
  defaultAccount: string,
  event: StripeEvent,
): Promise<EventResult> {
  const account = event.account ?? defaultAccount;
  let redacted: string[] = [];
  const receipt = (
    outcome: EventReceipt["outcome"],
    payment: string | null,
    reason: string | null = null,
  ) => ({
    ok: true as const,
    receipt: { id: event.id, type: event.type, account, outcome, payment, reason, redacted },
  });
  const action = eventAction(event);
  if (action.kind === "invalid") return { ok: false, error: action.error };
  if (action.kind === "skip") return receipt("skipped", null, action.reason);

  const repository = new StripeSyncRepository(db, account);
  if (await repository.eventOutcome(event.id)) {
    return receipt("duplicate", null, "this event was applied before; a redelivery changes nothing");
  }
  let outcome: EventReceipt["outcome"];
  let paymentId: string;
  if (action.kind === "payment") {
    const parsed = parsePayment(action.object, account);
    if (!parsed.ok)
      return { ok: false, error: { ...parsed.error, param: `data.object.${parsed.error.param}` } };
    redacted = parsed.redacted.map((field) => `data.object.${field}`);
    // The event's time orders this copy among the payment's copies (ms, as Payment.version counts).
    const payment = Object.assign(parsed.payment, { version: event.created * 1000 });
    const [stored] = await ingestPayments(db, account, [payment]);
    if (!stored) throw new Error("ingestPayments answered nothing for one payment");
    if (stored.result === "created") await applyPendingUpdates(db, account, [stored.id]);
    outcome = stored.result === "created" || stored.result === "updated" ? stored.result : "unchanged";
    paymentId = stored.id;
  } else {
    const update = {
      eventId: event.id,
      payment: action.payment,
      created: event.created,
      fields: action.fields,
    };
    outcome = (await updatePayments(db, account, [update])).get(event.id) ?? "unchanged";
    paymentId = action.payment;
  }
  await repository.recordEvent(event, outcome);
  return receipt(
    outcome,
    paymentId,
    outcome === "deferred" ? "its charge is not stored yet: applied when it arrives" : null,
  );
}
