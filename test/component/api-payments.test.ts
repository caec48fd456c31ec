import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { apiUnderTest, type CallOptions, errorOf, randomKey } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { paymentFrom } from "../support/payment-factory.ts";

/**
 * POST /v1/payments and GET /v1/payments/:id through real HTTP and Neo4j, with the API's own routes
 * (createApp's default /v1 list). Payments are Stripe objects from test/fixtures/stripe.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount(); // the app's default account
const otherAccount = uniqueAccount();

const logLines: string[] = [];
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: {
    admin: "any account",
    reader: [account, otherAccount],
    investigator: "any account",
    ingest: [account, otherAccount],
  },
  defaultKey: "admin",
  logLines,
});

beforeAll(() => api.start());

afterAll(async () => {
  await api.stop();
  await db.close();
});

const post = (body: unknown, options: Omit<CallOptions, "body"> = {}) =>
  api.call("POST", "/v1/payments", { key: "ingest", body, ...options });

// ---- Payments to send ----

// biome-ignore lint/suspicious/noExplicitAny: Stripe objects are free-form JSON that tests reshape
type Json = Record<string, any>;

function stripeFixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../fixtures/stripe/${name}.json`, import.meta.url), "utf8"));
}

let sequence = 0;
/** A fresh id, so that tests sharing an account never touch each other's payments. */
function freshId(prefix: string): string {
  sequence += 1;
  // "x" between the random part and the sequence: never thirteen digits in a row, which could be a card number (and be masked).
  return `${prefix}_${randomBytes(5).toString("hex")}x${sequence}`;
}

/** The fixture guest Charge with its own id and identifiers. */
function charge(
  overrides: { id?: string; created?: number; email?: string; fingerprint?: string } = {},
): Json {
  const base = stripeFixture("charge-guest-succeeded");
  const id = overrides.id ?? freshId("ch");
  return {
    ...base,
    id,
    created: overrides.created ?? base.created,
    receipt_email: null,
    description: null,
    billing_details: {
      ...base.billing_details,
      email: overrides.email ?? `${id.toLowerCase()}@example.com`,
      phone: null,
    },
    payment_method_details: {
      ...base.payment_method_details,
      card: {
        ...base.payment_method_details.card,
        fingerprint: overrides.fingerprint ?? `fp${id.replace(/_/g, "")}`,
      },
    },
  };
}

/** A small canonical payment. */
function canonical(overrides: Json = {}): Json {
  const id = overrides.id ?? freshId("order");
  return {
    object: "payment",
    id,
    created: 1_700_000_000,
    amount: 1500,
    currency: "usd",
    status: "succeeded",
    email: `${String(id).replace(/[^a-z0-9]/gi, "")}@example.com`,
    ...overrides,
  };
}

async function storedPaymentCount(inAccount: string, ids: string[]): Promise<number> {
  const [row] = await db.read<{ n: number }>(
    "UNWIND $ids AS id MATCH (p:Payment {account: $account, id: id}) RETURN count(p) AS n",
    { account: inAccount, ids },
  );
  return row?.n ?? 0;
}

// ---- POST /v1/payments ----

