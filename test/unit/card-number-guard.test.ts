import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findCardNumber, passesLuhn } from "../../src/domain/card-number-guard.ts";
import { parsePayment } from "../../src/ingest/to-payment.ts";

const account = "acct_1Nv0FGQ9RKHgCVdK";

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8"));
}
const guestCharge = () => fixture("stripe/charge-guest-succeeded.json");

/** Stripe's test card numbers: real card shapes that pass Luhn. */
const visa = "4242424242424242";
const mastercard = "5555 5555 5555 4444";
const amex = "3782-822463-10005";

/** Sets a value deep inside a payload copy, creating objects on the way. */
function withValue(
  payload: Record<string, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  let node = payload;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
  return payload;
}

/** The refusal must not repeat the number or any run of its digits. */
function expectNoDigitsOf(message: string, cardNumber: string) {
  expect(message).not.toContain(cardNumber);
  expect(message).not.toContain(cardNumber.replace(/\D/g, ""));
  expect(message).not.toMatch(/\d{2,}/);
}

describe("card numbers in a payment", () => {
  it.each([
    [["description"], `Paid with ${visa}, thanks`, "description"],
    [["metadata", "note"], `card ${mastercard} exp 12/27`, "metadata.note"],
    [["billing_details", "name"], `Jenny Rosen ${amex}`, "billing_details.name"],
    [["billing_details", "address", "line1"], `${visa} Baker Street`, "billing_details.address.line1"],
    [["statement_descriptor_suffix"], mastercard, "statement_descriptor_suffix"],
    [["shipping", "address", "line2"], `c/o ${amex}`, "shipping.address.line2"],
    [["custom_fields", "notes"], [`call about ${visa}`], "custom_fields.notes[0]"],
  ])(
    "when a card number is written at %j, then the payment is refused naming %s without echoing it",
    (path, text, param) => {
      const charge = withValue(guestCharge(), path as string[], text);

      const result = parsePayment(charge, account);

      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty("payment");
      expect(!result.ok && result.error).toEqual({
        param,
        code: "card_number_not_allowed",
        message: expect.stringContaining("Card numbers must never be sent"),
      });
      expectNoDigitsOf(!result.ok ? result.error.message : "", String(text));
    },
  );

  it("when a card number is a metadata key, then metadata is named and the key is not repeated", () => {
    const charge = withValue(guestCharge(), ["metadata"], { [mastercard]: "customer's card" });

    const result = parsePayment(charge, account);

    expect(!result.ok && result.error).toMatchObject({ param: "metadata", code: "card_number_not_allowed" });
    expect(!result.ok && result.error.message).toContain("a key of metadata");
    expectNoDigitsOf(!result.ok ? result.error.message : "", mastercard);
  });

  it("when the card number sits under a key holding digits, then the key is shown as * so none of its digits are repeated", () => {
    const charge = withValue(guestCharge(), ["metadata", "card 4242"], visa);

    const result = parsePayment(charge, account);

    expect(!result.ok && result.error.param).toBe("metadata.*");
    expectNoDigitsOf(!result.ok ? result.error.message : "", visa);
  });

  it("when a card number is sent as a JSON number, then it is refused too", () => {
    const charge = withValue(guestCharge(), ["metadata", "card"], Number(visa));

    const result = parsePayment(charge, account);

    expect(!result.ok && result.error).toMatchObject({
      param: "metadata.card",
      code: "card_number_not_allowed",
    });
  });

  it("when the payload is otherwise invalid, then the card number is still what refuses it", () => {
    const result = parsePayment({ object: "something", note: `pan ${visa}` }, account);

    expect(!result.ok && result.error).toMatchObject({ param: "note", code: "card_number_not_allowed" });
  });

  it("when a 16-digit number fails the Luhn check, then it is not a card number", () => {
    const charge = withValue(guestCharge(), ["description"], "Tracking 4242 4242 4242 4241");

    const result = parsePayment(charge, account);

    expect(result.ok).toBe(true);
  });

  it.each([
    "+1 (415) 555-0123",
    "+44 20 7946 0958",
    "0044 20 7946 0958",
    "+4915112345678",
    "+61 4 1234 5678 9",
    "00 44 79 1234 5678 12",
  ])("when the phone number %s is written, then it is not taken for a card number", (phone) => {
    const charge = withValue(
      withValue(guestCharge(), ["billing_details", "phone"], phone),
      ["description"],
      `Call ${phone}`,
    );

    const result = parsePayment(charge, account);

    expect(result.ok).toBe(true);
  });

  it.each([
    "ch_3MmlLrLkdIwHu7ix0snN0B15",
    "txn_4242424242424242",
    "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_4242424242424242",
    "order-4242424242424242-b",
    "4242424242424242abc",
    "cus_NffrFeUfNV2Hib",
  ])("when the id %s is written anywhere, then it is not taken for a card number", (id) => {
    const charge = withValue(
      withValue(guestCharge(), ["metadata", "ref"], id),
      ["description"],
      `See ${id}.`,
    );

    expect(findCardNumber(charge)).toBeNull();
  });

  it.each([
    "stripe/charge-guest-succeeded.json",
    "stripe/payment-intent-expanded-latest-charge.json",
    "stripe/payment-intent-charges-list.json",
    "canonical/payment.json",
  ])("when the realistic payload %s arrives, then nothing in it is a card number", (path) => {
    expect(findCardNumber(fixture(path))).toBeNull();
  });

  it("when two card numbers are written side by side, then they are still found", () => {
    expect(findCardNumber({ description: `${visa} ${visa}` })).toEqual({ path: "description", in: "value" });
  });

  it("when the number is written in full-width digits, then it is found", () => {
    expect(findCardNumber({ description: "４２４２４２４２４２４２４２４２" })).toEqual({
      path: "description",
      in: "value",
    });
  });

  it("when any valid card number of 13 to 19 digits is written in prose, grouped or not, then it is found", () => {
    const cardNumbers = fc
      .tuple(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 17 }),
      )
      .map(([first, rest]) => withLuhnDigit(`${first}${rest.join("")}`));
    const separators = fc.constantFrom("", " ", "-");

    fc.assert(
      fc.property(
        cardNumbers,
        separators,
        fc.constantFrom("Card ", "note: ", ""),
        (cardNumber, separator, before) => {
          const written = cardNumber.match(/.{1,4}/g)?.join(separator) ?? cardNumber;

          expect(findCardNumber({ metadata: { note: `${before}${written} please` } })).toEqual({
            path: "metadata.note",
            in: "value",
          });
        },
      ),
    );
  });

  it("when any Stripe-style id is written, then it is never taken for a card number", () => {
    const ids = fc
      .tuple(
        fc.constantFrom("ch_", "pi_", "txn_", "cus_", "py_", "pm_"),
        fc.stringMatching(/^[A-Za-z0-9]{14,40}$/),
      )
      .map(([prefix, body]) => `${prefix}${body}`);

    fc.assert(
      fc.property(ids, (id) => {
        expect(findCardNumber({ description: `ref ${id}`, metadata: { [id]: id } })).toBeNull();
      }),
    );
  });

  it("when any international number is written after +, then it is never taken for a card number", () => {
    const phones = fc
      .array(fc.stringMatching(/^[0-9]{1,4}$/), { minLength: 2, maxLength: 6 })
      .map((groups) => `+${groups.join(" ")}`);

    fc.assert(
      fc.property(phones, (phone) => {
        expect(findCardNumber({ billing_details: { phone }, description: `call ${phone} now` })).toBeNull();
      }),
    );
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

/** Appends the check digit that makes a number pass Luhn, computed as issuers do (not with the code under test). */
function withLuhnDigit(body: string): string {
  let sum = 0;
  // Once the check digit is appended, the body's last digit is second from the right: it is doubled.
  for (let i = 0; i < body.length; i++) {
    const doubled = i % 2 === 0 ? Number(body[body.length - 1 - i]) * 2 : Number(body[body.length - 1 - i]);
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}
