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

/** Every card number written in the text, in order. */
export function findCardNumbers(text: string): CardNumberSpan[] {
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
  const parts: string[] = [];
  let from = 0;
  for (const span of spans) {
    parts.push(text.slice(from, span.start));
    // Between start and maskEnd lie only this number's digits and the separators between its groups.
    for (const char of text.slice(span.start, span.maskEnd)) {
      parts.push(digitValue(char.codePointAt(0) ?? 0) >= 0 ? maskCharacter : char);
    }
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

/**
 * The digits of one run of groups ("4242 4242-4242.4242"), collected until a letter or a long gap
 * ends the run; then every group-aligned stretch of 13–19 digits is checked, left to right. Buffers
 * are typed arrays reused from one run to the next.
 */
class DigitChain {
  readonly #found: CardNumberSpan[];
  #count = 0;
  #groupCount = 0;
  #digits = new Uint8Array(64);
  #at = new Int32Array(64);
  #length = new Uint8Array(64);
  /** Index in #digits where each group starts. */
  #groups = new Int32Array(64);
  #sums: PrefixSums = prefixSumBuffers(65);

  constructor(found: CardNumberSpan[]) {
    this.#found = found;
  }

  isEmpty(): boolean {
    return this.#count === 0;
  }

  push(digit: number, at: number, length: number, startsGroup: boolean): void {
    if (this.#count === this.#digits.length) this.#growDigits();
    if (startsGroup || this.#count === 0) {
      if (this.#groupCount === this.#groups.length) this.#groups = grown(this.#groups, Int32Array);
      this.#groups[this.#groupCount++] = this.#count;
    }
    this.#digits[this.#count] = digit;
    this.#at[this.#count] = at;
    this.#length[this.#count] = length;
    this.#count++;
  }

  flush(): void {
    if (this.#count >= minDigits) this.#find();
    this.#count = 0;
    this.#groupCount = 0;
  }

  #growDigits(): void {
    this.#digits = grown(this.#digits, Uint8Array);
    this.#at = grown(this.#at, Int32Array);
    this.#length = grown(this.#length, Uint8Array);
  }

  /**
   * Every card number of the run, left to right: from each group start, the longest group-aligned
   * stretch of a length its brand issues that passes Luhn. Luhn sums come from prefix sums, so each
   * (start, end) pair costs O(1) and each start has at most seven ends (13 to 19 digits): linear.
   */
  #find(): void {
    const digits = this.#digits;
    const groups = this.#groups;
    const count = this.#count;
    const groupCount = this.#groupCount;
    const sums = this.#prefixSums();
    // The last digit of group h.
    const groupEnd = (h: number) => (h + 1 < groupCount ? (groups[h + 1] as number) : count) - 1;
    let first = 0; // The first group that could end a number from the current start (ends at ≥ start + 12).
    let group = 0;
    while (group < groupCount) {
      const start = groups[group] as number;
      if (count - start < minDigits) break;
      const lengths = this.#issuerLengths(digits, start);
      let end = -1;
      if (lengths !== 0) {
        if (first < group) first = group;
        while (first < groupCount && groupEnd(first) < start + minDigits - 1) first++;
        for (let h = first; h < groupCount; h++) {
          const last = groupEnd(h);
          const length = last - start + 1;
          if (length > maxDigits) break;
          if ((lengths & (1 << (length - minDigits))) !== 0 && luhnSum(sums, start, last) % 10 === 0)
            end = last;
        }
      }
      if (end < 0) {
        group++;
        continue;
      }
      this.#found.push({
        start: this.#at[start] as number,
        end: (this.#at[end] as number) + (this.#length[end] as number),
        maskEnd: this.#at[end - 3] as number,
      });
      while (group < groupCount && (groups[group] as number) <= end) group++;
    }
  }

  /**
   * Prefix sums over the run's digits by position parity: plain digits and Luhn-doubled ones
   * (2d, minus 9 above 9). Entry k sums the digits before position k.
   */
  #prefixSums(): PrefixSums {
    const size = this.#count + 1;
    if (this.#sums.plainEven.length < size)
      this.#sums = prefixSumBuffers(Math.max(size, this.#sums.plainEven.length * 2));
    const { plainEven, plainOdd, doubledEven, doubledOdd } = this.#sums;
    const digits = this.#digits;
    plainEven[0] = plainOdd[0] = doubledEven[0] = doubledOdd[0] = 0;
    for (let k = 0; k < this.#count; k++) {
      const digit = digits[k] as number;
      const twice = digit > 4 ? digit * 2 - 9 : digit * 2;
      const even = (k & 1) === 0;
      plainEven[k + 1] = (plainEven[k] as number) + (even ? digit : 0);
      plainOdd[k + 1] = (plainOdd[k] as number) + (even ? 0 : digit);
      doubledEven[k + 1] = (doubledEven[k] as number) + (even ? twice : 0);
      doubledOdd[k + 1] = (doubledOdd[k] as number) + (even ? 0 : twice);
    }
    return this.#sums;
  }

  /** The card lengths (bit n: 13 + n digits) the brands whose ranges hold this start issue. */
  #issuerLengths(digits: Uint8Array, start: number): number {
    let prefix = 0;
    for (let k = start; k < start + 6; k++) prefix = prefix * 10 + (digits[k] as number);
    const entry = issuerTable[prefix] as number;
    if ((entry & partialRange) === 0) return entry;
    let leading = "";
    for (let k = start; k < start + 8 && k < this.#count; k++) leading += String(digits[k]);
    return issuerLengthsOf(leading);
  }
}

interface PrefixSums {
  plainEven: Int32Array;
  plainOdd: Int32Array;
  doubledEven: Int32Array;
  doubledOdd: Int32Array;
}

function prefixSumBuffers(size: number): PrefixSums {
  return {
    plainEven: new Int32Array(size),
    plainOdd: new Int32Array(size),
    doubledEven: new Int32Array(size),
    doubledOdd: new Int32Array(size),
  };
}

/**
 * The Luhn sum of digits start..last (inclusive). From the right, every second digit is doubled: the
 * positions whose parity differs from the last digit's.
 */
function luhnSum(sums: PrefixSums, start: number, last: number): number {
  const lastIsEven = (last & 1) === 0;
  const plain = lastIsEven ? sums.plainEven : sums.plainOdd;
  const doubled = lastIsEven ? sums.doubledOdd : sums.doubledEven;
  return (
    (plain[last + 1] as number) -
    (plain[start] as number) +
    (doubled[last + 1] as number) -
    (doubled[start] as number)
  );
}

function grown<T extends Uint8Array | Int32Array>(array: T, Type: new (length: number) => T): T {
  const bigger = new Type(array.length * 2);
  bigger.set(array);
  return bigger;
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
