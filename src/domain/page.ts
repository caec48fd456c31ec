/**
 * What a read of one page of a list asks and answers, whatever serves it. These types live here, below
 * the graph and views layers that page through lists, so that those layers need nothing from http/
 * (http/pagination.ts turns them into Stripe's list objects and cursors).
 */

/** Where to read from: the cursor object's position and the direction to walk from it. */
export interface PageCursor {
  id: string;
  direction: "after" | "before";
}

/** What a repository is asked for: `take` rows (the page size plus one, to know has_more without a count). */
export interface PageRequest {
  take: number;
  cursor: PageCursor | null;
}

/**
 * A repository's page: up to `take` rows walking away from the cursor — in list order for "after" and
 * for no cursor, in reverse list order (nearest the cursor first) for "before" — or null when the
 * cursor id is not an object of this list in the caller's account.
 */
export type FetchPage<T> = (page: PageRequest) => Promise<T[] | null>;

/** A page of an ordered list held in memory, by the same rules (cursor ids are the items' ids). */
export function pageOf<T extends { id: string }>(items: T[]): FetchPage<T> {
  return async ({ take, cursor }) => {
    if (!cursor) return items.slice(0, take);
    const at = items.findIndex((item) => item.id === cursor.id);
    if (at === -1) return null;
    return cursor.direction === "after"
      ? items.slice(at + 1, at + 1 + take)
      : items.slice(Math.max(0, at - take), at).reverse();
  };
}
