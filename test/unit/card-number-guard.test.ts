import { readFileSync } from "node:fs";
import creditCardType from "credit-card-type";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  containsCardNumber,
  isCardNumber,
  maskCardNumbers,
  maskCardNumbersDeep,
  passesLuhn,
} from "../../src/domain/card-number-guard.ts";
import { parsePayment } from "../../src/ingest/to-payment.ts";

const account = "acct_1Nv0FGQ9RKHgCVdK";

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8"));
}
const guestCharge = () => fixture("stripe/charge-guest-succeeded.json");
const canonical = (fields: Record<string, unknown> = {}) => ({
  ...fixture("canonical/payment.json"),
  ...fields,
});

/** Stripe's test card numbers: real card shapes that pass Luhn. */
const visa = "4242424242424242";
const mastercard = "5555 5555 5555 4444";
const amex = "3782-822463-10005";

/**
 * The reference for "is this a card number": credit-card-type's brand table read here (issuer range
 * and the brand's lengths), and a Luhn check written here, digit by digit.
 */
function referenceIsCardNumber(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  const issued = Object.values(creditCardType.types)
    .map((type) => creditCardType.getTypeInfo(type))
    .filter((info) => matchesAnyPattern(info, digits));
  if (!issued.some((info) => info.lengths.includes(digits.length))) return false;
  let sum = 0;
  [...digits].reverse().forEach((char, index) => {
    const digit = Number(char) * (index % 2 === 1 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  });
  return sum % 10 === 0;
}

function matchesAnyPattern(info: { patterns: (number | number[])[] }, digits: string): boolean {
  return info.patterns.some((pattern) => {
    const [min, max] = Array.isArray(pattern) ? pattern : [pattern, pattern];
    const prefix = Number(digits.slice(0, String(min).length));
    return prefix >= (min as number) && prefix <= Number(String(max).slice(0, String(min).length));
  });
}

/** Appends the check digit that makes a number pass Luhn, computed as issuers do. */
function withLuhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const doubled = i % 2 === 0 ? Number(body[body.length - 1 - i]) * 2 : Number(body[body.length - 1 - i]);
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** The digits of a text, any script, as ASCII. */
const digitsOf = (text: string) =>
  [...text.normalize("NFKC")]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (code >= 0x660 && code <= 0x669) return String(code - 0x660);
      return /\d/.test(char) ? char : "";
    })
    .join("");

describe("the card-number rule: every spelling that slipped through is found (issue 7, finding 2)", () => {
  it.each([
    ["dots", "4242.4242.4242.4242"],
    ["slashes", "4242/4242/4242/4242"],
    ["underscores", "4242_4242_4242_4242"],
    ["commas", "4242,4242,4242,4242"],
    ["newlines", "4242\n4242\n4242\n4242"],
    ["en dashes", "4242–4242–4242–4242"],
    ["zero-width spaces", "4242\u200B4242\u200B4242\u200B4242"],
    ["four spaces", "4242    4242    4242    4242"],
    ["no-break and thin spaces", "4242\u00A04242\u20094242\u202F4242"],
    ["letters before", "PAN4242424242424242"],
    ["a letter after", "4242424242424242x"],
    ["a reference prefix", "ref-4242424242424242"],
    ["a plus, as a phone", "+4242424242424242"],
    ["an email local part", "jo4242424242424242@example.com"],
    ["a dashed email local part", "jo-4242-4242-4242-4242@example.com"],
    ["full-width digits", "４２４２４２４２４２４２４２４２"],
    ["Arabic-Indic digits", "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢"],
    ["mathematical bold digits", "𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐"],
    ["a Mastercard in the 2-series", "2223 0031 2200 3222"],
    ["an Amex, grouped 4-6-5", amex],
  ])(
    "when a card number is written with %s (%s), then it is found and all but its last four digits are masked",
    (_how, written) => {
      const masked = maskCardNumbers(`note: ${written} thanks`);

      expect(containsCardNumber(written)).toBe(true);
      expect(containsCardNumber(masked)).toBe(false);
      expect(digitsOf(masked)).toBe(digitsOf(written).slice(-4));
      expect(masked.startsWith("note: ")).toBe(true);
    },
  );

  it("when two card numbers are written side by side, then both are masked", () => {
    expect(maskCardNumbers(`${visa} ${mastercard}`)).toBe("************4242 **** **** **** 4444");
  });

  it("when any card number of a real brand is grouped by any short run of separators, with or without letters around, then it is found", () => {
    const brandPrefixes = fc.constantFrom(
      "4",
      "51",
      "55",
      "2221",
      "2720",
      "34",
      "37",
      "6011",
      "65",
      "3530",
      "62",
      "36",
    );
    const cards = fc
      .tuple(brandPrefixes, fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 20, maxLength: 20 }))
      .map(([prefix, rest]) => {
        const lengths = creditCardType(prefix)[0]?.lengths ?? [16];
        const length = Math.max(...lengths.filter((n) => n >= 13 && n <= 19));
        return withLuhnDigit(`${prefix}${rest.join("")}`.slice(0, length - 1));
      });
    const separator = fc
      .array(fc.constantFrom(" ", "-", ".", "/", "_", ",", "\n", "\u2013", "\u200B", "\u3000", "\t"), {
        minLength: 0,
        maxLength: 16,
      })
      .map((chars) => chars.join(""));
    const glue = fc.constantFrom("", "PAN", "ref-", "+", "x", " ");

    fc.assert(
      fc.property(
        cards,
        fc.array(separator, { minLength: 5, maxLength: 5 }),
        glue,
        glue,
        (card, gaps, before, after) => {
          const written = (card.match(/.{1,4}/g) ?? [])
            .map((group, index) => `${index > 0 ? gaps[index - 1] : ""}${group}`)
            .join("");

          const masked = maskCardNumbers(`${before}${written}${after}`);

          expect(containsCardNumber(`${before}${written}${after}`)).toBe(true);
          expect(digitsOf(masked)).toBe(card.slice(-4));
        },
      ),
    );
  });
});

