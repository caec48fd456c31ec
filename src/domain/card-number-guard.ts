import creditCardType from "credit-card-type";
import { digitValue } from "./unicode-digits.ts";

/**
 * Card numbers (PANs) must never enter GuestGraph. The rule (README, "Card numbers"): 13–19 decimal
 * digits of any script, optionally split into groups by short runs of non-alphanumeric characters
 * (spaces, dashes, dots, slashes, underscores, commas, newlines, zero-width characters …), whether or
 * not letters touch them, that pass the Luhn check AND start with an issuer range of a real brand, in a
 * length that brand issues (Braintree's `credit-card-type` table: Visa, Mastercard 51–55 and 2221–2720,
 * Amex, Discover, JCB, Diners, UnionPay, Maestro, Elo, Mir …). The brand's lengths are what tell a
 * 16-digit Visa from two phone numbers written side by side ("415 555 0132 415 555 0199" holds a
 * 17-digit stretch in Mastercard's range that passes Luhn: Mastercard issues 16 digits only).
 * A value holding one is kept with the number masked: every digit but the last four becomes "*",
 * separators stay ("**** **** **** 4242").
 *
 * Every scan is one pass over the text: a candidate is at most 19 digits long, so each digit is looked
 * at a bounded number of times, whatever the input.
 */

/** The character that replaces a masked digit. */
export const maskCharacter = "*";

/** Longest run of separator characters still read as the gap between two groups of one number. */
export const maxSeparatorRun = 16;

const minDigits = 13;
const maxDigits = 19;

/** A card number found in a text: the code-unit span from its first to its last digit, and the digits to mask. */
export interface CardNumberSpan {
  start: number;
  end: number;
  /** Where the last four digits begin: every digit from `start` up to here is masked. */
  maskEnd: number;
}

/**
 * The last long text scanned and what was found in it: a payment's description is scanned to be masked
 * and again for the addresses in it, and a 10 MB one need not be read twice.
 */
let lastLongScan: { text: string; found: readonly CardNumberSpan[] } | null = null;
const longText = 4096;

/** Every card number written in the text, in order. */
export function findCardNumbers(text: string): CardNumberSpan[] {
  if (text.length >= longText && lastLongScan?.text === text) return [...lastLongScan.found];
  const found = scan(text);
  if (text.length >= longText) lastLongScan = { text, found: [...found] };
  return found;
}

function scan(text: string): CardNumberSpan[] {
  const found: CardNumberSpan[] = [];
  if (!anyNumber.test(text)) return found;
  const chain = new DigitChain(found);
  let separators = 0;
  for (let at = 0; at < text.length; ) {
    const code = text.charCodeAt(at);
    let codePoint = code;
    let length = 1;
    if (code >= 0xd800 && code <= 0xdbff) {
      codePoint = text.codePointAt(at) ?? code;
      if (codePoint > 0xffff) length = 2;
    }
    const digit =
      codePoint >= 48 && codePoint <= 57 ? codePoint - 48 : codePoint < 0x80 ? -1 : digitValue(codePoint);
    if (digit >= 0) {
      if (separators > maxSeparatorRun) chain.flush();
      chain.push(digit, at, length, separators > 0);
      separators = 0;
    } else if (isAlphanumeric(codePoint)) {
      if (!chain.isEmpty()) chain.flush();
      separators = 0;
    } else if (!chain.isEmpty()) {
      separators++;
      if (separators > maxSeparatorRun) chain.flush();
    }
    at += length;
  }
  chain.flush();
  return found;
}

/** Any digit of any script, or a character whose NFKC form is one (², ①): without one, nothing to scan. */
const anyNumber = /\p{N}/u;

export function containsCardNumber(text: string): boolean {
  return findCardNumbers(text).length > 0;
}

/** The text with every card number in it masked; the same string when it holds none. */
export function maskCardNumbers(text: string): string {
  const spans = findCardNumbers(text);
  if (spans.length === 0) return text;
  return surrogate.test(text) ? maskBySlices(text, spans) : maskInPlace(text, spans);
}

const surrogate = /[\uD800-\uDFFF]/;
const numberCharacter = /\p{N}/gu;
const maskCode = maskCharacter.charCodeAt(0);

