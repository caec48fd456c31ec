/**
 * Card numbers (PANs) must never enter GuestGraph: a payload with one written anywhere is refused
 * before anything else reads it. No field is exempt by name; false positives are avoided by shape
 * instead, so that Stripe ids, fingerprints and phone numbers pass wherever they are written.
 */

export interface CardNumberFinding {
  /** Where the number was written, Stripe style: "metadata.note", "charges.data[0].description". */
  path: string;
  /** "key" when the number is written in an object key (a metadata key), else "value". */
  in: "key" | "value";
}

/**
 * Digit groups joined by at most a few spaces or dashes ("4242 4242 4242 4242", "4242-4242…",
 * "4242424242424242"). Each maximal run is then checked group-aligned, so two numbers side by side are
 * still found one by one.
 */
const digitRun = /\d+(?:[ \u00A0\t-]{1,3}\d+)*/g;
const tokenChar = /[A-Za-z0-9_]/;

/** The first card number written in the payload (depth-first, keys before their values), or null. */
export function findCardNumber(payload: unknown): CardNumberFinding | null {
  return walk(payload, "", new Set());
}

function walk(value: unknown, path: string, seen: Set<object>): CardNumberFinding | null {
  // Numbers too: a card number sent as a JSON number is still a card number.
  const text = typeof value === "string" ? value : Number.isInteger(value) ? String(value) : null;
  if (text !== null) return containsCardNumber(text) ? { path: path || "(payload)", in: "value" } : null;
  if (value === null || typeof value !== "object" || seen.has(value)) return null;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = walk(item, `${path}[${index}]`, seen);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (containsCardNumber(key)) return { path: path || "(payload)", in: "key" };
    const found = walk(item, path ? `${path}.${pathSegment(key)}` : pathSegment(key), seen);
    if (found) return found;
  }
  return null;
}

/**
 * Keys are echoed in the error's param, so a key holding a long digit run (which could share digits
 * with the number found under it) is shown as "*" rather than risk repeating any part of a card number.
 */
function pathSegment(key: string): string {
  return /\d{4}/.test(key.replace(/[ -]/g, "")) ? "*" : key;
}

/** True when the text holds 13–19 digits, grouped as a card is written, that pass the Luhn check. */
export function containsCardNumber(text: string): boolean {
  // NFKC turns full-width and other compatibility digits into ASCII ones, so they are checked too.
  const normalised = text.normalize("NFKC");
  for (const match of normalised.matchAll(digitRun)) {
    const start = match.index;
    const end = start + match[0].length;
    if (isPartOfLongerToken(normalised, start, end)) continue;
    const groups = match[0].split(/[^0-9]+/);
    if (groupsHoldCardNumber(groups)) return true;
  }
  return false;
}

/**
 * A run glued to letters, digits or "_" (ch_3MmlLrLkdIwHu7ix0snN0B15, a fingerprint), glued to them
 * through a dash (an id such as "order-2024…-x", a UUID), or following "+" (an international phone
 * number) is not a card number.
 */
function isPartOfLongerToken(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? "";
  const after = text[end] ?? "";
  if (tokenChar.test(before) || tokenChar.test(after) || before === "+") return true;
  if (before === "-" && tokenChar.test(text[start - 2] ?? "")) return true;
  if (after === "-" && tokenChar.test(text[end + 1] ?? "")) return true;
  return false;
}

/**
 * Any consecutive groups totalling 13–19 digits that pass Luhn. A candidate starting with 0 is skipped:
 * no card scheme issues numbers starting with 0, while "00" is how international phone numbers are
 * dialled (0044 20 7946 0958).
 */
function groupsHoldCardNumber(groups: readonly string[]): boolean {
  for (let first = 0; first < groups.length; first++) {
    if (groups[first]?.startsWith("0")) continue;
    let candidate = "";
    for (let last = first; last < groups.length && candidate.length < 19; last++) {
      candidate += groups[last] ?? "";
      if (candidate.length >= 13 && candidate.length <= 19 && passesLuhn(candidate)) return true;
    }
  }
  return false;
}

/** The Luhn (mod 10) checksum every card number carries in its last digit. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
