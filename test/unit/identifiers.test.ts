import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  emailsInText,
  normaliseEmail,
  normalisePhone,
  type StripeIdentifierFields,
  stripeIdentifiers,
} from "../../src/domain/identifiers.ts";

/** A charge's identifier fields with nothing in them; each test fills in what it is about. */
const nothing: StripeIdentifierFields = {
  billingEmail: null,
  receiptEmails: [],
  descriptions: [],
  billingPhone: null,
  cardFingerprint: null,
  billingCountry: null,
  cardCountry: null,
};

describe("identifiers from Stripe's fields", () => {
  it("when the description names several email addresses, then each one is an identifier", () => {
    const description =
      "Ordered by Ann.Lee@Example.com for bob_smith+gifts@mail.example.org; cc 'carla@example.co.uk'.";

    const identifiers = stripeIdentifiers({ ...nothing, descriptions: [description] });

    expect(identifiers).toEqual([
      { kind: "email", value: "ann.lee@example.com", sources: ["description"] },
      { kind: "email", value: "bob_smith+gifts@mail.example.org", sources: ["description"] },
      { kind: "email", value: "carla@example.co.uk", sources: ["description"] },
    ]);
  });

  it("when the same address is in billing details, receipt email and description, then it is one identifier with three sources", () => {
    const fields = {
      ...nothing,
      billingEmail: "  Jenny.Rosen@Example.com ",
      receiptEmails: ["jenny.rosen@example.com"],
      descriptions: ["Receipt to JENNY.ROSEN@EXAMPLE.COM"],
    };

    const identifiers = stripeIdentifiers(fields);

    expect(identifiers).toEqual([
      {
        kind: "email",
        value: "jenny.rosen@example.com",
        sources: ["billing_details.email", "receipt_email", "description"],
      },
    ]);
  });

  it("when an email field holds something that is not an address, then it is no identifier (it would tie strangers together)", () => {
    const identifiers = stripeIdentifiers({ ...nothing, billingEmail: "n/a", receiptEmails: ["   "] });

    expect(identifiers).toEqual([]);
  });

  it("when text has no address but an @ in other uses, then nothing is found", () => {
    expect(emailsInText("Meet @ 5pm, 2 items @ 9.99, follow @rocketrides")).toEqual([]);
  });

  it("when an address ends a sentence, then the full stop is not part of it", () => {
    expect(emailsInText("Write to ops@rocketrides.example.")).toEqual(["ops@rocketrides.example"]);
  });

  it("when the card has a fingerprint, then it is the card identifier", () => {
    const identifiers = stripeIdentifiers({ ...nothing, cardFingerprint: "Xt5EWLLDS7FJjR1c" });

    expect(identifiers).toEqual([
      { kind: "card", value: "Xt5EWLLDS7FJjR1c", sources: ["payment_method_details.card.fingerprint"] },
    ]);
  });
});

describe("phone numbers", () => {
  it.each([
    ["+1 (415) 555-0123", null],
    ["415.555.0123", "US"],
    ["(415) 555-0123", "US"],
    ["+14155550123", "GB"],
  ])("when a US number is written %s (billing country %s), then it is +14155550123", (written, country) => {
    const identifiers = stripeIdentifiers({ ...nothing, billingPhone: written, billingCountry: country });

    expect(identifiers).toEqual([
      { kind: "phone", value: "+14155550123", verified: true, sources: ["billing_details.phone"] },
    ]);
  });

  it.each([
    ["0044 20 7946 0958", "GB"],
    ["0044 20 7946 0958", "US"],
    ["0044 20 7946 0958", null],
    ["+44 20 7946 0958", null],
    ["020 7946 0958", "GB"],
  ])(
    "when a London number is written %s (billing country %s), then it is +442079460958",
    (written, country) => {
      expect(normalisePhone(written, country)).toEqual({ value: "+442079460958", verified: true });
    },
  );

  it("when there is no billing country, then the card's country reads a national number", () => {
    const identifiers = stripeIdentifiers({ ...nothing, billingPhone: "06 12 34 56 78", cardCountry: "FR" });

    expect(identifiers).toEqual([
      { kind: "phone", value: "+33612345678", verified: true, sources: ["billing_details.phone"] },
    ]);
  });

  it("when the billing country is known, then it reads the number rather than the card's country", () => {
    const identifiers = stripeIdentifiers({
      ...nothing,
      billingPhone: "020 7946 0958",
      billingCountry: "GB",
      cardCountry: "US",
    });

    expect(identifiers[0]).toMatchObject({ value: "+442079460958", verified: true });
  });

  it("when a number cannot be parsed as valid, then its digits are kept, unverified, as an identifier", () => {
    const identifiers = stripeIdentifiers({ ...nothing, billingPhone: "ext. 12-345", billingCountry: "US" });

    expect(identifiers).toEqual([
      { kind: "phone", value: "12345", verified: false, sources: ["billing_details.phone"] },
    ]);
  });

  it.each(["call me", "   ", "", null])(
    "when the phone %j has no digits, then it is no identifier",
    (written) => {
      expect(stripeIdentifiers({ ...nothing, billingPhone: written, billingCountry: "US" })).toEqual([]);
    },
  );

  it("when the region is not a known country, then the number is still kept as digits", () => {
    expect(normalisePhone("555 0123", "ZZ")).toEqual({ value: "5550123", verified: false });
  });
});

