import type { Dispute, PaymentStatus } from "../domain/payment.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/** What an update that carries no whole payment can say about one (a dispute, a refund, an intent's status). */
export interface PaymentFieldUpdate {
  status?: PaymentStatus;
  amountRefunded?: number;
  dispute?: Dispute;
}

export interface PendingUpdate {
  eventId: string;
  payment: string;
  /** Unix seconds of the event. */
  created: number;
  fields: PaymentFieldUpdate;
}

export interface BackfillCheckpoint {
  lastChargeId: string | null;
  stored: number;
  finished: boolean;
}

/**
 * The records that keep Stripe deliveries exactly-once in effect: applied events, updates waiting for
 * their payment, and backfill checkpoints. Every method is one query from cypher/stripe.
 */
export class StripeSyncRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  /** Event id → its recorded outcome, for those of `eventIds` applied before. */
  async appliedEvents(eventIds: string[]): Promise<Map<string, string>> {
    const rows = await this.#db.read<{ id: string; outcome: string }>(cypher("stripe/find-stripe-events"), {
      account: this.#account,
      eventIds,
    });
    return new Map(rows.map((row) => [row.id, row.outcome]));
  }

  async recordEvents(
    events: { id: string; type: string; created: number; outcome: string }[],
  ): Promise<void> {
    await this.#db.write(cypher("stripe/record-stripe-events"), {
      account: this.#account,
      stripeEvents: events,
    });
  }

  async existingPayments(ids: string[]): Promise<Set<string>> {
    const rows = await this.#db.read<{ id: string }>(cypher("stripe/existing-payment-ids"), {
      account: this.#account,
      ids,
    });
    return new Set(rows.map((row) => row.id));
  }

  async savePending(updates: PendingUpdate[]): Promise<void> {
    await this.#db.write(cypher("stripe/save-pending-updates"), {
      account: this.#account,
      pendingUpdates: updates.map((update) => ({ ...update, fields: JSON.stringify(update.fields) })),
    });
  }

  async pendingFor(ids: string[]): Promise<PendingUpdate[]> {
    const rows = await this.#db.read<{ eventId: string; payment: string; created: number; fields: string }>(
      cypher("stripe/pending-updates-of-payments"),
      { account: this.#account, ids },
    );
    return rows.map((row) => ({ ...row, fields: JSON.parse(row.fields) as PaymentFieldUpdate }));
  }

  async deletePending(eventIds: string[]): Promise<void> {
    await this.#db.write(cypher("stripe/delete-pending-updates"), { account: this.#account, eventIds });
  }

  async readCheckpoint(key: string): Promise<BackfillCheckpoint | null> {
    const [row] = await this.#db.read<BackfillCheckpoint>(cypher("stripe/read-backfill-checkpoint"), {
      account: this.#account,
      checkpointKey: key,
    });
    return row ?? null;
  }

  async saveCheckpoint(key: string, checkpoint: BackfillCheckpoint): Promise<void> {
    await this.#db.write(cypher("stripe/save-backfill-checkpoint"), {
      account: this.#account,
      checkpointKey: key,
      lastChargeId: checkpoint.lastChargeId,
      stored: checkpoint.stored,
      finished: checkpoint.finished,
    });
  }
}