describe("the card-number rule: what real payments carry is not taken for one (issue 7, finding 3)", () => {
  it.each([
    ["an order id", "2024031812345679"],
    ["a timestamp in milliseconds", "1710796939117"],
    ["a Chinese mobile number", "8613800138002"],
    ["two US phone numbers in a row", "call 415 555 0132 415 555 0199"],
    ["a German mobile number", "+4915112345678"],
    ["a London number dialled with 00", "0044 20 7946 0958"],
    ["a Stripe charge id", "ch_3MmlLrLkdIwHu7ix0snN0B15"],
    ["a Stripe network transaction id", "104557651805578"],
    ["a card number that fails Luhn", "4242 4242 4242 4241"],
  ])("when %s (%s) is written, then it is not a card number and is kept as written", (_what, written) => {
    expect(containsCardNumber(written)).toBe(false);
    expect(maskCardNumbers(written)).toBe(written);
  });

  it.each([13, 16])(
    "when any %i-digit value is written, then it is a card number exactly when it is in a brand's range and length and passes Luhn",
    (length) => {
      const values = fc
        .array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
        .map((d) => d.join(""));

      fc.assert(
        fc.property(values, (value) => {
          expect(containsCardNumber(value)).toBe(referenceIsCardNumber(value));
          expect(isCardNumber(value)).toBe(referenceIsCardNumber(value));
        }),
        { numRuns: 2000 },
      );
    },
  );

  it("when any Stripe-style id is written, then it is never taken for a card number", () => {
    const ids = fc
      .tuple(
        fc.constantFrom("ch_", "pi_", "txn_", "cus_", "py_", "pm_"),
        fc.stringMatching(/^[A-Za-z0-9]{14,40}$/),
      )
      .map(([prefix, body]) => `${prefix}${body}`)
      .filter((id) => !/\d{13}/.test(id));

    fc.assert(
      fc.property(ids, (id) => {
        expect(maskCardNumbersDeep({ description: `ref ${id}`, metadata: { [id]: id } }).redacted).toEqual(
          [],
        );
      }),
    );
  });
});

