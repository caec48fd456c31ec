import { type Explanation, explain } from "../domain/explanation.ts";
import type { Database } from "../graph/database.ts";
import { ResolutionAuditRepository } from "../graph/resolution-audit-repository.ts";

/** Why a payment belongs to its guest; null when the account has no such payment. */
export async function explainPayment(
  db: Database,
  account: string,
  paymentId: string,
): Promise<Explanation | null> {
  const facts = await new ResolutionAuditRepository(db, account).explanationFacts(paymentId);
  return facts ? explain(facts) : null;
}
