import { emailToLookUp, phoneSpellings } from "../domain/identifier-lookup.ts";
import type { FetchPage } from "../domain/page.ts";
import { type GuestFlag, riskFlagBitsWith } from "../domain/risk.ts";
import type { Database } from "../graph/database.ts";
import { type GuestListFilters, GuestListRepository } from "../graph/guest-list-repository.ts";
import { type GuestListItem, toGuestListItem } from "./guest-list-item.ts";

/** The Customers tab's filters as the caller typed them; absent means not filtered. */
export interface GuestListFilter {
  email?: string | undefined;
  phone?: string | undefined;
  cardLast4?: string | undefined;
  cardFingerprint?: string | undefined;
  hasDispute?: boolean | undefined;
  hasRefund?: boolean | undefined;
  /** Unix seconds, inclusive bounds on the guest's most recent payment. */
  lastPaymentGte?: number | undefined;
  lastPaymentLte?: number | undefined;
  /** Inclusive bounds on the guest's risk score, 0–100. */
  riskScoreGte?: number | undefined;
  riskScoreLte?: number | undefined;
  /** Flags the guest must all carry. */
  riskFlags?: GuestFlag[] | undefined;
  /** In a ring (true) or in none (false): the in_ring flag on or off. */
  inRing?: boolean | undefined;
}

/**
 * The Customers tab: the account's guests, most recent activity first (ties by id), retired guests
 * left out, page by page. A cursor is a guest id; one that names no listed guest of the account
 * answers null (the caller's 400).
 */
export function listGuests(db: Database, account: string, filter: GuestListFilter): FetchPage<GuestListItem> {
  const guests = new GuestListRepository(db, account);
  const filters = storedForms(filter);
  return async ({ take, cursor }) => {
    const position = cursor ? await guests.position(cursor.id) : null;
    if (cursor && !position) return null;
    const ids = await guests.pageIds(
      filters,
      cursor && position ? { ...position, direction: cursor.direction } : null,
      take,
    );
    return (await guests.rows(ids)).map(toGuestListItem);
  };
}

/** The filters in the forms ingest stores; a value no identifier could have looks up nothing. */
function storedForms(filter: GuestListFilter): GuestListFilters {
  const email = filter.email === undefined ? null : emailToLookUp(filter.email);
  return {
    emails: filter.email === undefined ? null : email ? [email] : [],
    phones: filter.phone === undefined ? null : phoneSpellings(filter.phone),
    cardFingerprint: filter.cardFingerprint?.trim() ?? null,
    cardLast4: filter.cardLast4 ?? null,
    hasDispute: filter.hasDispute ?? null,
    hasRefund: filter.hasRefund ?? null,
    lastPaymentGte: filter.lastPaymentGte ?? null,
    lastPaymentLte: filter.lastPaymentLte ?? null,
    riskScoreGte: filter.riskScoreGte ?? null,
    riskScoreLte: filter.riskScoreLte ?? null,
    flagBits: flagBitsOf(filter),
  };
}

/** The stored flag patterns that satisfy risk_flag and in_ring; null when neither is given. */
function flagBitsOf(filter: GuestListFilter): number[] | null {
  if (filter.riskFlags === undefined && filter.inRing === undefined) return null;
  const required: GuestFlag[] = [
    ...(filter.riskFlags ?? []),
    ...(filter.inRing === true ? ["in_ring" as const] : []),
  ];
  return riskFlagBitsWith(required, filter.inRing === false ? ["in_ring"] : []);
}
