import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePayment } from "../../src/ingest/to-payment.ts";

const account = "acct_1Nv0FGQ9RKHgCVdK";

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/stripe/${name}.json`, import.meta.url), "utf8"));
}

/** A PaymentIntent retrieved with expand[]=latest_charge (API versions from 2022-11-15). */
const expandedIntent = () => fixture("payment-intent-expanded-latest-charge");
/** A PaymentIntent from an API version before 2022-11-15: a failed attempt, then a successful one, newest first. */
const listedIntent = () => fixture("payment-intent-charges-list");

describe("parsing a Stripe PaymentIntent", () => {
  it("when latest_charge is expanded, then the charge attempt is the payment, with the intent's own facts", () => {
    const intent = expandedIntent();

    const result = parsePayment(intent, account);

    expect(result).toEqual({
      ok: true,
      redacted: [],
      payment: {
        account,
        id: "ch_3MtwBwLkdIwHu7ix2uFD2Gv8",
        object: "charge",
        created: 1680800505,
        amount: 2000,
        currency: "usd",
        status: "succeeded",
        description: "Two tickets, receipt to ops@rocketrides.example",
        billingName: "Ana Ortiz",
        billingCountry: "US",
        card: {
          fingerprint: "q3A8jZ0bxXw3kSgD",
          brand: "mastercard",
          last4: "4444",
          expMonth: 11,
          expYear: 2028,
          country: "US",
        },
        customer: null,
        paymentIntent: "pi_3MtwBwLkdIwHu7ix28a3tqPa",
        metadata: { charge_note: "first attempt", order_id: "6735" },
        livemode: true,
        refunds: { amountRefunded: 500, refunded: false },
        dispute: { status: "disputed", reason: null },
        outcome: {
          riskLevel: "elevated",
          riskScore: 71,
          networkStatus: "approved_by_network",
          sellerMessage: "Stripe evaluated this payment as having elevated risk.",
          type: "authorized",
        },
        identifiers: [
          {
            kind: "email",
            value: "ana.ortiz@example.net",
            sources: ["billing_details.email", "receipt_email"],
          },
          { kind: "email", value: "ops@rocketrides.example", sources: ["description"] },
          { kind: "phone", value: "+14155550123", verified: true, sources: ["billing_details.phone"] },
          { kind: "card", value: "q3A8jZ0bxXw3kSgD", sources: ["payment_method_details.card.fingerprint"] },
        ],
      },
    });
  });

  it("when the intent and its latest charge arrive separately, then both are the same payment", () => {
    const intent = expandedIntent();
    const charge = intent.latest_charge;

    const fromIntent = parsePayment(intent, account);
    const fromCharge = parsePayment(charge, account);

    expect(fromIntent.ok && fromCharge.ok).toBe(true);
    expect(fromIntent.ok && fromIntent.payment.id).toBe(fromCharge.ok && fromCharge.payment.id);
    expect(fromCharge.ok && fromCharge.payment.paymentIntent).toBe("pi_3MtwBwLkdIwHu7ix28a3tqPa");
    expect(fromCharge.ok && fromCharge.payment.created).toBe(fromIntent.ok && fromIntent.payment.created);
  });

  it("when the charges come as a charges.data list, then the most recent charge gives the details", () => {
    const intent = listedIntent();

    const result = parsePayment(intent, account);

    expect(result.ok && result.payment).toMatchObject({
      id: "ch_1HjjzcKOGFB3U5JQuXz1mC9e",
      paymentIntent: "pi_1HjjyaKOGFB3U5JQ4cNtb5Pp",
      status: "succeeded",
      customer: "cus_IKOxQmcdOnXHqb",
      billingCountry: "FR",
      card: { fingerprint: "bW9zY2FyZHMxMjM0", last4: "3155", expMonth: 8, expYear: 2026 },
      outcome: { type: "authorized", riskScore: 12 },
    });
    expect(result.ok && result.payment.identifiers).toContainEqual({
      kind: "phone",
      value: "+33612345678",
      verified: true,
      sources: ["billing_details.phone"],
    });
  });

  it("when the charges.data list is oldest first, then the most recent charge still wins", () => {
    const intent = listedIntent();
    const charges = intent.charges as { data: unknown[] };
    charges.data.reverse();

    const result = parsePayment(intent, account);

    expect(result.ok && result.payment.card?.fingerprint).toBe("bW9zY2FyZHMxMjM0");
  });

  it("when latest_charge is only a charge id, then latest_charge is named and the message says to expand it", () => {
    const intent = { ...expandedIntent(), latest_charge: "ch_3MtwBwLkdIwHu7ix2uFD2Gv8" };

    const result = parsePayment(intent, account);

    expect(result).toEqual({
      ok: false,
      error: {
        param: "latest_charge",
        code: "parameter_invalid",
        message: expect.stringContaining("expand[]=latest_charge"),
      },
    });
  });

  it("when latest_charge is an id of a charge in charges.data, then that charge gives the details", () => {
    const intent = { ...listedIntent(), latest_charge: "ch_1HjjycKOGFB3U5JQbAGm4xTr" };

    const result = parsePayment(intent, account);

    expect(result.ok && result.payment.card?.fingerprint).toBe("c29tZW90aGVyY2Fy");
    expect(result.ok && result.payment.status).toBe("failed");
  });

  it("when a field of the expanded latest_charge is wrong, then its full path is named", () => {
    const intent = expandedIntent();
    (intent.latest_charge as Record<string, unknown>).amount_refunded = -5;

    const result = parsePayment(intent, account);

    expect(!result.ok && result.error.param).toBe("latest_charge.amount_refunded");
  });

  it("when a charge in charges.data lacks its currency, then charges.data[i].currency is named", () => {
    const intent = listedIntent();
    const charges = intent.charges as { data: Record<string, unknown>[] };
    delete charges.data[1]?.currency;

    const result = parsePayment(intent, account);

    expect(!result.ok && result.error).toMatchObject({
      param: "charges.data[1].currency",
      code: "parameter_missing",
    });
  });

  it.each(["id", "amount", "currency", "status", "created", "livemode"])(
    "when the intent's %s is missing, then it is named and no payment is made",
    (field) => {
      const intent = expandedIntent();
      delete intent[field];

      const result = parsePayment(intent, account);

      expect(result).toEqual({
        ok: false,
        error: { param: field, code: "parameter_missing", message: `Missing required param: ${field}.` },
      });
    },
  );

  it.each([
    ["succeeded", null, "succeeded"],
    ["canceled", null, "failed"],
    ["requires_payment_method", { code: "card_declined", type: "card_error" }, "failed"],
    ["requires_payment_method", null, "pending"],
    ["processing", null, "pending"],
    ["requires_action", null, "pending"],
    ["requires_confirmation", null, "pending"],
    ["requires_capture", null, "pending"],
  ])(
    "when the intent is %s (last_payment_error %j) without a charge, then the payment is %s",
    (status, error, expected) => {
      const intent = { ...expandedIntent(), status, latest_charge: null, last_payment_error: error };

      const result = parsePayment(intent, account);

      expect(result.ok && result.payment.status).toBe(expected);
      expect(result.ok && result.payment.card).toBeNull();
    },
  );

  it("when the intent asks for a new payment method after its charge failed, then the charge's failed status is the payment's", () => {
    const intent = expandedIntent();
    intent.status = "requires_payment_method";
    (intent.latest_charge as Record<string, unknown>).status = "failed";

    const result = parsePayment(intent, account);

    expect(result.ok && result.payment.status).toBe("failed");
  });

  it("when the intent is processing and its charge is pending, then the payment is pending", () => {
    const intent = expandedIntent();
    intent.status = "processing";
    (intent.latest_charge as Record<string, unknown>).status = "pending";

    const result = parsePayment(intent, account);

    expect(result.ok && result.payment.status).toBe("pending");
  });

  it("when the intent names no customer but its charge does, then the charge's customer is kept", () => {
    const intent = expandedIntent();
    (intent.latest_charge as Record<string, unknown>).customer = "cus_Ot3vZkq0Bd8d7x";

    const result = parsePayment(intent, account);

    expect(result.ok && result.payment.customer).toBe("cus_Ot3vZkq0Bd8d7x");
  });

  it("when the intent's status is not a PaymentIntent status, then status is named", () => {
    const result = parsePayment({ ...expandedIntent(), status: "paid" }, account);

    expect(!result.ok && result.error).toMatchObject({ param: "status", code: "parameter_invalid" });
  });
});
