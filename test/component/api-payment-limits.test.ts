import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { fieldLimits } from "../../src/ingest/stripe-schemas.ts";
import { apiUnderTest, errorOf, randomKey } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * What a payment may say, through POST /v1/payments and the real Neo4j (issue 7, findings 5, 8 and 9):
 * every field has a documented length (Stripe's own where Stripe has one), so Neo4j never refuses an index
 * key; no more refunded than paid; and a payment's amount, currency and created never change.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { ingest: "any account", reader: "any account" },
  defaultKey: "ingest",
});

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  await db.close();
});

// biome-ignore lint/suspicious/noExplicitAny: payloads are free-form JSON reshaped by each test
type Json = Record<string, any>;

const freshId = (prefix: string) => `${prefix}_${randomBytes(6).toString("hex")}`;

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

function charge(overrides: Json = {}): Json {
  const base = JSON.parse(
    readFileSync(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
  );
  const id = freshId("ch");
  return {
    ...base,
    id,
    receipt_email: null,
    description: null,
    billing_details: { ...base.billing_details, email: `${id}@example.com`.toLowerCase(), phone: null },
    payment_method_details: {
      ...base.payment_method_details,
      card: { ...base.payment_method_details.card, fingerprint: `fp${id.replace(/_/g, "")}` },
    },
    ...overrides,
  };
}

const post = (body: unknown, idempotencyKey?: string) =>
  api.call("POST", "/v1/payments", { body, ...(idempotencyKey ? { idempotencyKey } : {}) });

async function stored(id: string): Promise<Json | null> {
  const [row] = await db.read<{ p: Json }>(
    "MATCH (p:Payment {account: $account, id: $id}) RETURN properties(p) AS p",
    { account, id },
  );
  return row?.p ?? null;
}

describe("per-field length limits (finding 5)", () => {
  const overLimit: [string, Json, string][] = [
    ["billing.name of 40 KB", { billing: { name: "N".repeat(40_000) } }, "billing.name"],
    ["a 10 KB phone", { phone: "1".repeat(10_000) }, "phone"],
    ["an email with a 10,000-character local part", { email: `${"a".repeat(10_000)}@example.com` }, "email"],
    [
      "a description one character over",
      { description: "d".repeat(fieldLimits.description + 1) },
      "description",
    ],
    [
      "51 metadata keys",
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
      "metadata",
    ],
    ["a 41-character metadata key", { metadata: { ["k".repeat(41)]: "v" } }, `metadata.${"k".repeat(41)}`],
    ["a 501-character metadata value", { metadata: { note: "v".repeat(501) } }, "metadata.note"],
    [
      "21 addresses in emails",
      { emails: Array.from({ length: 21 }, (_, i) => `a${i}@example.com`) },
      "emails",
    ],
    ["a 256-character customer id", { customer: `cus_${"c".repeat(252)}` }, "customer"],
    ["a 256-character id", { id: `o${"i".repeat(255)}` }, "id"],
    [
      "a 256-character dispute reason",
      { dispute: { status: "won", reason: "r".repeat(256) } },
      "dispute.reason",
    ],
  ];

  it.each(overLimit)(
    "when a canonical payment has %s, then 400 naming %s and nothing is written",
    async (_what, fields, param) => {
      const sent = canonical(fields);

      const answer = await post(sent);

      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({
        type: "invalid_request_error",
        code: "parameter_invalid",
        param,
      });
      expect(answer.text.length).toBeLessThan(2_000); // the value is not echoed
      expect(await stored(String(sent.id).slice(0, 255))).toBeNull();
    },
  );

  it("when every field is at its limit, then the payment is stored (Neo4j takes every key)", async () => {
    const sent = canonical({
      description: `é${"d".repeat(fieldLimits.description - 1)}`,
      billing: { name: `Zoë ${"é".repeat(fieldLimits.name - 4)}`, country: "FR" },
      phone: `+33 ${"1".repeat(fieldLimits.phone - 4)}`,
      metadata: Object.fromEntries(
        Array.from({ length: fieldLimits.metadataKeys }, (_, i) => [
          `${i}`.padStart(fieldLimits.metadataKey, "k"),
          "ü".repeat(fieldLimits.metadataValue),
        ]),
      ),
      dispute: { status: "won", reason: "r".repeat(fieldLimits.keyword) },
      customer: null,
    });

    const answer = await post(sent);

    expect(answer.status).toBe(200);
    expect((await stored(sent.id))?.billingName).toBe(sent.billing.name);
  });

  it.each([
    [
      "billing_details.name of 40 KB",
      { billing_details: { name: "N".repeat(40_000) } },
      "billing_details.name",
    ],
    [
      "a 10 KB billing_details.phone",
      { billing_details: { phone: "1".repeat(10_000) } },
      "billing_details.phone",
    ],
    ["a receipt_email of 10 KB", { receipt_email: `${"a".repeat(10_000)}@example.com` }, "receipt_email"],
    ["a 41-character metadata key", { metadata: { ["k".repeat(41)]: "v" } }, `metadata.${"k".repeat(41)}`],
  ])(
    "when a Stripe charge has %s, then 400 naming %s and nothing is written",
    async (_what, fields, param) => {
      const sent = charge(fields);

      const answer = await post(sent);

      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: "parameter_invalid", param });
      expect(await stored(sent.id)).toBeNull();
    },
  );

  it("when the Idempotency-Key is 256 characters, then 400 idempotency_key_invalid and nothing is written", async () => {
    const sent = canonical();

    const answer = await post(sent, "k".repeat(256));

    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe("idempotency_key_invalid");
    expect(await stored(sent.id)).toBeNull();
  });

  it.each([
    ["/v1/guests?email=", `${"a".repeat(400)}@example.com`, "email"],
    ["/v1/guests?phone=", "1".repeat(65), "phone"],
    ["/v1/guests?card_fingerprint=", "f".repeat(256), "card_fingerprint"],
    ["/v1/guests?starting_after=", "g".repeat(256), "starting_after"],
    ["/v1/search?query=", "q".repeat(201), "query"],
  ])("when %s is over its limit, then 400 naming %s", async (path, value, param) => {
    const answer = await api.get(`${path}${encodeURIComponent(value)}`, { key: "reader" });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).param).toBe(param);
  });
});

