import type { Database } from "../graph/database.ts";
import { GuestViewRepository } from "../graph/guest-view-repository.ts";

export interface CurrentGuest {
  /** The guest that answers for the id asked. */
  id: string;
  /** The id asked, when it named a guest retired by a late payment; null when it is the guest's own. */
  redirectedFrom: string | null;
}

/**
 * The guest an id stands for today. A guest retired by a late payment (its founding payment now
 * belongs to an older guest) leads to the guest holding that payment, so that links investigators
 * saved never break. Null when the account has no guest of that id.
 */
export async function findCurrentGuest(
  db: Database,
  account: string,
  id: string,
): Promise<CurrentGuest | null> {
  const current = await new GuestViewRepository(db, account).resolve(id);
  if (current === null) return null;
  return { id: current, redirectedFrom: current === id ? null : id };
}
