import type { IdentifierKind, IdentifierSource } from "../domain/payment.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";
import type { PaymentNode } from "./payment-properties.ts";

/** A payment as stored, with the identifiers it used: what the payment resource is made of. */
export interface PaymentViewRow extends PaymentNode {
  identifiers: {
    type: IdentifierKind;
    value: string;
    /** Phones only. */
    verified: boolean | null;
    sources: IdentifierSource[];
  }[];
}

/** Read-only access to one merchant account's payments as the API shows them. */
export class PaymentViewRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async find(id: string): Promise<PaymentViewRow | null> {
    const [row] = await this.findMany([id]);
    return row ?? null;
  }

  /** The payments of these ids in the order asked; ids the account does not hold are left out. */
  async findMany(ids: readonly string[]): Promise<PaymentViewRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db.read<PaymentViewRow>(cypher("views/payments-by-id"), {
      account: this.#account,
      ids,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
