import type { IdentifierKind } from "../domain/payment.ts";
import { cypher } from "./cypher.ts";
import type { Database, Transaction } from "./database.ts";
import type { IdentifierKey, RingRow } from "./ring-upkeep-repository.ts";

/**
 * The account-wide reads and the absolute writes of `guestgraph rings --rebuild` (src/ingest/rebuild-rings.ts):
 * one query from cypher/rings each.
 */

export interface PaymentUses {
  id: string;
  at: string;
  created: number;
  guest: string | null;
  status: string;
  amount: number;
  currency: string;
  amountRefunded: number;
  disputed: boolean;
  /** Folded billing name (lower-case, accents removed), or null. */
  name: string | null;
  identifiers: IdentifierKey[];
}

export interface GuestUseCount extends IdentifierKey {
  guest: string;
  payments: number;
}

export interface IdentifierCounts {
  kind: IdentifierKind;
  value: string;
  guestCount: number;
  hub: boolean;
  emailsSeen: string[];
  namesSeen: string[];
  cardsSeen: string[];
}

export interface StoredGuestRingState {
  id: string;
  ring: string | null;
  disputeDistance: number | null;
  identifiersSharedWithDisputed: number | null;
  hubIdentifiers: number | null;
  /** JSON of the Radar attributes, or null when never computed. */
  radar: string | null;
  riskScore: number | null;
  riskFlagBits: number | null;
  uses: (IdentifierKey & { payments: number })[];
}

export interface StoredIdentifierRingState extends IdentifierKey {
  guestCount: number;
  hub: boolean;
  emails: number;
  names: number;
  cards: number;
}

export class RingRebuildReads {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  /** A page of the account's payments in (created, id) order, after the order key `after`. */
  paymentsAfter(after: string, limit: number): Promise<PaymentUses[]> {
    return this.#db.read<PaymentUses>(cypher("rings/list-payment-uses"), {
      account: this.#account,
      after,
      limit,
    });
  }

  /** What ingest keeps on these guests for rings and risk (their ring, facts, Radar attributes, USED links). */
  guestRingState(guestIds: string[]): Promise<StoredGuestRingState[]> {
    if (guestIds.length === 0) return Promise.resolve([]);
    return this.#db.read<StoredGuestRingState>(cypher("rings/guest-ring-state"), {
      account: this.#account,
      guestIds,
    });
  }

  /** What ingest keeps on these identifiers: guest count, hub flag, sizes of Radar's lists. */
  identifierRingState(identifiers: IdentifierKey[]): Promise<StoredIdentifierRingState[]> {
    if (identifiers.length === 0) return Promise.resolve([]);
    return this.#db.read<StoredIdentifierRingState>(cypher("rings/identifier-ring-state"), {
      account: this.#account,
      identifiers: identifiers.map(({ kind, value }) => ({ kind, value })),
    });
  }

  /** A page of the account's rings by id, after the id `after`. */
  ringsAfter(after: string, limit: number): Promise<RingRow[]> {
    return this.#db.read<RingRow>(cypher("rings/rings-page"), { account: this.#account, after, limit });
  }

  /** A page of the account's guest ids (retired ones too), after the id `after`. */
  async guestsAfter(after: string, limit: number): Promise<string[]> {
    const rows = await this.#db.read<{ id: string }>(cypher("rings/account-guests-page"), {
      account: this.#account,
      after,
      limit,
    });
    return rows.map((row) => row.id);
  }
}

/** Absolute writes, inside a transaction that holds the account's lock. */
export class RingRebuildWrites {
  readonly #tx: Transaction;
  readonly #account: string;

  constructor(tx: Transaction, account: string) {
    this.#tx = tx;
    this.#account = account;
  }

  async resetGuestUses(guestIds: string[], uses: GuestUseCount[]): Promise<void> {
    await this.#tx.run(cypher("rings/reset-guest-uses"), { account: this.#account, guestIds, uses });
  }

  async writeIdentifierCounts(identifiers: IdentifierCounts[]): Promise<void> {
    if (identifiers.length === 0) return;
    await this.#tx.run(cypher("rings/write-identifier-counts"), { account: this.#account, identifiers });
  }

  /** Deletes up to `limit` of the account's rings; answers how many. */
  async deleteRings(limit: number): Promise<number> {
    const [row] = await this.#tx.run<{ deleted: number }>(cypher("rings/delete-account-rings"), {
      account: this.#account,
      limit,
    });
    return row?.deleted ?? 0;
  }
}
