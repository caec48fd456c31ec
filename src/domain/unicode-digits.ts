/**
 * Digits as people write them: ASCII, full-width (４２), Arabic-Indic (٤٢), Devanagari (४२) and every
 * other Unicode decimal digit (General Category Nd), plus characters whose NFKC form is one digit
 * (superscript ², circled ①). Lookups are cached per code point, so a scan stays linear.
 */

const decimalDigit = /^\p{Nd}$/u;
const cache = new Map<number, number>();
const notAscii = /[^\p{ASCII}]/u;

/**
 * The value 0–9 of the code point as a digit, or -1 when it is not one. Unicode assigns decimal digits
 * only in contiguous runs of ten, from zero to nine, so a digit's value is its offset in its run.
 */
export function digitValue(codePoint: number): number {
  if (codePoint >= 48 && codePoint <= 57) return codePoint - 48;
  if (codePoint < 0x80) return -1;
  const known = cache.get(codePoint);
  if (known !== undefined) return known;
  const value = computeDigitValue(codePoint);
  cache.set(codePoint, value);
  return value;
}

function computeDigitValue(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  if (decimalDigit.test(char)) {
    let zero = codePoint;
    while (zero > 0 && decimalDigit.test(String.fromCodePoint(zero - 1))) zero--;
    return (codePoint - zero) % 10;
  }
  const compatible = char.normalize("NFKC");
  if (compatible.length === 1 && compatible !== char) {
    const code = compatible.charCodeAt(0);
    if (code >= 48 && code <= 57) return code - 48;
  }
  return -1;
}

/** The text with every digit of any script written as ASCII 0–9; everything else as it was. */
export function asciiDigits(text: string): string {
  if (!notAscii.test(text)) return text;
  let out = "";
  for (const char of text) {
    const value = digitValue(char.codePointAt(0) ?? 0);
    out += value >= 0 ? String(value) : char;
  }
  return out;
}
