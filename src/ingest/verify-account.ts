import { guestIdFor } from "../domain/resolution-keys.ts";
import { ChronologicalResolver } from "../domain/resolution-rule.ts";
import type { Database } from "../graph/database.ts";
import { ResolutionAuditRepository } from "../graph/resolution-audit-repository.ts";
import { type RingSettings, ringSettings } from "./maintain-rings.ts";
import { type RingDifference, ringDifferences } from "./verify-rings.ts";

export interface VerifyReport {
  account: string;
  guestPayments: number;
  registeredPayments: number;
  /** Every payment whose stored guest differs from a from-scratch chronological pass. Expected: none. */
  differences: { payment: string; storedGuest: string | null; expectedGuest: string }[];
  /** The rule checked payment by payment inside Neo4j (cypher/resolution/verify-account.cypher). */
  localViolations: number;
  /** Guests whose stored summary differs from a recount of the payments they hold now. Expected: none. */
  summaryDifferences: { guest: string; storedPaymentCount: number | null; heldPayments: number }[];
  /**
   * What ingest keeps for rings and risk (guests' rings, facts, Radar attributes and links; identifiers'
   * guest counts, hubs and Radar lists; ring nodes) that differs from a rebuild over the payments as
   * stored now (src/ingest/verify-rings.ts). Expected: none.
   */
  ringDifferences: RingDifference[];
}

/**
 * Recomputes an account from scratch over its payments as stored now (current identifiers and
 * customers; deleted payments and erased identifiers are gone), in (created, id) order, with the
 * in-memory rule, and lists every payment whose stored guest differs; then runs the same check as
 * Cypher inside Neo4j, recounts every guest's summary, and recomputes the account's rings (with the
 * process's hub threshold unless given).
 */
export async function verifyAccount(
  db: Database,
  account: string,
  rings: RingSettings = ringSettings(),
): Promise<VerifyReport> {
  const audit = new ResolutionAuditRepository(db, account);
  const resolver = new ChronologicalResolver();
  const report: VerifyReport = {
    account,
    guestPayments: 0,
    registeredPayments: 0,
    differences: [],
    localViolations: 0,
    summaryDifferences: [],
    ringDifferences: [],
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
  report.summaryDifferences = await audit.summaryDifferences();
  report.ringDifferences = await ringDifferences(db, account, rings);
  return report;
}