describe("no more refunded than paid (finding 8)", () => {
  it("when a canonical payment is resent with amount_refunded over its amount, then 400 naming refunds.amount_refunded and the stored refund is unchanged", async () => {
    const sent = canonical({ amount: 100 });
    expect((await post(sent)).status).toBe(200);

    const answer = await post({ ...sent, refunds: { amount_refunded: 999_999 } });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).param).toBe("refunds.amount_refunded");
    expect((await stored(sent.id))?.amountRefunded).toBe(0);
  });

  it("when a Stripe charge has amount_refunded over its amount, then 400 naming amount_refunded", async () => {
    const sent = charge({ amount: 100, amount_refunded: 999_999, refunded: true });

    const answer = await post(sent);

    expect(answer.status).toBe(400);
    expect(errorOf(answer).param).toBe("amount_refunded");
    expect(await stored(sent.id)).toBeNull();
  });

  it("when a PaymentIntent's charge has amount_refunded over its amount, then 400 naming latest_charge.amount_refunded", async () => {
    const intent = JSON.parse(
      readFileSync(
        new URL("../fixtures/stripe/payment-intent-expanded-latest-charge.json", import.meta.url),
        "utf8",
      ),
    );
    const id = freshId("ch");
    intent.id = freshId("pi");
    intent.latest_charge = { ...intent.latest_charge, id, amount_refunded: intent.latest_charge.amount + 1 };

    const answer = await post(intent);

    expect(answer.status).toBe(400);
    expect(errorOf(answer).param).toBe("latest_charge.amount_refunded");
    expect(await stored(id)).toBeNull();
  });

  it("when the whole amount is refunded, then it is stored as refunded", async () => {
    const sent = charge({ amount: 100, amount_refunded: 100, refunded: true });

    expect((await post(sent)).status).toBe(200);
    expect((await stored(sent.id))?.amountRefunded).toBe(100);
  });
});

describe("conflicting copies of a payment (finding 9)", () => {
  it.each([
    ["amount", { amount: 1501 }],
    ["currency", { currency: "eur" }],
    ["created", { created: 1_700_000_001 }],
  ])(
    "when a stored payment is resent with another %s, then 409 payment_conflict naming it and nothing changes",
    async (field, change) => {
      const sent = canonical({ refunds: { amount_refunded: 0 } });
      expect((await post(sent)).status).toBe(200);
      const before = await stored(sent.id);

      const answer = await post({ ...sent, ...change, status: "failed", refunds: { amount_refunded: 10 } });

      expect(answer.status).toBe(409);
      expect(errorOf(answer)).toMatchObject({
        type: "invalid_request_error",
        code: "payment_conflict",
        param: field,
      });
      expect(await stored(sent.id)).toEqual(before);
    },
  );

  it("when the same created is resent as an ISO date, then it is the same payment (unchanged)", async () => {
    const sent = canonical({ created: 1_710_796_939 });
    expect((await post(sent)).status).toBe(200);

    const again = await post({ ...sent, created: "2024-03-18T21:22:19Z", currency: "USD" });

    expect(again.status).toBe(200);
    expect(again.json.result).toBe("unchanged");
  });

  it("when three copies of one id with different amounts come in one batch, then each is refused naming amount and none is written, and the rest of the batch is stored", async () => {
    const id = freshId("order");
    const other = canonical();
    const batch = [
      canonical({ id, amount: 100 }),
      canonical({ id, amount: 200 }),
      other,
      canonical({ id, amount: 300 }),
    ];

    const answer = await post({ data: batch });

    expect(answer.status).toBe(200);
    const results = answer.json.data as Json[];
    for (const index of [0, 1, 3]) {
      expect(results[index]).toMatchObject({
        result: "refused",
        error: { code: "payment_conflict", param: `data[${index}].amount` },
      });
    }
    expect(results[2]).toMatchObject({ id: other.id, result: "created" });
    expect(await stored(id)).toBeNull();
    expect(await stored(other.id)).not.toBeNull();
  });

  it("when copies in one batch agree, then they are one payment (created once)", async () => {
    const sent = canonical();

    const answer = await post({ data: [sent, { ...sent, status: "failed" }] });

    expect(answer.json.data.map((item: Json) => item.result)).toEqual(["created", "created"]);
  });

  it("when a stored payment is resent with another email, phone or description, then it is no conflict", async () => {
    const sent = canonical({ description: "first" });
    expect((await post(sent)).status).toBe(200);

    const answer = await post({ ...sent, email: "someone.else@example.com", description: "second" });

    expect(answer.status).toBe(200);
  });

  it("when a conflicting resend carries an Idempotency-Key, then the key is let go for the corrected request", async () => {
    const sent = canonical();
    expect((await post(sent)).status).toBe(200);
    const idempotencyKey = randomKey("idem");

    const conflict = await post({ ...sent, amount: 1 }, idempotencyKey);
    const corrected = await post({ ...sent, amount: 1 }, idempotencyKey);

    expect(conflict.status).toBe(409);
    expect(corrected.status).toBe(409);
    expect(corrected.headers.get("idempotent-replayed")).toBeNull();
  });
});
