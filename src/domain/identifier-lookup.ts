import { getCountries } from "libphonenumber-js/max";
import { containsCardNumber } from "./card-number-guard.ts";
import { normaliseEmail, normalisePhone } from "./identifiers.ts";
import { asciiDigits } from "./unicode-digits.ts";

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
 * in the payment's billing country), else the bare digits, unverified. The number is read as
 * international — as typed, and with a "+" in front when it was typed without one ("1 415 555 0123") —
 * and, when typed as a national number ("(650) 253-0000"), in each of `regions` (the countries of the
 * account's own payments); its bare digits are looked up too. Empty when there are no digits at all, or
 * when the number is a card number (no phone is stored as one).
 */
export function phoneSpellings(typed: string, regions: readonly string[] = []): string[] {
  const digits = asciiDigits(typed.normalize("NFKC")).replace(/\D/g, "");
  if (!digits || containsCardNumber(typed)) return [];
  const spellings = new Set<string>();
  for (const candidate of [typed, `+${digits}`]) {
    const phone = normalisePhone(candidate, null);
    if (phone?.verified) spellings.add(phone.value);
  }
  for (const region of regions) {
    const phone = normalisePhone(typed, region);
    if (phone?.verified) spellings.add(phone.value);
  }
  spellings.add(digits);
  return [...spellings];
}

/** Every region libphonenumber knows (ISO 3166-1 alpha-2): the candidates for reading a national number. */
export const phoneRegions: readonly string[] = getCountries();
