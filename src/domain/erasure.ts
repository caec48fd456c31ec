import type { Identifier, IdentifierKind, Payment } from "./payment.ts";

/**
 * Erasing an identifier from a payment: the identifier goes, and so does its value wherever the payment
 * keeps it in text (an email address written in the description or in metadata is masked), or as the
 * card's fingerprint. Pure: used on stored payments by an erasure, and on every later copy of a payment
 * that still carries an erased value.
 */

export const erasedMark = "[erased]";

export interface ErasedIdentifier {
  kind: IdentifierKind;
  value: string;
}

/** Every occurrence of the addresses in the text, whatever its case, masked. Linear: a literal pattern. */
export function maskEmails(text: string, emails: readonly string[]): string {
  let masked = text;
  for (const email of emails) masked = masked.replace(new RegExp(escapeRegExp(email), "gi"), erasedMark);
  return masked;
}

/** The metadata (as stored: JSON text of a string map) with the addresses masked in its values. */
export function maskEmailsInMetadata(metadata: string | null, emails: readonly string[]): string | null {
  if (metadata === null || emails.length === 0) return metadata;
  const map = JSON.parse(metadata) as Record<string, string>;
  return JSON.stringify(maskEmailsInMap(map, emails));
}

function maskEmailsInMap(map: Record<string, string>, emails: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, maskEmails(value, emails)]));
}

/** The payment as if it had never carried the erased identifiers. */
export function withoutErased(payment: Payment, erased: readonly ErasedIdentifier[]): Payment {
  if (erased.length === 0) return payment;
  const gone = (identifier: Pick<Identifier, "kind" | "value">) =>
    erased.some(({ kind, value }) => kind === identifier.kind && value === identifier.value);
  const emails = erased.filter(({ kind }) => kind === "email").map(({ value }) => value);
  const card = payment.card;
  return {
    ...payment,
    identifiers: payment.identifiers.filter((identifier) => !gone(identifier)),
    description: payment.description === null ? null : maskEmails(payment.description, emails),
    metadata: maskEmailsInMap(payment.metadata, emails),
    card:
      card?.fingerprint && gone({ kind: "card", value: card.fingerprint })
        ? { ...card, fingerprint: null }
        : card,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
