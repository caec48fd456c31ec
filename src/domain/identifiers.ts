import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import type { EmailIdentifier, Identifier, IdentifierSource, PhoneIdentifier } from "./payment.ts";

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
  if (sightings.cardFingerprint && fingerprint) {
    identifiers.push({ kind: "card", value: fingerprint, sources: [sightings.cardFingerprint.source] });
  }
  return identifiers;
}

const emailShape = z.email();

/** Trimmed and lower-cased; null when the value is empty or is not an email address (such as "n/a"), which would otherwise tie strangers together. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  const value = raw?.trim().toLowerCase();
  if (!value) return null;
  return emailShape.safeParse(value).success ? value : null;
}

/**
 * The common practical address shape, unanchored so it can be found inside prose. The local part
 * leaves out quotes and brackets so "'ann@example.com'" or "<ann@example.com>" yield the bare address.
 */
const emailInProse = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}/g;

/** Every email address written in a piece of free text, normalised, in order of appearance, each once. */
export function emailsInText(text: string | null | undefined): string[] {
  if (!text) return [];
  const found = new Set<string>();
  for (const [match] of text.matchAll(emailInProse)) {
    // Dots around the local part are sentence punctuation ("…see .ann@x.com"), not part of the address.
    const value = normaliseEmail(match.replace(/^\.+/, ""));
    if (value) found.add(value);
  }
  return [...found];
}

/**
 * E.164 when libphonenumber-js (full metadata) recognises a valid number, read in `region` when the
 * number has no country code. A number written with the "00" international prefix is also read as
 * international when the region's own prefix differs (a US customer writing 0044…). Otherwise the digits
 * as written, unverified: still an identifier, since the same digits twice are still a match. Null when
 * there are no digits at all.
 */
export function normalisePhone(
  raw: string | null | undefined,
  region: string | null | undefined,
): { value: string; verified: boolean } | null {
  const written = raw?.trim();
  if (!written) return null;
  const digits = written.replace(/\D/g, "");
  if (!digits) return null;

  const country = region?.toUpperCase() as CountryCode | undefined;
  const candidates = [parsePhoneNumberFromString(written, country ? { defaultCountry: country } : undefined)];
  if (digits.startsWith("00")) candidates.push(parsePhoneNumberFromString(`+${digits.slice(2)}`));
  const valid = candidates.find((phone) => phone?.isValid());
  return valid ? { value: valid.number, verified: true } : { value: digits, verified: false };
}