describe("POST /v1/payments: one payment", () => {
  it("when a Stripe guest charge is sent, then it answers created with the guest it founded, and the payment is stored", async () => {
    const sent = charge();

    const answer = await post(sent);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      object: "payment_result",
      id: sent.id,
      guest: guestIdFor(account, sent.id),
      result: "created",
      redacted: [],
      error: null,
    });
    expect(await storedPaymentCount(account, [sent.id])).toBe(1);
  });

  it("when the same charge comes again, then unchanged; with a refund, then updated", async () => {
    const sent = charge();
    await post(sent);

    const again = await post(sent);
    const refunded = await post({ ...sent, amount_refunded: 500 });

    expect(again.json).toMatchObject({ id: sent.id, result: "unchanged" });
    expect(refunded.json).toMatchObject({ id: sent.id, result: "updated" });
    const retrieved = await api.call("GET", `/v1/payments/${sent.id}`, { key: "reader" });
    expect(retrieved.json).toMatchObject({ amount_refunded: 500, refunded: false });
  });

  it("when a PaymentIntent with its latest charge expanded is sent, then it is stored as that charge", async () => {
    const intent = stripeFixture("payment-intent-expanded-latest-charge");

    const answer = await post(intent, { account: otherAccount });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: "payment_result",
      id: intent.latest_charge.id,
      result: "created",
    });
    const retrieved = await api.call("GET", `/v1/payments/${intent.latest_charge.id}`, {
      key: "reader",
      account: otherAccount,
    });
    expect(retrieved.json).toMatchObject({ payment_intent: intent.id, amount: 2000, currency: "usd" });
  });

  it("when a canonical payment with an id holding ':' is sent, then it is stored and retrievable by that id", async () => {
    const sent = canonical({ id: `shop-7781:${freshId("order")}` });

    const answer = await post(sent);
    const retrieved = await api.call("GET", `/v1/payments/${encodeURIComponent(sent.id)}`, { key: "reader" });

    expect(answer.json).toMatchObject({ id: sent.id, result: "created" });
    expect(retrieved.status).toBe(200);
    expect(retrieved.json).toMatchObject({ id: sent.id, amount: 1500, currency: "usd" });
  });

  it("when a malformed payment is sent, then 400 naming the field and nothing is written", async () => {
    const sent = canonical();
    delete sent.amount;

    const answer = await post(sent);

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_missing",
      param: "amount",
    });
    expect(await storedPaymentCount(account, [sent.id])).toBe(0);
  });

  it("when an object of no supported kind is sent, then 400 and nothing is written", async () => {
    const answer = await post({ object: "customer", id: freshId("cus") });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).type).toBe("invalid_request_error");
    expect(errorOf(answer).param).not.toBeUndefined();
  });

  it("when a payment carries a card number, then it is stored with the number masked, the result names the field, and the number is never echoed or logged", async () => {
    const cardNumber = "4242 4242 4242 4242";
    const sent = charge();
    sent.metadata = { ...sent.metadata, note: `paid with ${cardNumber}` };

    const answer = await post(sent);
    const stored = await api.get(`/v1/payments/${sent.id}`, { key: "reader" });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: sent.id, result: "created", redacted: ["metadata.note"] });
    expect(stored.json.metadata.note).toBe("paid with **** **** **** 4242");
    for (const text of [answer.text, stored.text, logLines.join("\n")]) {
      expect(text).not.toContain("4242 4242");
      expect(text).not.toContain("4242424242424242");
    }
  });

  it("when the body is not an object, then 400 and nothing is written", async () => {
    const answer = await post([charge()]);

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ type: "invalid_request_error", param: null });
  });
});