/** One code unit per character: the masked digits are overwritten in a UTF-16 copy, in one pass. */
function maskInPlace(text: string, spans: readonly CardNumberSpan[]): string {
  const units = Buffer.from(text, "utf16le");
  for (const span of spans) {
    // Between start and maskEnd lie only this number's digits and the separators between its groups.
    for (let k = span.start; k < span.maskEnd; k++) {
      if (digitValue(units.readUInt16LE(k * 2)) >= 0) units.writeUInt16LE(maskCode, k * 2);
    }
  }
  return units.toString("utf16le");
}

/** A digit outside the BMP (two code units) becomes one "*", so the text is rebuilt from slices. */
function maskBySlices(text: string, spans: readonly CardNumberSpan[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const span of spans) {
    parts.push(text.slice(from, span.start));
    // The separators between groups are not letters or numbers: every number character here is a digit.
    parts.push(text.slice(span.start, span.maskEnd).replace(numberCharacter, maskCharacter));
    from = span.maskEnd;
  }
  parts.push(text.slice(from));
  return parts.join("");
}

/** A masked copy of a JSON value, with the paths (Stripe style) of every value or key that was masked. */
export interface MaskedValue<T> {
  value: T;
  /** `description`, `metadata.note`, `latest_charge.billing_details.name`; a masked key is named masked. */
  redacted: string[];
  /** Paths of JSON numbers that are card numbers: a number cannot be masked, so the caller refuses them. */
  cardNumbersAsNumbers: string[];
}

/**
 * Masks every string value and every object key of a JSON value. Walks with an explicit stack, not
 * recursion, so no nesting depth can overflow it.
 */
