import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { type CardNumberSpan, containsCardNumber, findCardNumbers } from "./card-number-guard.ts";
import type { EmailIdentifier, Identifier, IdentifierSource, PhoneIdentifier } from "./payment.ts";
import { asciiDigits } from "./unicode-digits.ts";

/**
 * The identifiers a payment carries: emails, phones and the card fingerprint, normalised so that the
 * same person written two ways is one identifier. Pure functions shared by every input path.
 */

/** One raw value as written on the payment, and where. */
export interface Sighting {
  raw: string | null | undefined;
  source: IdentifierSource;
}

export interface IdentifierSightings {
  /** Fields holding one email address each. */
  emails: readonly Sighting[];
  /** Free text in which every email address written counts (the payment's description). */
  texts: readonly Sighting[];
  phones: readonly Sighting[];
  cardFingerprint: Sighting | null;
  /**
   * ISO 3166 alpha-2 countries, best first, for phone numbers written without a country code: the
   * billing address country, else the card's country.
   */
  phoneRegions: readonly (string | null | undefined)[];
}

/** Every Stripe field GuestGraph reads identifiers from, as found on a Charge (or PaymentIntent + Charge). */
export interface StripeIdentifierFields {
  billingEmail: string | null | undefined;
  /** The charge's receipt_email, and the PaymentIntent's when there is one. */
  receiptEmails: readonly (string | null | undefined)[];
  descriptions: readonly (string | null | undefined)[];
  billingPhone: string | null | undefined;
  cardFingerprint: string | null | undefined;
  billingCountry: string | null | undefined;
  cardCountry: string | null | undefined;
}

export function stripeIdentifiers(fields: StripeIdentifierFields): Identifier[] {
  return extractIdentifiers({
    emails: [
      { raw: fields.billingEmail, source: "billing_details.email" },
      ...fields.receiptEmails.map((raw) => ({ raw, source: "receipt_email" as const })),
    ],
    texts: fields.descriptions.map((raw) => ({ raw, source: "description" })),
    phones: [{ raw: fields.billingPhone, source: "billing_details.phone" }],
    cardFingerprint: { raw: fields.cardFingerprint, source: "payment_method_details.card.fingerprint" },
    phoneRegions: [fields.billingCountry, fields.cardCountry],
  });
}

/** Emails first, then phones, then the card; each value once, with every place it was seen. */
export function extractIdentifiers(sightings: IdentifierSightings): Identifier[] {
  const emails = new Map<string, EmailIdentifier>();
  const addEmail = (value: string, source: IdentifierSource) => {
    const known = emails.get(value);
    if (!known) emails.set(value, { kind: "email", value, sources: [source] });
    else if (!known.sources.includes(source)) known.sources.push(source);
  };
  for (const { raw, source } of sightings.emails) {
    const value = normaliseEmail(raw);
    if (value) addEmail(value, source);
  }
  for (const { raw, source } of sightings.texts) {
    for (const value of emailsInText(raw)) addEmail(value, source);
  }

  const phones = new Map<string, PhoneIdentifier>();
  const region = sightings.phoneRegions.find((country) => country) ?? null;
  for (const { raw, source } of sightings.phones) {
    const phone = normalisePhone(raw, region);
    if (!phone) continue;
    const known = phones.get(phone.value);
    if (!known) phones.set(phone.value, { kind: "phone", ...phone, sources: [source] });
    else if (!known.sources.includes(source)) known.sources.push(source);
  }

  const identifiers: Identifier[] = [...emails.values(), ...phones.values()];
  const fingerprint = sightings.cardFingerprint?.raw?.trim();
  if (sightings.cardFingerprint && fingerprint && !containsCardNumber(fingerprint)) {
    identifiers.push({ kind: "card", value: fingerprint, sources: [sightings.cardFingerprint.source] });
  }
  return identifiers;
}

/**
 * Trimmed, NFC, lower-cased; null when the value is empty, is not one email address (such as "n/a",
 * which would otherwise tie strangers together), or holds a card number. Local parts may be written in
 * any script (RFC 6531: "andré.martin@example.fr", "JÖHN@example.com" → "jöhn@example.com").
 */
export function normaliseEmail(raw: string | null | undefined): string | null {
  const value = raw?.trim().normalize("NFC").toLowerCase();
  if (!value || !isEmailAddress(value) || containsCardNumber(value)) return null;
  return value;
}

