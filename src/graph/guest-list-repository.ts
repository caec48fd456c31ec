import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/**
 * The Customers tab's reads: pages of guest ids in activity order, and the rows shown for them. Each
 * page is one index-backed query from cypher/views, chosen by the filters: identifiers start from the
 * identifier nodes, a dispute or refund flag walks its own (account, flag, lastPaymentAt) index, a
 * risk filter the (account, riskFlagBits | riskScore, lastPaymentAt) ones, and the rest walks Guest
 * (account, lastPaymentAt).
 */

/**
 * Guest payments read per identifier filter, newest first: a test card used 100,000 times lists the
 * guests of its newest 5,000 uses (an identifier used fewer times, exactly its guests).
 */
export const identifierFilterWindow = 5_000;

/** Filters in stored form: identifier lists hold every spelling to look up; null means not filtered. */
export interface GuestListFilters {
  emails: string[] | null;
  phones: string[] | null;
  cardFingerprint: string | null;
  cardLast4: string | null;
  hasDispute: boolean | null;
  hasRefund: boolean | null;
  lastPaymentGte: number | null;
  lastPaymentLte: number | null;
  /** Inclusive bounds on the guest's stored risk score (0–100). */
  riskScoreGte: number | null;
  riskScoreLte: number | null;
  /** The riskFlagBits values a guest may have (src/domain/risk.ts riskFlagBitsWith). */
  flagBits: number[] | null;
}

/** A guest's place in the list order (lastPaymentAt, then id). */
export interface GuestPosition {
  id: string;
  lastPaymentAt: number;
}

/** Walk away from the cursor: "after" is older (the list's order), "before" newer, nearest first. */
export interface GuestPageCursor extends GuestPosition {
  direction: "after" | "before";
}

export interface GuestListRow {
  id: string;
  paymentCount: number | null;
  firstPaymentAt: number | null;
  lastPaymentAt: number | null;
  disputeCount: number | null;
  /** JSON: {"usd": {"spent": 12000, "refunded": 500}, …}; null until the guest's summary is written. */
  totals: string | null;
  email: string | null;
  phone: string | null;
  card: { brand: string | null; last4: string | null; fingerprint: string } | null;
  risk: {
    ring: string | null;
    ringSize: number;
    disputeDistance: number | null;
    identifiersSharedWithDisputed: number;
    hubIdentifiers: number;
    /** JSON of RadarSignals; null until ingest computed them. */
    radar: string | null;
  };
}

export class GuestListRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  /** Null when the id is not a listed (non-retired) guest of the account. */
  async position(guestId: string): Promise<GuestPosition | null> {
    const [row] = await this.#db.read<GuestPosition>(cypher("views/guest-list-cursor"), {
      account: this.#account,
      id: guestId,
    });
    return row ?? null;
  }

  /** Up to `take` guest ids walking away from the cursor (list order, or nearest first for "before"). */
  async pageIds(filters: GuestListFilters, cursor: GuestPageCursor | null, take: number): Promise<string[]> {
    const before = cursor?.direction === "before";
    // The cursor's own lastPaymentAt bounds the walk, so the index seek starts at the cursor.
    const lower = Math.max(
      filters.lastPaymentGte ?? Number.MIN_SAFE_INTEGER,
      cursor && before ? cursor.lastPaymentAt : Number.MIN_SAFE_INTEGER,
    );
    const upper = Math.min(
      filters.lastPaymentLte ?? Number.MAX_SAFE_INTEGER,
      cursor && !before ? cursor.lastPaymentAt : Number.MAX_SAFE_INTEGER,
    );
    const rows = await this.#db.read<{ id: string }>(cypher(pageQuery(filters, before)), {
      account: this.#account,
      emails: filters.emails,
      phones: filters.phones,
      cardFingerprint: filters.cardFingerprint,
      cardLast4: filters.cardLast4,
      hasDispute: filters.hasDispute,
      hasRefund: filters.hasRefund,
      scoreGte: filters.riskScoreGte,
      scoreLte: filters.riskScoreLte,
      scores: scoresAsked(filters),
      flagBits: filters.flagBits,
      lower,
      upper,
      cursorAt: cursor?.lastPaymentAt ?? null,
      cursorId: cursor?.id ?? null,
      endingBefore: before,
      take,
      usesPerIdentifier: identifierFilterWindow,
    });
    return rows.map((row) => row.id);
  }

  /** The rows of these guests, in the order of `ids` (ids of no guest of the account are left out). */
  async rows(ids: string[]): Promise<GuestListRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db.read<GuestListRow>(cypher("views/guest-list-items"), {
      account: this.#account,
      ids,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}

/** Every score value the risk_score bounds let through: one index seek each. */
function scoresAsked(filters: GuestListFilters): number[] {
  const scores: number[] = [];
  for (let score = filters.riskScoreGte ?? 0; score <= (filters.riskScoreLte ?? 100); score++)
    scores.push(score);
  return scores;
}

/**
 * The query that walks the most selective index the filters allow; the others are tested on the guests
 * it reads. Disputed guests are rare, so has_dispute=true walks its own index even with risk filters.
 */
function pageQuery(filters: GuestListFilters, before: boolean): string {
  const byIdentifiers = [filters.emails, filters.phones, filters.cardFingerprint, filters.cardLast4].some(
    (filter) => filter !== null,
  );
  if (byIdentifiers) return "views/guests-by-identifiers";
  const order = before ? "oldest-first" : "newest-first";
  if (filters.hasDispute === true) return `views/guests-by-dispute-${order}`;
  if (filters.flagBits !== null) return `views/guests-by-risk-flags-${order}`;
  if (filters.riskScoreGte !== null || filters.riskScoreLte !== null)
    return `views/guests-by-risk-score-${order}`;
  if (filters.hasDispute !== null) return `views/guests-by-dispute-${order}`;
  if (filters.hasRefund !== null) return `views/guests-by-refund-${order}`;
  return `views/guests-${order}`;
}
