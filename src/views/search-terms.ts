import { phoneSpellings } from "../domain/identifier-lookup.ts";
import { foldForSearch } from "../domain/text-folding.ts";
import type { SearchLookups } from "../graph/search-repository.ts";

/** Fewer digits than this are no phone number (and four digits alone are a card's last4). */
const minPhoneDigits = 7;

/**
 * What one search box query can be. The same query is often several things at once ("zoe" is a name
 * and the start of an email address; "4242" a card's last4 and part of a name): every lookup that
 * applies runs and the results are ranked together.
 */
export function searchLookups(query: string): SearchLookups {
  const text = query.trim();
  const token = /^\S+$/.test(text) ? text : null;
  const digits = text.replace(/\D/g, "");
  const phoneLike = /^\+?[\d\s().\-/]+$/.test(text) && digits.length >= minPhoneDigits;
  return {
    paymentId: token,
    guestId: token?.startsWith("gst_") ? token : null,
    emailPrefix: token?.toLowerCase() ?? null,
    phones: phoneLike ? phoneSpellings(text) : [],
    cardFingerprint: token && /^[A-Za-z0-9]+$/.test(token) ? token : null,
    cardLast4: /^\d{4}$/.test(text) ? text : null,
    name: foldForSearch(text).replace(/\s+/g, " "),
  };
}