/** Longest address (RFC 5321: 64 for the local part, 254 in all). */
const maxLocalLength = 64;
const maxAddressLength = 254;

/** RFC 6531's atext: RFC 5322's printable specials plus letters, marks and digits of every script. */
const atext = /^[\p{L}\p{M}\p{Nd}!#$%&'*+/=?^_`{|}~-]+$/u;

/** One address as a whole field holds it: a dot-atom local part (any script) @ a domain name. Linear: no backtracking pattern. */
export function isEmailAddress(value: string): boolean {
  if (value.length > maxAddressLength) return false;
  const at = value.lastIndexOf("@");
  if (at <= 0) return false;
  const local = value.slice(0, at);
  if (local.length > maxLocalLength || !local.split(".").every((atom) => atext.test(atom))) return false;
  return isDomainName(value.slice(at + 1));
}

const label = /^[\p{L}\p{M}\p{Nd}](?:[\p{L}\p{M}\p{Nd}-]{0,61}[\p{L}\p{M}\p{Nd}])?$/u;
const topLevel = /^[\p{L}\p{M}]{2,63}$/u;

/** Two or more labels of letters (any script), digits and inner hyphens; the last all letters. */
function isDomainName(domain: string): boolean {
  const labels = domain.split(".");
  return labels.length >= 2 && labels.every((part) => label.test(part)) && topLevel.test(labels.at(-1) ?? "");
}

/**
 * Every email address written in a piece of free text, normalised, in order of appearance, each once.
 * One pass: from each "@" the local part is read leftwards and the domain rightwards, each stopping at
 * the first character that cannot belong to it (an "@" among them), so no character is read more than
 * twice. An address is read whole or not at all: a local part that runs into a character an address
 * may hold but prose rarely does ("#", "=", "/"…) is not cut short to a tail, and neither is one longer
 * than 64 characters. An address overlapping a card number is no identifier.
 */
export function emailsInText(text: string | null | undefined): string[] {
  if (!text?.includes("@")) return [];
  let cards: CardNumberSpan[] | null = null; // Found on the first address, for texts that hold one.
  let nextCard = 0; // Addresses come in order, so the card numbers before them are passed once.
  const found = new Set<string>();
  const seen = new Set<string>();
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    const start = localPartStart(text, at);
    const end = domainEnd(text, at);
    if (start === null || end === null) continue;
    cards ??= findCardNumbers(text);
    while (nextCard < cards.length && (cards[nextCard] as CardNumberSpan).end <= start) nextCard++;
    const card = cards[nextCard];
    if (card && card.start < end) continue; // The address overlaps a card number.
    const written = text.slice(start, end);
    if (seen.has(written)) continue; // A list repeating one address costs one normalisation.
    seen.add(written);
    const value = normaliseEmail(written);
    if (value) found.add(value);
  }
  return [...found];
}

/** Sentence punctuation that can precede an address without belonging to it ("…see .ann@…", "'ann@…'"). */
const leadingPunctuation = /^[.'%+-]+/;

/** Where the local part before the "@" at `at` starts, or null when there is no whole local part. */
function localPartStart(text: string, at: number): number | null {
  let start = at;
  while (start > 0) {
    const before = charBefore(text, start);
    const kind = localCharKind(before);
    if (kind !== inAddress) {
      if (kind === rareInProse) return null;
      break;
    }
    start -= before.length;
    if (at - start > maxLocalLength + 8) return null; // Too long to be one: never a tail of it.
  }
  const trimmed = text.slice(start, at).match(leadingPunctuation)?.[0].length ?? 0;
  return at - (start + trimmed) > 0 ? start + trimmed : null;
}

/** Where the domain after the "@" at `at` ends (trailing dots and hyphens left out), or null when there is none. */
function domainEnd(text: string, at: number): number | null {
  let end = at + 1;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const next = code < 0x80 ? (text[end] as string) : String.fromCodePoint(text.codePointAt(end) ?? 0);
    if (!isDomainChar(next)) break;
    end += next.length;
    if (end - at > maxAddressLength) return null;
  }
  while (end > at + 1 && (text[end - 1] === "." || text[end - 1] === "-")) end--;
  return end > at + 1 ? end : null;
}

const inAddress = 1;
const rareInProse = 2;
/**
 * A local part in prose holds letters, marks and digits of any script and . _ % + - '. RFC 5322 allows
 * ! # $ & * / = ? ^ ` { | } ~ too, but prose uses them otherwise: meeting one (or another "@") means no
 * address rather than a tail of one. ASCII is looked up in a table; other characters once each.
 */
