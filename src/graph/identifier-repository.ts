import type { RecordShape } from "neo4j-driver";
import type { IdentifierType } from "../domain/link-graph.ts";
import type { PageRequest } from "../domain/page.ts";
import { identityKey } from "../domain/resolution-keys.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/** One email, phone or card of an account and the payments that used it (cypher/views/identifier*.cypher). */

export interface IdentifierRow {
  paymentCount: number;
  /** Order keys ("created|id") of the first and last guest payment that used it. */
  firstGuestUse: string | null;
  lastGuestUse: string | null;
  verified: boolean | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  country: string | null;
}

/** The aggregates of identifier-activity.cypher. Velocities: last hour, day, week, 30 days. */
export interface IdentifierActivityRow {
  read: number;
  firstUsed: number | null;
  lastUsed: number | null;
  failedPayments: number;
  disputedPayments: number;
  refundedPayments: number;
  guests: number;
  customers: number;
  emails: number;
  phones: number;
  cards: number;
  amounts: { currency: string; amount: number; refunded: number }[];
  activity: {
    day: number;
    payments: number;
    failed: number;
    disputed: number;
    amounts: { currency: string; amount: number }[];
  }[];
  paymentVelocity: number[];
  failedVelocity: number[];
}

export interface IdentifierUserRow {
  id: string;
  paymentCount: number;
  failedPaymentCount: number;
  disputedPaymentCount: number;
  firstUsed: number;
  lastUsed: number;
}

export interface IdentifierBounds {
  /** Guest payments read, newest first. */
  take: number;
  /** Relationships of the identifier looked through for registered customers' payments. */
  customerTake: number;
}

export class IdentifierRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  /** Null when the account never saw this identifier (value in its stored form). */
  async find(type: IdentifierType, value: string): Promise<IdentifierRow | null> {
    const [row] = await this.#read<IdentifierRow>("views/identifier", {
      type,
      value,
      identity: this.#identity(type, value),
    });
    return row ?? null;
  }

  async activity(
    type: IdentifierType,
    value: string,
    bounds: IdentifierBounds,
    now: number,
  ): Promise<IdentifierActivityRow> {
    const [row] = await this.#read<IdentifierActivityRow>("views/identifier-activity", {
      type,
      value,
      identity: this.#identity(type, value),
      ...bounds,
      now,
    });
    if (!row) throw new Error("identifier-activity.cypher answers one row");
    return row;
  }

  /**
   * One page of the guests or customers that used it (see FetchPage): `take` of them walking away from
   * the cursor; null when the cursor is not one of them. `total` counts them all.
   */
  async users(
    kind: "guest" | "customer",
    type: IdentifierType,
    value: string,
    read: number,
    page: PageRequest,
  ): Promise<{ total: number; page: IdentifierUserRow[] } | null> {
    const [row] = await this.#read<{ total: number; page: IdentifierUserRow[] }>("views/identifier-users", {
      kind,
      type,
      value,
      identity: this.#identity(type, value),
      take: read,
      cursorId: page.cursor?.id ?? null,
      endingBefore: page.cursor?.direction === "before",
      pageSize: page.take,
    });
    return row ?? null;
  }

  #identity(type: IdentifierType, value: string): string {
    return identityKey(this.#account, { kind: type, value });
  }

  #read<T extends RecordShape>(query: string, params: Record<string, unknown>): Promise<T[]> {
    return this.#db.read<T>(cypher(query), { ...params, account: this.#account });
  }
}