describe("POST /v1/payments: a batch", () => {
  it("when a batch mixes valid and malformed payments, then each answers in order, the refused ones by data[i] field, and only the valid ones are written", async () => {
    const first = charge({ created: 1_700_000_100 });
    const noCurrency = charge();
    delete noCurrency.currency;
    const third = canonical({ created: 1_700_000_200 });
    const withCardNumber = canonical({ description: "card 4000-0566-5566-5556 on file" });
    const notAnObject = "ch_just_an_id";

    const answer = await post({ data: [first, noCurrency, third, withCardNumber, notAnObject] });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: "list", has_more: false, url: "/v1/payments" });
    const results = answer.json.data;
    expect(results).toHaveLength(5);
    expect(results[0]).toEqual({
      object: "payment_result",
      id: first.id,
      guest: guestIdFor(account, first.id),
      result: "created",
      redacted: [],
      error: null,
    });
    expect(results[1]).toMatchObject({
      object: "payment_result",
      id: null,
      guest: null,
      result: "refused",
      error: { type: "invalid_request_error", code: "parameter_missing", param: "data[1].currency" },
    });
    expect(results[2]).toMatchObject({ id: third.id, result: "created" });
    expect(results[3]).toMatchObject({ id: withCardNumber.id, result: "created", redacted: ["description"] });
    expect(results[4]).toMatchObject({ result: "refused", error: { param: "data[4]" } });
    expect(answer.text).not.toContain("0566");
    expect(await storedPaymentCount(account, [first.id, third.id, withCardNumber.id])).toBe(3);
    expect(await storedPaymentCount(account, [noCurrency.id])).toBe(0);
  });

  it("when a batch holds 1,001 payments, then 400 naming data and nothing is written", async () => {
    const payments = Array.from({ length: 1001 }, () => canonical());

    const answer = await post({ data: payments });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_invalid",
      param: "data",
    });
    expect(errorOf(answer).message).toContain("1,000");
    expect(
      await storedPaymentCount(
        account,
        payments.map((payment) => payment.id),
      ),
    ).toBe(0);
  });

  it("when a batch holds exactly 1,000 payments, then all 1,000 are created", async () => {
    const fresh = uniqueAccount();
    const payments = Array.from({ length: 1000 }, (_, i) => canonical({ created: 1_700_000_000 + i }));

    const answer = await api.call("POST", "/v1/payments", {
      key: "admin",
      account: fresh,
      body: { data: payments },
    });

    expect(answer.status).toBe(200);
    expect(answer.json.data).toHaveLength(1000);
    expect(answer.json.data.every((result: { result: string }) => result.result === "created")).toBe(true);
    expect(
      await storedPaymentCount(
        fresh,
        payments.map((payment) => payment.id),
      ),
    ).toBe(1000);
  });

  it("when a batch is empty, then 400 naming data", async () => {
    const answer = await post({ data: [] });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_invalid", param: "data" });
  });

  it("when data is not a list, then 400 naming data", async () => {
    const answer = await post({ data: charge() });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_invalid", param: "data" });
  });

  it("when a batch carries another field beside data, then 400 parameter_unknown naming it and nothing is written", async () => {
    const sent = charge();

    const answer = await post({ data: [sent], object: "list" });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_unknown", param: "object" });
    expect(await storedPaymentCount(account, [sent.id])).toBe(0);
  });

  it("when a batch is retried with the same Idempotency-Key, then the same answer is replayed and nothing is doubled", async () => {
    const fresh = uniqueAccount();
    const email = "retry@example.com";
    const batch = {
      data: [charge({ email, created: 1_700_000_010 }), charge({ email, created: 1_700_000_020 })],
    };
    const idempotencyKey = randomKey("retry");

    const first = await api.call("POST", "/v1/payments", {
      key: "admin",
      account: fresh,
      body: batch,
      idempotencyKey,
    });
    const retry = await api.call("POST", "/v1/payments", {
      key: "admin",
      account: fresh,
      body: batch,
      idempotencyKey,
    });

    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(first.json.data.map((result: { result: string }) => result.result)).toEqual([
      "created",
      "created",
    ]);
    const guest = first.json.data[0].guest;
    const view = await api.call("GET", `/v1/guests/${guest}`, { key: "admin", account: fresh });
    expect(view.json.payment_count).toBe(2);
    expect(
      await storedPaymentCount(
        fresh,
        batch.data.map((payment) => payment.id),
      ),
    ).toBe(2);
  });

  it("when the same Idempotency-Key comes with another batch, then 400 idempotency_key_mismatch and the second batch is not written", async () => {
    const idempotencyKey = randomKey("mismatch");
    await post({ data: [charge()] }, { idempotencyKey });
    const other = charge();

    const answer = await post({ data: [other] }, { idempotencyKey });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ type: "idempotency_error", code: "idempotency_key_mismatch" });
    expect(await storedPaymentCount(account, [other.id])).toBe(0);
  });
});