const asciiLocalKinds = (() => {
  const kinds = new Uint8Array(128);
  for (const char of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+'-") {
    kinds[char.charCodeAt(0)] = inAddress;
  }
  for (const char of "!#$&*/=?^`{|}~@") kinds[char.charCodeAt(0)] = rareInProse;
  return kinds;
})();
const letterMarkOrDigit = /^[\p{L}\p{M}\p{Nd}]$/u;
const nonAsciiKinds = new Map<string, boolean>();

function isLetterMarkOrDigit(char: string): boolean {
  let known = nonAsciiKinds.get(char);
  if (known === undefined) {
    known = letterMarkOrDigit.test(char);
    nonAsciiKinds.set(char, known);
  }
  return known;
}

function localCharKind(char: string): number {
  const code = char.charCodeAt(0);
  if (code < 0x80) return asciiLocalKinds[code] as number;
  return isLetterMarkOrDigit(char) ? inAddress : 0;
}

/** Letters, marks and digits of any script, "." and "-". */
function isDomainChar(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return asciiDomainChars[code] === 1;
  return isLetterMarkOrDigit(char);
}

const asciiDomainChars = (() => {
  const table = new Uint8Array(128);
  for (const char of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
    table[char.charCodeAt(0)] = 1;
  return table;
})();

/** The character (a whole surrogate pair) ending just before `index`. */
function charBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text.slice(index - 1, index);
}

/**
 * E.164 when libphonenumber-js (full metadata) recognises a valid number, read in `region` when the
 * number has no country code. A number written with the "00" international prefix is also read as
 * international when the region's own prefix differs (a US customer writing 0044…). Otherwise the digits
 * as written, unverified: still an identifier, since the same digits twice are still a match. Null when
 * there are no digits at all, or when the number is (or holds) a card number.
 *
 * Digits of any script count (full-width ４１５, Arabic-Indic ٤١٥). Letters are read as on a phone
 * keypad, as libphonenumber does for vanity numbers (1-800-FLOWERS is +18003569377, 1-800-CONTACTS
 * another number), so two vanity numbers never collapse into their shared digits.
 */
export function normalisePhone(
  raw: string | null | undefined,
  region: string | null | undefined,
): { value: string; verified: boolean } | null {
  // libphonenumber reads at most 250 characters; a longer value is no phone number.
  if (raw === null || raw === undefined || raw.length > maxPhoneLength) return null;
  const written = asciiDigits(raw.normalize("NFKC")).trim();
  if (!written || containsCardNumber(written)) return null;
  // As libphonenumber's extractPossibleNumber: the number starts at its first digit or "+" ("call 415…").
  const number = written.slice(Math.max(0, written.search(/[+\d]/)));
  if (!/\d/.test(number)) return null;
  const country = region?.toUpperCase() as CountryCode | undefined;
  const phone =
    validPhone(number, country) ?? (isVanity(number) ? validPhone(keypadDigits(number), country) : null);
  if (phone) return containsCardNumber(phone) ? null : { value: phone, verified: true };
  const digits = (isVanity(number) ? keypadDigits(number) : number).replace(/\D/g, "");
  if (!digits || containsCardNumber(digits)) return null;
  return { value: digits, verified: false };
}

const maxPhoneLength = 250;

function validPhone(number: string, country: CountryCode | undefined): string | null {
  const candidates = [parsePhoneNumberFromString(number, country ? { defaultCountry: country } : undefined)];
  const digits = number.replace(/\D/g, "");
  if (digits.startsWith("00")) candidates.push(parsePhoneNumberFromString(`+${digits.slice(2)}`));
  return candidates.find((phone) => phone?.isValid())?.number ?? null;
}

/** libphonenumber's VALID_ALPHA_PHONE_PATTERN: three or more letters make a vanity number. */
function isVanity(number: string): boolean {
  return (number.match(/[A-Za-z]/g)?.length ?? 0) >= 3 && !/\bext?\b|\bx\d/i.test(number);
}

const keypad: Record<string, string> = Object.fromEntries(
  ["ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"].flatMap((letters, index) =>
    [...letters].map((letter) => [letter, String(index + 2)]),
  ),
);

/** Letters as the digits of their phone keys (A–C → 2 … W–Z → 9). */
function keypadDigits(number: string): string {
  return number.replace(/[A-Za-z]/g, (letter) => keypad[letter.toUpperCase()] ?? letter);
}
