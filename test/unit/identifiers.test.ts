import { describe, expect, it } from "vitest";
import {
  emailsInText,
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
