import type { ExplanationFacts } from "../domain/explanation.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/** Read-only questions about how the guest rule placed an account's payments. */
export class ResolutionAuditRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async explanationFacts(paymentId: string): Promise<ExplanationFacts | null> {
    const rows = await this.#db.read<ExplanationFacts>(cypher("resolution/explain-payment"), {
      account: this.#account,
      id: paymentId,
    });
    return rows[0] ?? null;
  }

  /** The account's payments in (created, id) order, a page at a time. */
  async *paymentsInOrder(pageSize = 5_000): AsyncGenerator<OrderedPaymentRow> {
    let after = "";
    while (true) {
      const page = await this.#db.read<OrderedPaymentRow>(cypher("resolution/list-payments-in-order"), {
        account: this.#account,
        after,
        limit: pageSize,
      });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = last.at;
    }
  }

  /** The local check of cypher/resolution/verify-account.cypher: rows are payments that break the rule. */
  /** Guests whose stored summary (count, first/last payment, disputes, refunds, retired) differs from a recount. */
  async summaryDifferences(): Promise<SummaryDifference[]> {
    return this.#db.read<SummaryDifference>(cypher("resolution/verify-guest-summaries"), {
      account: this.#account,
    });
  }

  async localViolations(): Promise<LocalViolation[]> {
    return this.#db.read<LocalViolation>(cypher("resolution/verify-account"), { account: this.#account });
  }
}

export interface SummaryDifference {
  guest: string;
  storedPaymentCount: number | null;
  heldPayments: number;
}

export interface OrderedPaymentRow {
  id: string;
  at: string;
  registered: boolean;
  guest: string | null;
  identities: string[];
}

export interface LocalViolation {
  payment: string;
  storedGuest: string | null;
  expectedGuest: string | null;
  storedMatch: string | null;
  expectedMatch: string | null;
}
