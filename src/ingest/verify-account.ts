import { guestIdFor } from "../domain/resolution-keys.ts";
import { ChronologicalResolver } from "../domain/resolution-rule.ts";
import type { Database } from "../graph/database.ts";
import { ResolutionAuditRepository } from "../graph/resolution-audit-repository.ts";

export interface VerifyReport {
  account: string;
  guestPayments: number;
  registeredPayments: number;
  /** Every payment whose stored guest differs from a from-scratch chronological pass. Expected: none. */
  differences: { payment: string; storedGuest: string | null; expectedGuest: string }[];
  /** The rule checked payment by payment inside Neo4j (cypher/resolution/verify-account.cypher). */
  localViolations: number;
}

/**
 * Recomputes an account from scratch, in (created, id) order, with the in-memory rule, and lists
 * every payment whose stored guest differs; then runs the same check as Cypher inside Neo4j.
 */
export async function verifyAccount(db: Database, account: string): Promise<VerifyReport> {
  const audit = new ResolutionAuditRepository(db, account);
  const resolver = new ChronologicalResolver();
  const report: VerifyReport = {
    account,
    guestPayments: 0,
    registeredPayments: 0,
    differences: [],
    localViolations: 0,
  };
  for await (const payment of audit.paymentsInOrder()) {
    if (payment.registered) {
      report.registeredPayments++;
      continue;
    }
    report.guestPayments++;
    const expectedGuest = guestIdFor(account, resolver.next(payment).founderId);
    if (payment.guest !== expectedGuest) {
      report.differences.push({ payment: payment.id, storedGuest: payment.guest, expectedGuest });
    }
  }
  report.localViolations = (await audit.localViolations()).length;
  return report;
}