describe("POST /v1/payments: keys and roles", () => {
  it("when no API key is sent, then 401 and nothing is written", async () => {
    const sent = charge();

    const answer = await post(sent, { key: null });

    expect(answer.status).toBe(401);
    expect(errorOf(answer)).toMatchObject({ type: "authentication_error", code: "api_key_missing" });
    expect(await storedPaymentCount(account, [sent.id])).toBe(0);
  });

  it("when a reader key posts payments, then 403 insufficient_permissions and nothing is written", async () => {
    const sent = charge();

    const answer = await post(sent, { key: "reader" });

    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toMatchObject({ type: "permission_error", code: "insufficient_permissions" });
    expect(await storedPaymentCount(account, [sent.id])).toBe(0);
  });

  it("when an ingest key names an account it may not act for, then 403 account_forbidden and nothing is written", async () => {
    const elsewhere = uniqueAccount();
    const sent = charge();

    const answer = await post(sent, { account: elsewhere });

    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toMatchObject({ code: "account_forbidden" });
    expect(await storedPaymentCount(elsewhere, [sent.id])).toBe(0);
  });
});

// ---- GET /v1/payments/:id ----

describe("GET /v1/payments/:id", () => {
  it("when a reader retrieves a guest charge, then every field of the payment resource is there and explanation is null", async () => {
    const fixture = stripeFixture("charge-guest-succeeded"); // the only test of this file that sends the fixture's own id
    await post(fixture);

    const answer = await api.call("GET", `/v1/payments/${fixture.id}`, { key: "reader" });

    expect(answer.status).toBe(200);
    const { explanation, identifiers, ...payment } = answer.json;
    expect(payment).toEqual({
      id: fixture.id,
      object: "payment",
      created: 1679090539,
      amount: 1099,
      currency: "gbp",
      status: "succeeded",
      livemode: false,
      description: fixture.description,
      guest: guestIdFor(account, fixture.id),
      customer: null,
      payment_intent: null,
      billing_details: { name: "Jenny Rosen", address: { country: "GB" } },
      card: {
        brand: "visa",
        last4: "4242",
        exp_month: 3,
        exp_year: 2027,
        country: "US",
        fingerprint: "Xt5EWLLDS7FJjR1c",
      },
      amount_refunded: 0,
      refunded: false,
      dispute: null,
      outcome: {
        risk_level: "normal",
        risk_score: 32,
        network_status: "approved_by_network",
        seller_message: "Payment complete.",
        type: "authorized",
      },
      metadata: { order_id: "1042", channel: "web" },
    });
    expect(explanation).toBeNull();
    const byValue = new Map(
      identifiers.map((identifier: { value: string }) => [identifier.value, identifier]),
    );
    expect(byValue.get("jenny.rosen@example.com")).toMatchObject({ type: "email" });
    expect(byValue.get("sam.lee@example.org")).toMatchObject({ type: "email", sources: ["description"] });
    expect(byValue.get("Xt5EWLLDS7FJjR1c")).toEqual({
      type: "card",
      value: "Xt5EWLLDS7FJjR1c",
      sources: ["payment_method_details.card.fingerprint"],
    });
    expect(identifiers.find((identifier: { type: string }) => identifier.type === "phone")).toMatchObject({
      value: "+442079460958",
      verified: expect.any(Boolean),
      sources: ["billing_details.phone"],
    });
  });

  it("when a reader retrieves a payment, then explanation is null; an investigator and an admin get why it joined its guest", async () => {
    const email = `${freshId("joined")}@example.com`;
    const earlier = charge({ email, created: 1_700_000_100 });
    const later = charge({ email, created: 1_700_000_200 });
    await post({ data: [earlier, later] });

    const asReader = await api.call("GET", `/v1/payments/${later.id}`, { key: "reader" });
    const asInvestigator = await api.call("GET", `/v1/payments/${later.id}`, { key: "investigator" });

    expect(asReader.status).toBe(200);
    expect(asReader.json.explanation).toBeNull();
    expect(asInvestigator.status).toBe(200);
    expect(asInvestigator.json.explanation).toMatchObject({
      object: "explanation",
      payment: later.id,
      guest: guestIdFor(account, earlier.id),
      decision: "joined_guest",
      matched_payment: { id: earlier.id, created: 1_700_000_100 },
      matched_on: [{ type: "email", value: email }],
    });
    expect(asInvestigator.json.explanation.summary).toContain(earlier.id);
    const asAdmin = await api.call("GET", `/v1/payments/${later.id}`, { key: "admin" });
    expect(asAdmin.json.explanation).toEqual(asInvestigator.json.explanation);
  });

  it("when a registered customer's payment is retrieved, then guest is null and customer is set", async () => {
    const sent: Json = { ...charge(), customer: "cus_NffrFeUfNV2Hib" };
    await post(sent);

    const answer = await api.call("GET", `/v1/payments/${sent.id}`, { key: "investigator" });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ guest: null, customer: "cus_NffrFeUfNV2Hib" });
    expect(answer.json.explanation).toMatchObject({ decision: "registered_customer", guest: null });
  });

  it("when a payment has a dispute and refunds, then they are shown", async () => {
    const sent = canonical({
      amount: 4000,
      refunds: { amount_refunded: 4000 },
      dispute: { status: "needs_response", reason: "fraudulent" },
      metadata: { order: "9" },
    });
    await post(sent);

    const answer = await api.call("GET", `/v1/payments/${sent.id}`, { key: "reader" });

    expect(answer.json).toMatchObject({
      amount_refunded: 4000,
      refunded: true,
      dispute: { status: "needs_response", reason: "fraudulent" },
      outcome: null,
      card: null,
      metadata: { order: "9" },
    });
  });

  it("when the id names no payment, then 404 resource_missing naming id", async () => {
    const answer = await api.call("GET", "/v1/payments/ch_doesnotexist", { key: "reader" });

    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toMatchObject({
      type: "invalid_request_error",
      code: "resource_missing",
      param: "id",
    });
  });

  it("when the payment belongs to another account, then 404 as if it did not exist", async () => {
    const theirs = paymentFrom(otherAccount, {
      id: freshId("ch"),
      created: 1_700_000_000,
      emails: ["x@example.com"],
    });
    await ingestPayments(db, otherAccount, [theirs]);

    const fromOurs = await api.call("GET", `/v1/payments/${theirs.id}`, { key: "reader", account });
    const fromTheirs = await api.call("GET", `/v1/payments/${theirs.id}`, {
      key: "reader",
      account: otherAccount,
    });

    expect(fromOurs.status).toBe(404);
    expect(errorOf(fromOurs)).toMatchObject({ code: "resource_missing", param: "id" });
    expect(fromTheirs.status).toBe(200);
  });

  it("when the id is longer than any id, then 400 naming id", async () => {
    const answer = await api.call("GET", `/v1/payments/${"x".repeat(256)}`, { key: "reader" });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_invalid", param: "id" });
  });

  it("when an unknown query parameter is sent, then 400 parameter_unknown naming it", async () => {
    const answer = await api.call("GET", "/v1/payments/ch_any?expand[]=customer", { key: "reader" });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_unknown", param: "expand" });
  });

  it("when no API key is sent, then 401; when an ingest key reads, then 403", async () => {
    const withoutKey = await api.call("GET", "/v1/payments/ch_any", { key: null });
    const asIngest = await api.call("GET", "/v1/payments/ch_any", { key: "ingest" });

    expect(withoutKey.status).toBe(401);
    expect(asIngest.status).toBe(403);
    expect(errorOf(asIngest)).toMatchObject({ type: "permission_error", code: "insufficient_permissions" });
  });
});

describe("OpenAPI", () => {
  it("when the document is fetched, then it describes the payment routes with the Payment schema and says who gets explanations", async () => {
    const answer = await api.call("GET", "/openapi.json", { key: null });

    expect(answer.status).toBe(200);
    const paths = answer.json.paths;
    expect(paths["/v1/payments"].post["x-guestgraph-role"]).toBe("ingest");
    expect(paths["/v1/payments/{id}"].get["x-guestgraph-role"]).toBe("reader");
    const payment = answer.json.components.schemas.Payment;
    expect(Object.keys(payment.properties)).toEqual(
      expect.arrayContaining(["id", "guest", "identifiers", "explanation", "dispute", "outcome"]),
    );
    expect(JSON.stringify(payment.properties.explanation)).toContain("investigator");
  });
});
