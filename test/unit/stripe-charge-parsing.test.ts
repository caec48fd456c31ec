import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePayment } from "../../src/ingest/to-payment.ts";

const account = "acct_1Nv0FGQ9RKHgCVdK";

/** A fresh copy of Stripe's documented Charge (a guest, paying from London with a US card). */
function guestCharge(): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
  );
}

describe("parsing a Stripe Charge", () => {
  it("when a full guest Charge arrives, then every field the views need is kept and the rest is ignored", () => {
    const charge = guestCharge();

    const result = parsePayment(charge, account);

    expect(result).toEqual({
      ok: true,
      redacted: [],
      payment: {
        account,
        id: "ch_3MmlLrLkdIwHu7ix0snN0B15",
        object: "charge",
        created: 1679090539,
        amount: 1099,
        currency: "gbp",
        status: "succeeded",
        description: "Order 1042 for jenny.rosen@example.com (gift for Sam Lee <sam.lee@example.org>)",
        billingName: "Jenny Rosen",
        billingCountry: "GB",
        card: {
          fingerprint: "Xt5EWLLDS7FJjR1c",
          brand: "visa",
          last4: "4242",
          expMonth: 3,
          expYear: 2027,
          country: "US",
        },
        customer: null,
        paymentIntent: null,
        metadata: { order_id: "1042", channel: "web" },
        livemode: false,
        refunds: { amountRefunded: 0, refunded: false },
        dispute: null,
        outcome: {
          riskLevel: "normal",
          riskScore: 32,
          networkStatus: "approved_by_network",
          sellerMessage: "Payment complete.",
          type: "authorized",
        },
        identifiers: [
          {
            kind: "email",
            value: "jenny.rosen@example.com",
            sources: ["billing_details.email", "receipt_email", "description"],
          },
          { kind: "email", value: "sam.lee@example.org", sources: ["description"] },
          { kind: "phone", value: "+442079460958", verified: true, sources: ["billing_details.phone"] },
          { kind: "card", value: "Xt5EWLLDS7FJjR1c", sources: ["payment_method_details.card.fingerprint"] },
        ],
      },
    });
  });

  it("when the customer is a registered customer's id, then the payment is not a guest's", () => {
    const charge = { ...guestCharge(), customer: "cus_NffrFeUfNV2Hib" };

    const result = parsePayment(charge, account);

    expect(result.ok && result.payment.customer).toBe("cus_NffrFeUfNV2Hib");
  });

  it("when the customer is expanded into a Customer object, then its id is the customer", () => {
    const charge = {
      ...guestCharge(),
      customer: { id: "cus_NffrFeUfNV2Hib", object: "customer", email: "a@example.com" },
    };

    const result = parsePayment(charge, account);

    expect(result.ok && result.payment.customer).toBe("cus_NffrFeUfNV2Hib");
  });

  it("when the customer is null, then the payment is a guest payment", () => {
    const result = parsePayment({ ...guestCharge(), customer: null }, account);

    expect(result.ok && result.payment.customer).toBeNull();
  });

  it.each(["id", "object", "amount", "currency", "status", "created", "livemode"])(
    "when %s is missing, then the payment is refused naming %s",
    (field) => {
      const charge = guestCharge();
      delete charge[field];

      const result = parsePayment(charge, account);

      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty("payment");
      expect(!result.ok && result.error).toEqual({
        param: field,
        code: "parameter_missing",
        message: expect.stringMatching(new RegExp(`^Missing required param: ${field}\\.`)),
      });
    },
  );

  it.each([
    ["amount", -1, "amount"],
    ["amount", 10.5, "amount"],
    ["amount", "1099", "amount"],
    ["currency", "pounds", "currency"],
    ["created", 1679090539000, "created"],
    ["status", "refunded", "status"],
    ["id", "ch_1/../../x", "id"],
    ["metadata", { order_id: 1042 }, "metadata.order_id"],
  ])("when %s is %j, then the payment is refused naming %s", (field, value, param) => {
    const charge = { ...guestCharge(), [field]: value };

    const result = parsePayment(charge, account);

    expect(!result.ok && result.error.param).toBe(param);
    expect(!result.ok && result.error.code).toBe("parameter_invalid");
  });

  it("when the card fingerprint is not a fingerprint, then the error names payment_method_details.card.fingerprint without echoing it", () => {
    const charge = guestCharge();
    const details = charge.payment_method_details as { card: Record<string, unknown> };
    details.card.fingerprint = "jenny rosen's card";

    const result = parsePayment(charge, account);

    expect(!result.ok && result.error.param).toBe("payment_method_details.card.fingerprint");
    expect(!result.ok && result.error.message).not.toContain("jenny");
  });

  it("when livemode is not a boolean, then the message says what was expected in plain words", () => {
    const result = parsePayment({ ...guestCharge(), livemode: "yes" }, account);

    expect(!result.ok && result.error).toEqual({
      param: "livemode",
      code: "parameter_invalid",
      message: "Invalid livemode: expected boolean, received string.",
    });
  });

  it("when the currency is written in capitals, then it is kept lower-case as Stripe writes it", () => {
    const result = parsePayment({ ...guestCharge(), currency: "GBP" }, account);

    expect(result.ok && result.payment.currency).toBe("gbp");
  });

  it("when Stripe adds fields GuestGraph does not know, then they are ignored", () => {
    const charge = {
      ...guestCharge(),
      presentment_details: { presentment_amount: 1099 },
      brand_new_field: true,
    };

    const result = parsePayment(charge, account);

    expect(result.ok).toBe(true);
  });

  it("when the charge is only flagged disputed, then the dispute is known without a status", () => {
    const result = parsePayment({ ...guestCharge(), disputed: true }, account);

    expect(result.ok && result.payment.dispute).toEqual({ status: "disputed", reason: null });
  });

  it("when the dispute is expanded, then its status and reason are kept", () => {
    const charge = {
      ...guestCharge(),
      disputed: true,
      dispute: {
        id: "dp_1MmlPQLkdIwHu7ixDTHH3p6o",
        object: "dispute",
        status: "needs_response",
        reason: "fraudulent",
      },
    };

    const result = parsePayment(charge, account);

    expect(result.ok && result.payment.dispute).toEqual({ status: "needs_response", reason: "fraudulent" });
  });

  it("when the expanded dispute has an unknown status, then dispute.status is named", () => {
    const charge = {
      ...guestCharge(),
      dispute: { id: "dp_1", object: "dispute", status: "pondering", reason: null },
    };

    const result = parsePayment(charge, account);

    expect(!result.ok && result.error.param).toBe("dispute.status");
  });

  it("when part of the charge was refunded, then the refunded amount is kept and the charge is not fully refunded", () => {
    const result = parsePayment({ ...guestCharge(), amount_refunded: 300, refunded: false }, account);

    expect(result.ok && result.payment.refunds).toEqual({ amountRefunded: 300, refunded: false });
  });

  it("when the charge failed, then the payment's status is failed", () => {
    const result = parsePayment({ ...guestCharge(), status: "failed", paid: false }, account);

    expect(result.ok && result.payment.status).toBe("failed");
  });

  it("when the charge paid without a card (no payment_method_details.card), then card is null and no card identifier exists", () => {
    const charge = {
      ...guestCharge(),
      payment_method_details: { type: "us_bank_account", us_bank_account: { last4: "6789" } },
    };

    const result = parsePayment(charge, account);

    expect(result.ok && result.payment.card).toBeNull();
    expect(result.ok && result.payment.identifiers.map((identifier) => identifier.kind)).not.toContain(
      "card",
    );
  });

  it("when the account is not an id, then account is named and nothing is parsed", () => {
    const result = parsePayment(guestCharge(), "acct/../other");

    expect(!result.ok && result.error.param).toBe("account");
  });
});
