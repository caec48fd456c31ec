import type { IdentifierType, SearchMatch } from "./api-types.ts";

/** Amounts are minor units: the currency's own number of decimals says how to show them (JPY has none). */
export function money(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  try {
    const format = new Intl.NumberFormat("en", { style: "currency", currency: code });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${(amount / 100).toFixed(2)} ${code}`;
  }
}

/** Unix seconds, in UTC so that every investigator reading a case sees the same times. */
export function dateTime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function date(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** A yyyy-mm-dd day as unix seconds: its first second, or (end) its last, in UTC. */
export function dayToSeconds(day: string, end: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const start = Date.parse(`${day}T00:00:00Z`) / 1000;
  if (Number.isNaN(start)) return undefined;
  return end ? start + 86_399 : start;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

export const identifierTypeLabel: Record<IdentifierType, string> = {
  email: "email",
  phone: "phone",
  card: "card",
};

/** A card as people recognise it; the fingerprint when that is all there is. */
export function cardLabel(card: {
  brand?: string | null;
  last4?: string | null;
  fingerprint?: string | null;
}): string {
  if (card.last4) return `${card.brand ? capitalise(card.brand) : "Card"} •••• ${card.last4}`;
  return card.fingerprint ? `card ${card.fingerprint}` : "card";
}

export function capitalise(text: string): string {
  return text ? text[0]?.toUpperCase() + text.slice(1) : text;
}

export const searchMatchLabel: Record<SearchMatch, string> = {
  payment_id: "payment id",
  guest_id: "guest id",
  email: "email",
  email_prefix: "start of an email",
  phone: "phone number",
  card_fingerprint: "card fingerprint",
  card_last4: "card last 4",
  billing_name: "billing name",
};
