import type { PageRequest } from "../domain/page.ts";
import type { Database } from "../graph/database.ts";
import { GuestViewRepository } from "../graph/guest-view-repository.ts";
import { PaymentViewRepository } from "../graph/payment-view-repository.ts";
import { type PaymentResource, paymentResource } from "./payment-resource.ts";

/**
 * One page of a guest's payments, newest first (a FetchPage for listObject): null when the cursor is
 * not a payment of this guest. Explanations are left out of lists; retrieve the payment for one.
 */
export async function listGuestPayments(
  db: Database,
  account: string,
  guest: string,
  page: PageRequest,
): Promise<PaymentResource[] | null> {
  const ids = await new GuestViewRepository(db, account).paymentIds(guest, page);
  if (ids === null) return null;
  const rows = await new PaymentViewRepository(db, account).findMany(ids);
  return rows.map((row) => paymentResource(row));
}