export function maskCardNumbersDeep<T>(input: T): MaskedValue<T> {
  const redacted: string[] = [];
  const cardNumbersAsNumbers: string[] = [];
  const root: { value: unknown } = { value: undefined };
  const stack: { value: unknown; path: string; set: (value: unknown) => void }[] = [
    { value: input, path: "", set: (value) => (root.value = value) },
  ];
  while (stack.length > 0) {
    const { value, path, set } = stack.pop() as (typeof stack)[number];
    if (typeof value === "string") {
      const masked = maskCardNumbers(value);
      if (masked !== value) redacted.push(path);
      set(masked);
    } else if (typeof value === "number") {
      if (Number.isInteger(value) && containsCardNumber(String(value))) cardNumbersAsNumbers.push(path);
      set(value);
    } else if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      set(copy);
      value.forEach((item, index) => {
        stack.push({ value: item, path: `${path}[${index}]`, set: (masked) => (copy[index] = masked) });
      });
    } else if (value !== null && typeof value === "object") {
      const copy: Record<string, unknown> = {};
      set(copy);
      for (const [key, item] of Object.entries(value)) {
        let maskedKey = maskCardNumbers(key);
        if (maskedKey !== key) {
          // Two keys holding card numbers with the same last four digits stay two keys.
          for (let n = 2; Object.hasOwn(copy, maskedKey); n++) maskedKey = `${maskCardNumbers(key)} (${n})`;
          redacted.push(path ? `${path}.${maskedKey}` : maskedKey);
        }
        const itemPath = path ? `${path}.${maskedKey}` : maskedKey;
        // Defined, not assigned: a "__proto__" key stays a plain key. Defined now to keep the keys' order.
        const define = (masked: unknown) =>
          Object.defineProperty(copy, maskedKey, {
            value: masked,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        define(undefined);
        stack.push({ value: item, path: itemPath, set: define });
      }
    } else {
      set(value);
    }
  }
  redacted.sort();
  return { value: root.value as T, redacted, cardNumbersAsNumbers };
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

/** True when the digits (ASCII) are as long as a card of a brand whose issuer range they start with. */
export function isIssuedCardShape(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  return (issuerLengthsOf(digits) & (1 << (digits.length - minDigits))) !== 0;
}

/** The rule on its own, for tests and tools: 13–19 ASCII digits of a brand's range and length that pass Luhn. */
export function isCardNumber(digits: string): boolean {
  return isIssuedCardShape(digits) && passesLuhn(digits);
}

// ---------------------------------------------------------------------------------------------

const letterOrNumber = /^[\p{L}\p{N}]$/u;
const alphanumericCache = new Map<number, boolean>();

/** Letters and numbers end a group (a digit is handled before this is asked); anything else separates. */
function isAlphanumeric(codePoint: number): boolean {
  if (codePoint < 0x80) {
    return (codePoint >= 65 && codePoint <= 90) || (codePoint >= 97 && codePoint <= 122);
  }
  let known = alphanumericCache.get(codePoint);
  if (known === undefined) {
    known = letterOrNumber.test(String.fromCodePoint(codePoint));
    alphanumericCache.set(codePoint, known);
  }
  return known;
}

/** Digits kept in view: a decision needs a start's next 20 digits, so 64 leaves room. */
const window = 64;
const mask = window - 1;

/**
 * The digits of one run of groups ("4242 4242-4242.4242"), fed one by one until a letter or a long gap
 * ends the run. Each group start is decided as soon as the 20 digits after it are known (or the run
 * ends): the longest group-aligned stretch of 13–19 digits from it, of a length its brand issues, that
 * passes Luhn, is a card number, and the starts inside it are skipped. Only the last 64 digits are kept
 * (ring buffers), and Luhn sums come from prefix sums: constant memory and constant work per digit.
 */
class DigitChain {
  readonly #found: CardNumberSpan[];
  /** Digits seen in all runs so far: positions are global, so ring entries of an earlier run never match. */
  #total = 0;
  #runStart = 0;
  readonly #digit = new Uint8Array(window);
  readonly #at = new Int32Array(window);
  readonly #length = new Uint8Array(window);
  /** #groupEnd[i & mask] === i when digit i ends its group. */
  readonly #groupEnd = new Float64Array(window).fill(-1);
  /** Prefix sums by position parity, before digit i: plain digits and Luhn-doubled ones. */
  readonly #plainEven = new Float64Array(window);
  readonly #plainOdd = new Float64Array(window);
  readonly #doubledEven = new Float64Array(window);
  readonly #doubledOdd = new Float64Array(window);
  /** Group starts not decided yet, oldest first (at most 21 at a time). */
  readonly #pending = new Float64Array(window);
  #pendingHead = 0;
  #pendingTail = 0;
  /** The last digit of the last card number found: starts up to it are inside it. */
  #consumedUpTo = -1;

  constructor(found: CardNumberSpan[]) {
    this.#found = found;
  }

  isEmpty(): boolean {
    return this.#total === this.#runStart;
  }

  push(digit: number, at: number, length: number, startsGroup: boolean): void {
    const index = this.#total;
    const slot = index & mask;
    if (index === this.#runStart || startsGroup) {
      if (index > this.#runStart) this.#groupEnd[(index - 1) & mask] = index - 1;
      this.#pending[this.#pendingTail++ & mask] = index;
    }
    this.#digit[slot] = digit;
    this.#at[slot] = at;
    this.#length[slot] = length;
    const next = (index + 1) & mask;
    const even = (index & 1) === 0;
    const twice = digit > 4 ? digit * 2 - 9 : digit * 2;
    this.#plainEven[next] = (this.#plainEven[slot] as number) + (even ? digit : 0);
    this.#plainOdd[next] = (this.#plainOdd[slot] as number) + (even ? 0 : digit);
    this.#doubledEven[next] = (this.#doubledEven[slot] as number) + (even ? twice : 0);
    this.#doubledOdd[next] = (this.#doubledOdd[slot] as number) + (even ? 0 : twice);
    this.#total = index + 1;
    // A start is decided once the digit after its longest candidate is known: then every group end up to
    // start + 18 is known too.
    while (this.#pendingHead < this.#pendingTail) {
      const first = this.#pending[this.#pendingHead & mask] as number;
      if (this.#total - first <= maxDigits) break;
      this.#pendingHead++;
      this.#decide(first, false);
    }
  }

  flush(): void {
    if (this.isEmpty()) return;
    const last = this.#total - 1;
    this.#groupEnd[last & mask] = last;
    while (this.#pendingHead < this.#pendingTail) {
      this.#decide(this.#pending[this.#pendingHead++ & mask] as number, true);
    }
    this.#runStart = this.#total;
    this.#consumedUpTo = -1;
  }

  #decide(start: number, runEnded: boolean): void {
    if (start <= this.#consumedUpTo) return;
    const available = this.#total - start;
    if (available < minDigits) return;
    const lengths = this.#issuerLengths(start);
    if (lengths === 0) return;
    for (let last = start + Math.min(available, maxDigits) - 1; last >= start + minDigits - 1; last--) {
      const isGroupEnd = this.#groupEnd[last & mask] === last || (runEnded && last === this.#total - 1);
      if (!isGroupEnd || (lengths & (1 << (last - start + 1 - minDigits))) === 0) continue;
      if (this.#luhnSum(start, last) % 10 !== 0) continue;
      this.#found.push({
        start: this.#at[start & mask] as number,
        end: (this.#at[last & mask] as number) + (this.#length[last & mask] as number),
        maskEnd: this.#at[(last - 3) & mask] as number,
      });
      this.#consumedUpTo = last;
      return;
    }
  }

  /**
   * The Luhn sum of digits start..last. From the right, every second digit is doubled: the positions
   * whose parity differs from the last digit's.
   */
  #luhnSum(start: number, last: number): number {
    const from = start & mask;
    const to = (last + 1) & mask;
    const lastIsEven = (last & 1) === 0;
    const plain = lastIsEven ? this.#plainEven : this.#plainOdd;
    const doubled = lastIsEven ? this.#doubledOdd : this.#doubledEven;
    return (
      (plain[to] as number) - (plain[from] as number) + (doubled[to] as number) - (doubled[from] as number)
    );
  }

  /** The card lengths (bit n: 13 + n digits) the brands whose ranges hold the number starting here issue. */
  #issuerLengths(start: number): number {
    let prefix = 0;
    for (let k = start; k < start + 6; k++) prefix = prefix * 10 + (this.#digit[k & mask] as number);
    const entry = issuerTable[prefix] as number;
    if ((entry & partialRange) === 0) return entry;
    let leading = "";
    for (let k = start; k < start + 8 && k < this.#total; k++) leading += String(this.#digit[k & mask]);
    return issuerLengthsOf(leading);
  }
}

interface IssuerPattern {
  length: number;
  min: number;
  max: number;
  /** Bit n set: the brand issues numbers of 13 + n digits. */
  cardLengths: number;
}

/** Every brand's issuer ranges, from credit-card-type (a number is a prefix; [a, b] a range of prefixes). */
const issuerPatterns: IssuerPattern[] = Object.values(creditCardType.types).flatMap((type) => {
  const info = creditCardType.getTypeInfo(type);
  const cardLengths = info.lengths
    .filter((length) => length >= minDigits && length <= maxDigits)
    .reduce((bits, length) => bits | (1 << (length - minDigits)), 0);
  return info.patterns.map((pattern): IssuerPattern => {
    const min = Array.isArray(pattern) ? (pattern[0] as number) : pattern;
    const max = Array.isArray(pattern) ? (pattern[1] as number) : pattern;
    const length = String(min).length;
    return { length, min, max: Number(String(max).slice(0, length)), cardLengths };
  });
});

/** The card lengths issued under the (at least eight) leading digits, by every pattern that matches. */
function issuerLengthsOf(digits: string): number {
  let lengths = 0;
  for (const pattern of issuerPatterns) {
    if (digits.length < pattern.length) continue;
    const prefix = Number(digits.slice(0, pattern.length));
    if (prefix >= pattern.min && prefix <= pattern.max) lengths |= pattern.cardLengths;
  }
  return lengths;
}

/** Marks a six-digit prefix that only some brand ranges (longer than six digits) cover. */
const partialRange = 0x80;

/**
 * By six-digit prefix: the card lengths of every brand whose range holds all numbers starting with it,
 * and partialRange when a longer range starts with it too. One lookup per candidate start.
 */
const issuerTable = (() => {
  const table = new Uint8Array(1_000_000);
  for (const { length, min, max, cardLengths } of issuerPatterns) {
    if (length > 6) continue;
    const scale = 10 ** (6 - length);
    for (let prefix = min * scale; prefix < (max + 1) * scale; prefix++) {
      table[prefix] = (table[prefix] as number) | cardLengths;
    }
  }
  for (const { length, min, max } of issuerPatterns) {
    if (length <= 6) continue;
    const scale = 10 ** (length - 6);
    for (let prefix = Math.floor(min / scale); prefix <= Math.floor(max / scale); prefix++) {
      table[prefix] = (table[prefix] as number) | partialRange;
    }
  }
  return table;
})();
