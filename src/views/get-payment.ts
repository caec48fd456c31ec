import type { Database } from "../graph/database.ts";
import { PaymentViewRepository } from "../graph/payment-view-repository.ts";
import { explainPayment } from "./explain-payment.ts";
import { type PaymentResource, paymentResource } from "./payment-resource.ts";

/**
 * One payment of the account, with why it belongs to its guest when the caller may see that
 * (explanations are for investigators); null when the account has no such payment.
 */
export async function getPayment(
  db: Database,
  account: string,
  id: string,
  options: { withExplanation: boolean },
): Promise<PaymentResource | null> {
  const row = await new PaymentViewRepository(db, account).find(id);
  if (!row) return null;
  const explanation = options.withExplanation ? await explainPayment(db, account, id) : null;
  return paymentResource(row, explanation);
}
