import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePayment } from "../../src/ingest/to-payment.ts";

const account = "acct_1Nv0FGQ9RKHgCVdK";

/** A payment from a non-Stripe webshop, in GuestGraph's canonical shape, with every optional field. */
function canonical(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL("../fixtures/canonical/payment.json", import.meta.url), "utf8"));
}

/** Only the required fields. */
const minimal = () => ({
  object: "payment",
  id: "till-3:receipt-88",
  created: 1710796939,
  amount: 450,
  currency: "eur",
  status: "succeeded",
});

describe("parsing a canonical payment", () => {
  it("when every field is given, then the payment keeps them all, normalised", () => {
    const payment = canonical();

    const result = parsePayment(payment, account);

    expect(result).toEqual({
      ok: true,
      redacted: [],
      payment: {
        account,
        id: "shop-7781:order-55120",
        object: "payment",
        created: 1710796939,
        amount: 12950,
        currency: "eur",
        status: "succeeded",
        description: "Webshop order 55120, invoice to buchhaltung@weber-gmbh.example",
        billingName: "Lena Weber",
        billingCountry: "DE",
        card: {
          fingerprint: "adyen-8f2c41d07a9e",
          brand: "mastercard",
          last4: "5100",
          expMonth: 9,
          expYear: 2029,
          country: "DE",
        },
        customer: null,
        paymentIntent: null,
        metadata: { shop: "berlin-01", order: "55120" },
        livemode: true,
        refunds: { amountRefunded: 2000, refunded: false },
        dispute: { status: "warning_needs_response", reason: "product_not_received" },
        outcome: {
          riskLevel: "normal",
          riskScore: 18,
          networkStatus: "approved_by_network",
          sellerMessage: null,
          type: "authorized",
        },
        identifiers: [
          { kind: "email", value: "lena.weber@example.de", sources: ["email", "emails"] },
          { kind: "email", value: "l.weber@work.example", sources: ["emails"] },
          { kind: "email", value: "buchhaltung@weber-gmbh.example", sources: ["description"] },
          { kind: "phone", value: "+4930901820", verified: true, sources: ["phone"] },
          { kind: "card", value: "adyen-8f2c41d07a9e", sources: ["card.fingerprint"] },
        ],
      },
    });
  });

  it("when only the required fields are given, then the rest takes its documented default", () => {
    const result = parsePayment(minimal(), account);

    expect(result.ok && result.payment).toEqual({
      account,
      id: "till-3:receipt-88",
      object: "payment",
      created: 1710796939,
      amount: 450,
      currency: "eur",
      status: "succeeded",
      description: null,
      billingName: null,
      billingCountry: null,
      card: null,
      customer: null,
      paymentIntent: null,
      metadata: {},
      livemode: true,
      refunds: { amountRefunded: 0, refunded: false },
      dispute: null,
      outcome: null,
      identifiers: [],
    });
  });

  it.each([
    ["2024-03-18T21:22:19Z", 1710796939],
    ["2024-03-18T22:22:19+01:00", 1710796939],
    ["2024-03-18T21:22:19.750Z", 1710796939],
  ])("when created is the ISO 8601 date-time %s, then it is stored as Unix seconds", (created, seconds) => {
    const result = parsePayment({ ...minimal(), created }, account);

    expect(result.ok && result.payment.created).toBe(seconds);
  });

  it.each(["2024-03-18", "2024-03-18T21:22:19", "yesterday", 1710796939123])(
    "when created is %j, then created is named",
    (created) => {
      const result = parsePayment({ ...minimal(), created }, account);

      expect(!result.ok && result.error).toMatchObject({ param: "created", code: "parameter_invalid" });
    },
  );

  it.each(["object", "id", "created", "amount", "currency", "status"])(
    "when %s is missing, then it is named and no payment is made",
    (field) => {
      const payment: Record<string, unknown> = minimal();
      delete payment[field];

      const result = parsePayment(payment, account);

      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty("payment");
      expect(!result.ok && result.error).toMatchObject({ param: field, code: "parameter_missing" });
    },
  );

  it("when a field is misspelt, then it is named as unknown rather than silently dropped", () => {
    const result = parsePayment({ ...minimal(), emial: "lena.weber@example.de" }, account);

    expect(!result.ok && result.error).toEqual({
      param: "emial",
      code: "parameter_unknown",
      message: "Unknown field: emial. The canonical payment accepts only its documented fields.",
    });
  });

  it("when the second of several emails is not an address, then emails[1] is named without echoing it", () => {
    const result = parsePayment(
      { ...minimal(), emails: ["lena.weber@example.de", "lena at example"] },
      account,
    );

    expect(!result.ok && result.error).toMatchObject({ param: "emails[1]", code: "parameter_invalid" });
    expect(!result.ok && result.error.message).not.toContain("lena");
  });

  it("when more is refunded than was paid, then refunds.amount_refunded is named", () => {
    const result = parsePayment({ ...minimal(), refunds: { amount_refunded: 451 } }, account);

    expect(!result.ok && result.error).toMatchObject({
      param: "refunds.amount_refunded",
      code: "parameter_invalid",
    });
  });

  it("when everything was refunded, then the payment is refunded", () => {
    const result = parsePayment({ ...minimal(), refunds: { amount_refunded: 450 } }, account);

    expect(result.ok && result.payment.refunds).toEqual({ amountRefunded: 450, refunded: true });
  });

  it("when a registered customer paid, then the customer id is kept", () => {
    const result = parsePayment({ ...minimal(), customer: "crm-customer-1181" }, account);

    expect(result.ok && result.payment.customer).toBe("crm-customer-1181");
  });

  it("when the card's last4 is not four digits, then card.last4 is named", () => {
    const result = parsePayment({ ...minimal(), card: { fingerprint: "fp_1", last4: "51OO" } }, account);

    expect(!result.ok && result.error.param).toBe("card.last4");
  });

  it("when the payload is not an object, then it is refused as a whole", () => {
    const result = parsePayment(["not", "a", "payment"], account);

    expect(!result.ok && result.error).toMatchObject({ param: "(payload)", code: "parameter_invalid" });
  });

  it("when object names something else, then object is named with the supported values", () => {
    const result = parsePayment({ ...minimal(), object: "refund" }, account);

    expect(!result.ok && result.error).toEqual({
      param: "object",
      code: "parameter_invalid",
      message: expect.stringContaining('"payment_intent"'),
    });
  });
});
