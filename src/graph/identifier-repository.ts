import type { RecordShape } from "neo4j-driver";
import type { IdentifierPayment } from "../domain/identifier-activity.ts";
import type { IdentifierType } from "../domain/link-graph.ts";
import { identityKey } from "../domain/resolution-keys.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/** One email, phone or card of an account and the payments that used it (cypher/views/identifier*.cypher). */

export interface IdentifierRow {
  paymentCount: number;
  guestPaymentCount: number;
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
      identity: identityKey(this.#account, { kind: type, value }),
    });
    return row ?? null;
  }

  /** The newest `take` guest payments that used it, newest first. */
  guestPayments(type: IdentifierType, value: string, take: number): Promise<IdentifierPayment[]> {
    return this.#read<IdentifierPayment>("views/identifier-guest-payments", {
      identity: identityKey(this.#account, { kind: type, value }),
      take,
    });
  }

  /** Up to `take` registered customers' payments that used it. */
  customerPayments(type: IdentifierType, value: string, take: number): Promise<IdentifierPayment[]> {
    return this.#read<IdentifierPayment>("views/identifier-customer-payments", { type, value, take });
  }

  #read<T extends RecordShape>(query: string, params: Record<string, unknown>): Promise<T[]> {
    return this.#db.read<T>(cypher(query), { ...params, account: this.#account });
  }
}
