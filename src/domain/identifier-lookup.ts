import { normaliseEmail, normalisePhone } from "./identifiers.ts";

/**
 * An identifier as a person types it into a filter or the search box, turned into the forms ingest
 * stores it in — with ingest's own normalisers, so that what was stored one way is found however it
 * is typed.
 */

/** The stored form of a typed email (trimmed, lower-cased); null when it is no email address, as ingest stores none such. */
export function emailToLookUp(typed: string): string | null {
  return normaliseEmail(typed);
}

/**
 * Every stored form a typed phone number may have. Ingest stores E.164 when the number parses (read
 * in the payment's billing country), else the bare digits, unverified. A lookup knows no billing
 * country, so the number is read as international — as typed, and with a "+" in front when it was
 * typed without one ("1 415 555 0123") — and its bare digits are looked up too. Empty when there are
 * no digits at all.
 */
export function phoneSpellings(typed: string): string[] {
  const digits = typed.replace(/\D/g, "");
  if (!digits) return [];
  const spellings = new Set<string>();
  for (const candidate of [typed, `+${digits}`]) {
    const phone = normalisePhone(candidate, null);
    if (phone?.verified) spellings.add(phone.value);
  }
  spellings.add(digits);
  return [...spellings];
}
