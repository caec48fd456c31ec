import type { IdentifierKind, IdentifierSource, PaymentStatus } from "../domain/payment.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/** A payment as stored, with the identifiers it used: what the payment resource is made of. */
export interface PaymentViewRow {
  id: string;
  created: number;
  amount: number;
  currency: string;
  status: PaymentStatus;
  livemode: boolean;
  description: string | null;
  guest: string | null;
  customer: string | null;
  paymentIntent: string | null;
  billingName: string | null;
  billingCountry: string | null;
  cardFingerprint: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardExpMonth: number | null;
  cardExpYear: number | null;
  cardCountry: string | null;
  amountRefunded: number | null;
  refunded: boolean | null;
  disputeStatus: string | null;
  disputeReason: string | null;
  riskLevel: string | null;
  riskScore: number | null;
  networkStatus: string | null;
  sellerMessage: string | null;
  outcomeType: string | null;
  /** JSON text of the string-to-string metadata map. */
  metadata: string | null;
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
