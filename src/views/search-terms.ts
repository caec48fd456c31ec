import { phoneSpellings } from "../domain/identifier-lookup.ts";
import { foldForSearch } from "../domain/text-folding.ts";
import { asciiDigits } from "../domain/unicode-digits.ts";
import type { SearchLookups } from "../graph/search-repository.ts";

/** Fewer digits than this are no phone number (and four digits alone are a card's last4). */
const minPhoneDigits = 7;

/**
 * What one search box query can be. The same query is often several things at once ("zoe" is a name
 * and the start of an email address; "4242" a card's last4 and part of a name): every lookup that
 * applies runs and the results are ranked together. `regions` are the countries of the account's own
 * payments, in which a phone number typed without its country code is read (see typedAsNationalPhone).
 */
export function searchLookups(query: string, regions: readonly string[] = []): SearchLookups {
  const text = query.trim();
  const token = /^\S+$/.test(text) ? text : null;
  return {
    paymentId: token,
    guestId: token?.startsWith("gst_") ? token : null,
    emailPrefix: token?.toLowerCase() ?? null,
    phones: phoneLike(text) ? phoneSpellings(text, regions) : [],
    cardFingerprint: token && /^[A-Za-z0-9]+$/.test(token) ? token : null,
    cardLast4: /^\d{4}$/.test(text) ? text : null,
    name: foldForSearch(text).replace(/\s+/g, " "),
  };
}

/** A phone number as people type it: digits (any script), spaces, brackets, dots, dashes, slashes, a leading +. */
function phoneLike(text: string): boolean {
  const ascii = asciiDigits(text.normalize("NFKC"));
  return /^\+?[\d\s().\-/]+$/.test(ascii) && ascii.replace(/\D/g, "").length >= minPhoneDigits;
}

/** A phone number typed without its country code ("(650) 253-0000"): it needs the account's regions to be read. */
export function typedAsNationalPhone(query: string): boolean {
  const text = asciiDigits(query.trim().normalize("NFKC"));
  return phoneLike(text) && !text.startsWith("+") && !text.startsWith("00");
}
