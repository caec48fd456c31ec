import type { IdentifierKind } from "../domain/payment.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/**
 * The reads of GET /v1/rings and GET /v1/rings/:id: pages of ring ids off the Ring (account, score, id)
 * index, the summary ingest keeps on each ring, and a ring's guests and identifiers.
 */

export interface RingFilters {
  minGuests: number;
  /** Unix seconds: only rings with a payment at or after it. */
  since: number;
  hasDispute: boolean | null;
}

export interface RingPageCursor {
  id: string;
  score: number;
  direction: "after" | "before";
}

export interface StoredRing {
  id: string;
  founder: string;
  guestCount: number;
  disputedGuestCount: number;
  paymentCount: number;
  refundedPaymentCount: number;
  disputeCount: number;
  failedPaymentCount: number;
  firstPaymentAt: number | null;
  lastPaymentAt: number | null;
  /** JSON: [{currency, spent, refunded, disputed, failed}]. */
  totals: string;
  hubIdentifierCount: number;
  score: number;
}

export interface RingGuestRow {
  id: string;
  paymentCount: number | null;
  disputeCount: number | null;
  firstPaymentAt: number | null;
  lastPaymentAt: number | null;
  disputeDistance: number | null;
}

export interface RingIdentifierRow {
  type: IdentifierKind;
  value: string;
  hub: boolean;
  accountGuestCount: number;
  ringGuestCount: number;
  guests: string[];
}

/** Scores run from 0 to 100 (src/domain/risk.ts). */
const lowestScore = 0;
const highestScore = 100;

export class RingViewRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async find(ids: string[]): Promise<StoredRing[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db.read<StoredRing>(cypher("views/rings-by-id"), {
      account: this.#account,
      ids,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Up to `take` ring ids walking away from the cursor (list order, or nearest first for "before"). */
  async pageIds(filters: RingFilters, cursor: RingPageCursor | null, take: number): Promise<string[]> {
    const before = cursor?.direction === "before";
    const rows = await this.#db.read<{ id: string }>(
      cypher(before ? "views/rings-lowest-score-first" : "views/rings-highest-score-first"),
      {
        account: this.#account,
        lower: cursor && before ? cursor.score : lowestScore,
        upper: cursor && !before ? cursor.score : highestScore,
        cursorScore: cursor?.score ?? null,
        cursorId: cursor?.id ?? null,
        minGuests: filters.minGuests,
        since: filters.since,
        hasDispute: filters.hasDispute,
        take,
      },
    );
    return rows.map((row) => row.id);
  }

  async guests(ringId: string, limit: number): Promise<RingGuestRow[]> {
    return this.#db.read<RingGuestRow>(cypher("views/ring-guests"), {
      account: this.#account,
      id: ringId,
      limit,
    });
  }

  async identifiers(ringId: string): Promise<RingIdentifierRow[]> {
    return this.#db.read<RingIdentifierRow>(cypher("views/ring-identifiers"), {
      account: this.#account,
      id: ringId,
    });
  }
}
