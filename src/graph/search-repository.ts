import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/**
 * The search box's lookups. Each kind of match is one index-backed query from cypher/views answering
 * its best `take` payments and guests; the caller ranks them together and reads the objects found
 * through the guest list and payment view repositories.
 */

/**
 * The lookups one search box query calls for: each field is a lookup to run, or null (an empty list)
 * when the query cannot be that kind of thing.
 */
export interface SearchLookups {
  /** A payment id (ch_…, pi_…, or a canonical source's own id). */
  paymentId: string | null;
  guestId: string | null;
  /** The start of an email address (or all of one), lower-cased. */
  emailPrefix: string | null;
  /** Stored spellings of a phone number. */
  phones: string[];
  cardFingerprint: string | null;
  cardLast4: string | null;
  /** Folded like Payment.billingNameSearch (lower-case, accents removed). */
  name: string;
}

export type MatchedOn =
  | "payment_id"
  | "guest_id"
  | "email"
  | "email_prefix"
  | "phone"
  | "card_fingerprint"
  | "card_last4"
  | "billing_name";

export interface SearchHit {
  object: "payment" | "guest";
  id: string;
  matchedOn: MatchedOn;
  /** Within one kind of match: 0 exact; higher is looser (a name's start, then anywhere in it). */
  closeness: number;
  /** Unix seconds: the payment's created, or the guest's last payment. */
  recency: number | null;
}

/**
 * Prefix matches read at most this many addresses (alphabetically; the exact address comes first):
 * a three-letter prefix can start thousands of addresses, and their payments would all be ranked.
 */
const maxPrefixAddresses = 1_000;

export class SearchRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  /** Which of the candidate countries (ISO 3166-1 alpha-2) the account's payments were billed in or paid with a card from. */
  async countriesUsed(candidates: readonly string[]): Promise<string[]> {
    const rows = await this.#db.read<{ country: string }>(cypher("views/account-countries"), {
      account: this.#account,
      countries: candidates,
    });
    return rows.map((row) => row.country);
  }

  /** Every lookup the terms call for, in parallel; up to `take` payments and `take` guests from each. */
  async find(terms: SearchLookups, take: number): Promise<SearchHit[]> {
    const lookups: [string, Record<string, unknown>][] = [
      ["views/search-billing-name", { name: terms.name }],
    ];
    if (terms.paymentId) lookups.push(["views/search-payment-id", { id: terms.paymentId }]);
    if (terms.guestId) lookups.push(["views/search-guest-id", { id: terms.guestId }]);
    if (terms.emailPrefix) {
      lookups.push(["views/search-email", { prefix: terms.emailPrefix, maxAddresses: maxPrefixAddresses }]);
    }
    if (terms.phones.length > 0) lookups.push(["views/search-phone", { numbers: terms.phones }]);
    if (terms.cardFingerprint)
      lookups.push(["views/search-card-fingerprint", { fingerprint: terms.cardFingerprint }]);
    if (terms.cardLast4) lookups.push(["views/search-card-last4", { last4: terms.cardLast4 }]);
    const answers = await Promise.all(
      lookups.map(([query, params]) =>
        this.#db.read<SearchHit>(cypher(query), { ...params, account: this.#account, take }),
      ),
    );
    return answers.flat();
  }
}
