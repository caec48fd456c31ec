import type { Payment } from "../domain/payment.ts";
import type { Database } from "../graph/database.ts";
import { type PendingUpdate, StripeSyncRepository } from "../graph/stripe-sync-repository.ts";
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

type Work = { kind: "payment"; payment: Payment } | { kind: "update"; update: PendingUpdate };

interface Queued {
  event: StripeEvent;
  work: Work;
  receipt: EventReceipt;
  done: (result: EventResult) => void;
  fail: (error: unknown) => void;
}

/**
 * Verified Stripe events, applied before they are acknowledged: when `receive` resolves, what the event
 * says is in Neo4j. Events of one account that arrive while that account's previous batch is being
 * written are written together in the next (group commit), so a burst costs a few transactions rather
 * than one each, and no delivery waits behind a long queue of single writes. A redelivery (same id) is
 * answered from the record of the first; an older copy of a payment arriving after a newer one moves
 * nothing back (mutable fields only move forward, and the event's `created` orders the copies'
 * identifiers and details, Payment.version).
 */
export class StripeEventReceiver {
  readonly #db: Database;
  readonly #defaultAccount: string;
  readonly #maxBatch: number;
  readonly #queues = new Map<string, Queued[]>();

  constructor(db: Database, defaultAccount: string, maxBatch = 500) {
    this.#db = db;
    this.#defaultAccount = defaultAccount;
    this.#maxBatch = maxBatch;
  }

  receive(event: StripeEvent): Promise<EventResult> {
    const account = event.account ?? this.#defaultAccount;
    const receipt: EventReceipt = {
      id: event.id,
      type: event.type,
      account,
      outcome: "skipped",
      payment: null,
      reason: null,
      redacted: [],
    };
    const action = eventAction(event);
    if (action.kind === "invalid") return Promise.resolve({ ok: false, error: action.error });
    if (action.kind === "skip")
      return Promise.resolve({ ok: true, receipt: { ...receipt, reason: action.reason } });
    let work: Work;
    if (action.kind === "payment") {
      const parsed = parsePayment(action.object, account);
      if (!parsed.ok) {
        return Promise.resolve({
          ok: false,
          error: { ...parsed.error, param: `data.object.${parsed.error.param}` },
        });
      }
      receipt.redacted = parsed.redacted.map((field) => `data.object.${field}`);
      receipt.payment = parsed.payment.id;
      // The event's time orders this copy among the payment's copies (ms, as Payment.version counts).
      work = { kind: "payment", payment: Object.assign(parsed.payment, { version: event.created * 1000 }) };
    } else {
      receipt.payment = action.payment;
      work = {
        kind: "update",
        update: { eventId: event.id, payment: action.payment, created: event.created, fields: action.fields },
      };
    }
    return new Promise((done, fail) => {
      const queue = this.#queues.get(account);
      const queued = { event, work, receipt, done, fail };
      if (queue) {
        queue.push(queued);
        return;
      }
      this.#queues.set(account, [queued]);
      void this.#drain(account);
    });
  }

  /** Writes the account's queued events, batch after batch, until none is left. */
  async #drain(account: string): Promise<void> {
    const queue = this.#queues.get(account) as Queued[];
    while (queue.length > 0) {
      const batch = queue.splice(0, this.#maxBatch);
      try {
        await applyEvents(this.#db, account, batch);
        for (const queued of batch) queued.done({ ok: true, receipt: queued.receipt });
      } catch (error) {
        for (const queued of batch) queued.fail(error);
      }
    }
    this.#queues.delete(account);
  }
}

/** One batch of one account's events: duplicates answered, payments stored, updates applied, events recorded. */
async function applyEvents(db: Database, account: string, batch: Queued[]): Promise<void> {
  const repository = new StripeSyncRepository(db, account);
  const applied = await repository.appliedEvents(batch.map((queued) => queued.event.id));
  const seen = new Set<string>();
  const fresh: Queued[] = [];
  for (const queued of batch) {
    if (applied.has(queued.event.id) || seen.has(queued.event.id)) {
      queued.receipt.outcome = "duplicate";
      queued.receipt.payment = null;
      queued.receipt.reason = "this event was applied before; a redelivery changes nothing";
    } else fresh.push(queued);
    seen.add(queued.event.id);
  }
  const payments = fresh.filter((queued) => queued.work.kind === "payment");
  if (payments.length > 0) {
    const stored = await ingestPayments(
      db,
      account,
      payments.map((queued) => (queued.work as { payment: Payment }).payment),
    );
    const results = new Map(stored.map((result) => [result.id, result.result]));
    const answered = new Set<string>();
    for (const queued of payments) {
      const id = queued.receipt.payment as string;
      const result = results.get(id) ?? "unchanged";
      // Several copies of one payment in a batch: the first created it, the later ones updated it.
      queued.receipt.outcome =
        result === "created" && answered.has(id)
          ? "updated"
          : result === "created" || result === "updated"
            ? result
            : "unchanged";
      answered.add(id);
    }
    await applyPendingUpdates(
      db,
      account,
      stored.filter((result) => result.result === "created").map((result) => result.id),
    );
  }
  const updates = fresh.filter((queued) => queued.work.kind === "update");
  if (updates.length > 0) {
    const outcomes = await updatePayments(
      db,
      account,
      updates.map((queued) => (queued.work as { update: PendingUpdate }).update),
    );
    for (const queued of updates) {
      queued.receipt.outcome = outcomes.get(queued.event.id) ?? "unchanged";
      if (queued.receipt.outcome === "deferred")
        queued.receipt.reason = "its charge is not stored yet: applied when it arrives";
    }
  }
  if (fresh.length > 0) {
    await repository.recordEvents(
      fresh.map((queued) => ({
        id: queued.event.id,
        type: queued.event.type,
        created: queued.event.created,
        outcome: queued.receipt.outcome,
      })),
    );
  }
}
