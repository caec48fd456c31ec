import { phoneRegions } from "../domain/identifier-lookup.ts";
import type { Database } from "../graph/database.ts";
import { GuestListRepository } from "../graph/guest-list-repository.ts";
import { PaymentViewRepository } from "../graph/payment-view-repository.ts";
import { type MatchedOn, type SearchHit, SearchRepository } from "../graph/search-repository.ts";
import { type GuestListItem, toGuestListItem } from "./guest-list-item.ts";
import { type PaymentResource, paymentResource } from "./payment-resource.ts";
import { searchLookups, typedAsNationalPhone } from "./search-terms.ts";

/** Best first: exact ids, then exact identifiers, a card's last4, an email's start, then names. */
const rankOf: Record<MatchedOn, number> = {
  payment_id: 0,
  guest_id: 0,
  email: 1,
  phone: 1,
  card_fingerprint: 1,
  card_last4: 2,
  email_prefix: 3,
  billing_name: 4,
};

export interface GuestSearchResult extends GuestListItem {
  matched_on: MatchedOn;
}

/** The payment resource, as GET /v1/payments/:id shows it (without its explanation), and what matched. */
export interface PaymentSearchResult extends PaymentResource {
  matched_on: MatchedOn;
}

export interface SearchResults {
  guests: { data: GuestSearchResult[]; hasMore: boolean };
  payments: { data: PaymentSearchResult[]; hasMore: boolean };
}

/**
 * The search box: guests and payments found by id, email (or its start), phone, card fingerprint or
 * last4, and billing name, each group best match first and at most `limit` long. A phone number typed
 * without its country code is read in the countries of the account's own payments (billing and card),
 * or in every region when they name none.
 */
export async function search(
  db: Database,
  account: string,
  query: string,
  limit: number,
): Promise<SearchResults> {
  const repository = new SearchRepository(db, account);
  const regions = typedAsNationalPhone(query) ? await regionsOf(repository) : [];
  const hits = await repository.find(searchLookups(query, regions), limit + 1);
  const guestHits = bestFirst(hits, "guest");
  const paymentHits = bestFirst(hits, "payment");
  const [guestRows, paymentRows] = await Promise.all([
    new GuestListRepository(db, account).rows(guestHits.slice(0, limit).map((hit) => hit.id)),
    new PaymentViewRepository(db, account).findMany(paymentHits.slice(0, limit).map((hit) => hit.id)),
  ]);
  return {
    guests: {
      data: withMatches(guestHits.slice(0, limit), guestRows, (row) => toGuestListItem(row)),
      hasMore: guestHits.length > limit,
    },
    payments: {
      data: withMatches(paymentHits.slice(0, limit), paymentRows, (row) => paymentResource(row)),
      hasMore: paymentHits.length > limit,
    },
  };
}

/**
 * The regions a national phone number is read in: the countries of the account's own payments (billing
 * and card). An account whose payments name no country at all gets every region (a bounded few hundred
 * parses), so that its phones are still found as people type them.
 */
async function regionsOf(repository: SearchRepository): Promise<readonly string[]> {
  const used = await repository.countriesUsed(phoneRegions);
  return used.length > 0 ? used : phoneRegions;
}

/** The objects of the hits, in the hits' order, each with what it matched on. */
function withMatches<Row extends { id: string }, Item>(
  hits: SearchHit[],
  rows: Row[],
  toItem: (row: Row) => Item,
): (Item & { matched_on: MatchedOn })[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row ? [{ ...toItem(row), matched_on: hit.matchedOn }] : [];
  });
}

/**
 * One hit per object, its best match kept, sorted best first: rank, closeness, then most recent.
 * Each lookup answered its own best `limit + 1`, so the first `limit + 1` here are the true best.
 */
function bestFirst(hits: SearchHit[], object: SearchHit["object"]): SearchHit[] {
  const best = new Map<string, SearchHit>();
  for (const hit of hits) {
    if (hit.object !== object) continue;
    const known = best.get(hit.id);
    if (!known || compare(hit, known) < 0) best.set(hit.id, hit);
  }
  return [...best.values()].sort(compare);
}

function compare(a: SearchHit, b: SearchHit): number {
  return (
    rankOf[a.matchedOn] - rankOf[b.matchedOn] ||
    a.closeness - b.closeness ||
    (b.recency ?? 0) - (a.recency ?? 0) ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}