describe("the one-pass scan against a plain reading of the rule", () => {
  /**
   * The rule read plainly, for ASCII text: split into runs of digit groups (letters end a run, as do more
   * than 16 separators in a row); from each group start, left to right, the longest group-aligned stretch
   * that isCardNumber accepts is a card number, and the starts inside it are skipped.
   */
  function referenceMask(text: string): string {
    const chars = [...text];
    const out = [...chars];
    let i = 0;
    while (i < chars.length) {
      if (!/\d/.test(chars[i] as string)) {
        i++;
        continue;
      }
      // One run: groups of [index of each digit].
      const groups: number[][] = [];
      let group: number[] = [];
      let gap = 0;
      let j = i;
      for (; j < chars.length; j++) {
        const char = chars[j] as string;
        if (/\d/.test(char)) {
          if (gap > 16) break;
          if (gap > 0 && group.length > 0) {
            groups.push(group);
            group = [];
          }
          group.push(j);
          gap = 0;
        } else if (/[A-Za-z]/.test(char)) break;
        else gap++;
      }
      if (group.length > 0) groups.push(group);
      let consumedUpTo = -1;
      for (let g = 0; g < groups.length; g++) {
        const startIndex = groups[g]?.[0] as number;
        if (startIndex <= consumedUpTo) continue;
        let best: number[] | null = null;
        let digits: number[] = [];
        for (let h = g; h < groups.length; h++) {
          digits = [...digits, ...(groups[h] as number[])];
          if (digits.length > 19) break;
          if (digits.length >= 13 && isCardNumber(digits.map((k) => chars[k]).join(""))) best = digits;
        }
        if (best) {
          for (const k of best.slice(0, -4)) out[k] = "*";
          consumedUpTo = best.at(-1) as number;
        }
      }
      i = Math.max(j, i + 1);
    }
    return out.join("");
  }

  it("when any text of digits, separators and letters is masked, then the result is the plain reading's", () => {
    const cardLike = fc
      .tuple(
        fc.constantFrom("4", "51", "2221", "34", "37", "6011", "65", "3530", "62", "36", "5018"),
        fc.stringMatching(/^[0-9]{10,18}$/),
      )
      .map(([prefix, rest]) => withLuhnDigit(`${prefix}${rest}`.slice(0, 15)));
    const piece = fc.oneof(
      cardLike,
      fc.stringMatching(/^[0-9]{1,6}$/),
      fc.constantFrom(" ", "-", ".", "  ", "/", "_", "x", "ab", " ".repeat(17), "\n"),
    );
    const texts = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(""));

    fc.assert(
      fc.property(texts, (text) => {
        expect(maskCardNumbers(text)).toBe(referenceMask(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("masking a whole payload", () => {
  it("when values, keys and array items hold card numbers, then each is masked and named Stripe style", () => {
    const payload = {
      description: `paid ${visa}`,
      metadata: { [mastercard]: "card", note: "ok" },
      lines: ["x", amex],
    };

    const { value, redacted } = maskCardNumbersDeep(payload);

    expect(value).toEqual({
      description: "paid ************4242",
      metadata: { "**** **** **** 4444": "card", note: "ok" },
      lines: ["x", "****-******-*0005"],
    });
    expect(redacted).toEqual(["description", "lines[1]", "metadata.**** **** **** 4444"]);
  });

  it("when two keys hold card numbers with the same last four digits, then both keys are kept", () => {
    const { value } = maskCardNumbersDeep({ [visa]: "a", "4000 0566 5566 4242": "b" });

    expect(Object.values(value)).toEqual(["a", "b"]);
  });

  it("when a payload is nested 10,000 levels deep, then it is walked without overflowing the stack", () => {
    let deep: unknown = `card ${visa}`;
    for (let level = 0; level < 10_000; level++) deep = [deep];

    const { redacted } = maskCardNumbersDeep({ data: deep });

    expect(redacted).toHaveLength(1);
    expect(redacted[0]).toMatch(/^data(\[0\]){10000}$/);
  });

  it("when a key is __proto__, then it stays a plain key of the copy", () => {
    const payload = JSON.parse(`{"__proto__": {"polluted": "${visa}"}}`);

    const { value } = maskCardNumbersDeep(payload);

    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });

  it("when a card number is a JSON number, then it is listed as one that cannot be masked", () => {
    expect(maskCardNumbersDeep({ amount: Number(visa) }).cardNumbersAsNumbers).toEqual(["amount"]);
  });
});

describe("a payment carrying a card number is stored masked, never refused", () => {
  it.each([
    [["description"], `Paid with ${visa}, thanks`, "description"],
    [["metadata", "note"], `card ${mastercard} exp 12/27`, "metadata.note"],
    [["billing_details", "name"], `Jenny Rosen ${amex}`, "billing_details.name"],
  ])(
    "when a card number is written at %j, then the payment is accepted with it masked and %s is named",
    (path, text, named) => {
      const charge = guestCharge();
      let node = charge as Record<string, unknown>;
      for (const key of (path as string[]).slice(0, -1)) node = node[key] as Record<string, unknown>;
      node[(path as string[]).at(-1) as string] = text;

      const result = parsePayment(charge, account);

      expect(result.ok && result.redacted).toEqual([named]);
      const digits = text.replace(/\D/g, "");
      const stored = JSON.stringify(result).replace(/[^\d*]/g, "");
      expect(stored).not.toContain(digits.slice(0, 8));
      expect(JSON.stringify(result)).toContain(`${"*".repeat(4)}`);
    },
  );

  it("when a metadata key is a card number, then the key is stored masked", () => {
    const result = parsePayment({ ...guestCharge(), metadata: { [visa]: "customer's card" } }, account);

    expect(result.ok && result.payment.metadata).toEqual({ "************4242": "customer's card" });
    expect(result.ok && result.redacted).toEqual(["metadata.************4242"]);
  });

  it("when Stripe's network_transaction_id (15 digits, Luhn-valid) arrives, then it is dropped unread and nothing is redacted", () => {
    const charge = guestCharge() as { payment_method_details: { card: Record<string, unknown> } };
    charge.payment_method_details.card.network_transaction_id = "104557651805578";

    const result = parsePayment(charge, account);

    expect(result.ok && result.redacted).toEqual([]);
  });

  it("when metadata holds order ids, millisecond timestamps and phone numbers, then nothing is redacted", () => {
    const payment = canonical({
      metadata: { order_id: "2024031812345679", created_ms: "1710796939117", phone: "8613800138002" },
      phone: "call 415 555 0132 415 555 0199",
    });

    const result = parsePayment(payment, account);

    expect(result.ok && result.redacted).toEqual([]);
    expect(result.ok && result.payment.metadata).toMatchObject({ order_id: "2024031812345679" });
  });

  it("when an email, an emails[] item, a phone and the card fingerprint each hold a card number, then each is masked and none is an identifier", () => {
    const payment = canonical({
      email: "jo4242424242424242@example.com",
      emails: ["jo-4242-4242-4242-4242@example.com", "kept@example.com"],
      phone: "+4242424242424242",
      card: { fingerprint: `fp${visa}`, last4: "4242" },
      description: "receipt to jo.4242.4242.4242.4242@example.com and lena@example.de",
    });

    const result = parsePayment(payment, account);

    expect(result.ok && result.redacted).toEqual([
      "card.fingerprint",
      "description",
      "email",
      "emails[0]",
      "phone",
    ]);
    expect(result.ok && result.payment.identifiers.map((identifier) => identifier.value)).toEqual([
      "kept@example.com",
      "lena@example.de",
    ]);
  });

  it("when a card number is sent as the amount, a JSON number that cannot be masked, then the payment is refused without echoing it", () => {
    const result = parsePayment(canonical({ amount: Number(visa) }), account);

    expect(!result.ok && result.error).toMatchObject({ param: "amount", code: "card_number_not_allowed" });
    expect(JSON.stringify(result)).not.toContain("4242");
  });

  it("when an unknown canonical field is named by a card number, then the refusal names it masked", () => {
    const result = parsePayment(canonical({ [visa]: "x" }), account);

    expect(!result.ok && result.error).toMatchObject({
      code: "parameter_unknown",
      param: "************4242",
    });
    expect(JSON.stringify(result)).not.toContain(visa);
  });

  it.each([
    "stripe/charge-guest-succeeded.json",
    "stripe/payment-intent-expanded-latest-charge.json",
    "stripe/payment-intent-charges-list.json",
    "canonical/payment.json",
  ])("when the realistic payload %s arrives, then nothing in it is redacted", (path) => {
    const result = parsePayment(fixture(path), account);

    expect(result.ok && result.redacted).toEqual([]);
  });
});

describe("the Luhn check", () => {
  it.each([visa, "5555555555554444", "378282246310005", "4000056655665556"])(
    "when %s is a test card, then it passes",
    (digits) => {
      expect(passesLuhn(digits)).toBe(true);
    },
  );

  it("when one digit of a card number changes, then it fails", () => {
    expect(passesLuhn("4242424242424243")).toBe(false);
  });
});