describe("email addresses in any script, read whole or not at all (issue 7, finding 6)", () => {
  it("when two descriptions name andré.martin@ and chloé.martin@ the same domain, then they are two addresses, never their shared tail", () => {
    const andre = emailsInText("Receipt to andré.martin@example.fr");
    const chloe = emailsInText("Receipt to chloé.martin@example.fr");

    expect(andre).toEqual(["andré.martin@example.fr"]);
    expect(chloe).toEqual(["chloé.martin@example.fr"]);
  });

  it("when an address is written in capitals with an umlaut, then it is lower-cased whole", () => {
    expect(emailsInText("From JÖHN@example.com today")).toEqual(["jöhn@example.com"]);
    expect(normaliseEmail("JÖHN@example.com")).toBe("jöhn@example.com");
  });

  it("when an accent is written as a combining mark, then the address is stored composed (NFC)", () => {
    expect(emailsInText("to rene\u0301@example.fr")).toEqual(["ren\u00e9@example.fr"]);
  });

  it.each([
    ["a local part longer than 64 characters", `${"a".repeat(10_000)}@example.com`],
    ["a local part running into a character prose does not put in addresses", "ref#ann@example.com"],
    ["two @ in a row", "a@ann@example.com"],
  ])("when the text holds %s, then no address is read rather than its tail", (_what, text) => {
    expect(emailsInText(text)).toEqual([]);
  });

  it("when addresses are separated by commas, semicolons or quotes, then each is read", () => {
    expect(emailsInText("ann@example.com,bob@example.org;'carla@example.de'")).toEqual([
      "ann@example.com",
      "bob@example.org",
      "carla@example.de",
    ]);
  });

  it("when an address in a description holds a card number, then it is no identifier while the other addresses are", () => {
    expect(
      emailsInText("jo4242424242424242@example.com or jo-4242-4242-4242-4242@example.com, lena@example.de"),
    ).toEqual(["lena@example.de"]);
  });

  it("when an email field holds a card number, then it is no identifier", () => {
    expect(normaliseEmail("jo4242424242424242@example.com")).toBeNull();
  });
});

describe("vanity and non-ASCII phone numbers (issue 7, finding 7)", () => {
  it("when 1-800-FLOWERS and 1-800-CONTACTS are written, then they are read on the keypad and stay two numbers", () => {
    const flowers = normalisePhone("1-800-FLOWERS", "US");
    const contacts = normalisePhone("1-800-CONTACTS", "US");

    expect(flowers).toEqual({ value: "+18003569377", verified: true });
    expect(contacts?.value).not.toBe(flowers?.value);
    expect(contacts?.value).not.toBe("1800");
  });

  it("when a US number is written in full-width digits, then it is the same number", () => {
    expect(normalisePhone("＋１ ４１５ ５５５ ０１２３", null)).toEqual({
      value: "+14155550123",
      verified: true,
    });
  });

  it("when an Egyptian number is written in Arabic-Indic digits, then it is read as digits", () => {
    expect(normalisePhone("٠١٠٠١٢٣٤٥٦٧", "EG")).toEqual({ value: "+201001234567", verified: true });
  });

  it("when a card number is given as the phone, then it is no identifier", () => {
    expect(normalisePhone("+4242424242424242", "US")).toBeNull();
    expect(normalisePhone("4242 4242 4242 4242", null)).toBeNull();
  });

  it("when a phone is written with words before it, then the words are not read on the keypad", () => {
    expect(normalisePhone("call 415 555 0123", "US")).toEqual({ value: "+14155550123", verified: true });
  });

  it("when a number has an extension, then the extension's letters are not read on the keypad", () => {
    expect(normalisePhone("415 555 0123 ext 12", "US")).toEqual({ value: "+14155550123", verified: true });
  });

  it("when two different numbers are written, whatever their letters, then they never become one identifier", () => {
    const vanity = fc.stringMatching(/^1-800-[A-Z]{7}$/);

    fc.assert(
      fc.property(vanity, vanity, (a, b) => {
        fc.pre(keypad(a) !== keypad(b));
        expect(normalisePhone(a, "US")?.value).not.toBe(normalisePhone(b, "US")?.value);
      }),
    );
  });
});

/** The keypad reading written out here: A–C 2, D–F 3, G–I 4, J–L 5, M–O 6, P–S 7, T–V 8, W–Z 9. */
function keypad(text: string): string {
  const keys = ["ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"];
  return [...text]
    .map((char) => {
      const key = keys.findIndex((letters) => letters.includes(char));
      return key >= 0 ? String(key + 2) : char;
    })
    .join("");
}

describe("text scans of any size and shape (issue 7, finding 1)", () => {
  it.each([
    ["x", "x"],
    ["letters", "abcdefghij"],
    ["quoted local parts", '"a'],
    ["at signs", "@a"],
    ["dotted words", "a."],
  ])(
    "when a 10 MB description is %s with an address at its end, then the address is read (one pass: the old scan needed 9 s for 100 KB)",
    (_shape, unit) => {
      const description = `${unit.repeat(Math.ceil(10_000_000 / unit.length))} ann@example.com`;

      expect(emailsInText(description)).toEqual(["ann@example.com"]);
    },
  );

  it("when a 10 MB description holds card numbers and addresses in turn, then the addresses beside a card number are not read and the others are", () => {
    const description = "4242 4242 4242 4242 ann@example.com jo4242424242424242@example.com ".repeat(150_000);

    expect(emailsInText(description)).toEqual(["ann@example.com"]);
  });
});
