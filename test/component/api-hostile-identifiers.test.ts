import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * Issue 7 through real HTTP and Neo4j: card numbers written anywhere are stored masked and never echoed
 * (findings 2, 3 and 11), and identifiers are read whole so that strangers are not merged (findings 6
 * and 7). Payments are canonical payments, each with ids of its own.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();

const logLines: string[] = [];
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { admin: "any account", ingest: [account], reader: [account] },
  defaultKey: "admin",
  logLines,
});

beforeAll(() => api.start());

afterAll(async () => {
  await api.stop();
  await db.close();
});

const visa = "4242424242424242";

// biome-ignore lint/suspicious/noExplicitAny: payments are free-form JSON that tests reshape
type Json = Record<string, any>;

let sequence = 0;
function freshId(prefix: string): string {
  sequence += 1;
  // "x" between the random part and the sequence: never thirteen digits in a row, which could be a card number (and be masked).
  return `${prefix}_${randomBytes(5).toString("hex")}x${sequence}`;
}

function canonical(fields: Json = {}): Json {
  return {
    object: "payment",
    id: freshId("order"),
    created: 1_700_000_000 + sequence,
    amount: 1500,
    currency: "usd",
    status: "succeeded",
    ...fields,
  };
}

const post = (body: unknown) => api.call("POST", "/v1/payments", { key: "ingest", body });

/** The card's sixteen digits nowhere in the texts, however separated (digits of other fields aside). */
function expectNoCardNumber(...texts: string[]) {
  for (const text of texts) {
    expect(text.normalize("NFKC").replace(/[^0-9]/g, "")).not.toContain(visa);
    expect(text).not.toContain("4242 4242");
  }
}

describe("card numbers written in a payment are stored masked (issue 7, findings 2 and 3)", () => {
  it.each([
    ["dots", "4242.4242.4242.4242"],
    ["slashes", "4242/4242/4242/4242"],
    ["underscores", "4242_4242_4242_4242"],
    ["commas", "4242,4242,4242,4242"],
    ["newlines", "4242\n4242\n4242\n4242"],
    ["en dashes", "4242–4242–4242–4242"],
    ["zero-width spaces", "4242\u200B4242\u200B4242\u200B4242"],
    ["four spaces", "4242    4242    4242    4242"],
    ["letters before", `PAN${visa}`],
    ["a letter after", `${visa}x`],
    ["a reference prefix", `ref-${visa}`],
    ["a plus", `+${visa}`],
    ["full-width digits", "４２４２４２４２４２４２４２４２"],
  ])(
    "when the description holds a card number written with %s, then it is stored masked and the result says so",
    async (_how, written) => {
      const sent = canonical({ description: `Paid with ${written}` });

      const answer = await post(sent);
      const stored = await api.get(`/v1/payments/${sent.id}`);

      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ result: "created", redacted: ["description"] });
      expect(stored.json.description.startsWith("Paid with ")).toBe(true);
      expectNoCardNumber(answer.text, stored.text);
      expect(stored.json.description.normalize("NFKC").replace(/[^0-9]/g, "")).toBe("4242");
    },
  );

  it("when emails, emails[], a metadata key, the fingerprint and the phone each hold a card number, then each is masked, none is an identifier, and search does not find it", async () => {
    const sent = canonical({
      email: `jo${visa}@example.com`,
      emails: ["jo-4242-4242-4242-4242@example.com"],
      phone: `+${visa}`,
      card: { fingerprint: `fp${visa}`, last4: "4242" },
      metadata: { [visa]: "card on file" },
      description: "no address here",
    });

    const answer = await post(sent);
    const stored = await api.get(`/v1/payments/${sent.id}`);
    const guest = await api.get(`/v1/guests/${answer.json.guest}`);

    expect(answer.json.redacted).toEqual([
      "card.fingerprint",
      "email",
      "emails[0]",
      "metadata.************4242",
      "phone",
    ]);
    expect(stored.json.identifiers).toEqual([]);
    expect(guest.json.primary_phone ?? null).toBeNull();
    expect(stored.json.metadata).toEqual({ "************4242": "card on file" });
    expectNoCardNumber(answer.text, stored.text, guest.text, logLines.join("\n"));
  });

  it("when a Stripe charge carries network_transaction_id and metadata holds order ids, timestamps and phone numbers, then it is stored as sent with nothing redacted", async () => {
    const charge = {
      id: freshId("ch"),
      object: "charge",
      amount: 1000,
      created: 1_710_796_939,
      currency: "usd",
      status: "succeeded",
      livemode: false,
      billing_details: { email: "order@example.com", phone: "8613800138002", address: { country: "CN" } },
      payment_method_details: {
        card: { fingerprint: "Xt5EWLLDS7FJjR1c", last4: "4242", network_transaction_id: "104557651805578" },
      },
      metadata: {
        order_id: "2024031812345679",
        created_ms: "1710796939117",
        phone: "8613800138002",
        note: "call 415 555 0132 415 555 0199",
      },
    };

    const answer = await post(charge);
    const stored = await api.get(`/v1/payments/${charge.id}`);

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ result: "created", redacted: [] });
    expect(stored.json.metadata).toEqual(charge.metadata);
  });
});

describe("card numbers are never echoed in errors (issue 7, finding 11)", () => {
  it("when an unknown batch-envelope key is a card number, then the 400 names it masked", async () => {
    const answer = await post({ data: [canonical()], [visa]: 1 });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_unknown", param: "************4242" });
    expectNoCardNumber(answer.text);
  });

  it("when an unknown canonical field is a card number, then the refusal names it masked", async () => {
    const answer = await post(canonical({ [`x${visa}`]: "y" }));

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_unknown", param: "x************4242" });
    expectNoCardNumber(answer.text);
  });

  it("when a batch item's unknown field is a card number, then its error names it masked", async () => {
    const answer = await post({ data: [canonical({ [visa]: "y" })] });

    expect(answer.json.data[0]).toMatchObject({
      result: "refused",
      error: { param: "data[0].************4242" },
    });
    expectNoCardNumber(answer.text);
  });

  it.each([
    ["a payment id in the path", `/v1/payments/${visa}`, "id"],
    ["a guest id in the path, grouped", "/v1/guests/4242%204242%204242%204242", "id"],
    ["the search query", `/v1/search?query=${visa}`, "query"],
    ["the search query, spaced", "/v1/search?query=4242+4242+4242+4242", "query"],
    ["a query parameter's name", `/v1/guests?${visa}=1`, "************4242"],
    ["a filter's value", `/v1/guests?phone=%2B${visa}`, "phone"],
    ["an unknown URL", `/v1/cards/${visa}`, null],
  ])(
    "when %s holds a card number, then 400 card_number_not_allowed without echoing it",
    async (_where, url, param) => {
      const answer = await api.get(url, { key: "reader" });

      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({
        type: "invalid_request_error",
        code: "card_number_not_allowed",
        param,
      });
      expectNoCardNumber(answer.text, logLines.join("\n"));
    },
  );
});

describe("card numbers in headers GuestGraph would store", () => {
  it("when the Idempotency-Key holds a card number, then 400 card_number_not_allowed, unrepeated, and nothing is written", async () => {
    const sent = canonical();

    const answer = await api.call("POST", "/v1/payments", {
      key: "ingest",
      body: sent,
      idempotencyKey: `retry-${visa}`,
    });
    const stored = await api.get(`/v1/payments/${sent.id}`);

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "card_number_not_allowed" });
    expectNoCardNumber(answer.text);
    expect(stored.status).toBe(404);
  });

  it("when Stripe-Account holds a card number, then 400 account_invalid, unrepeated", async () => {
    const answer = await api.get("/v1/guests", { key: "admin", account: `acct_${visa}` });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "account_invalid" });
    expectNoCardNumber(answer.text);
  });
});

describe("identifiers read whole, so strangers are not merged (issue 7, findings 6 and 7)", () => {
  it("when André and Chloé Martin are named in descriptions at the same domain, then they are two guests with their whole addresses", async () => {
    const andre = canonical({ description: "Receipt to andré.martin@example.fr" });
    const chloe = canonical({ description: "Receipt to chloé.martin@example.fr" });

    const answer = await post({ data: [andre, chloe] });
    const stored = await api.get(`/v1/payments/${andre.id}`);

    expect(answer.json.data[0].guest).not.toBe(answer.json.data[1].guest);
    expect(stored.json.identifiers).toMatchObject([{ type: "email", value: "andré.martin@example.fr" }]);
  });

  it("when an email field holds capitals with an umlaut, then it is stored lower-cased whole", async () => {
    const sent = canonical({ email: "JÖHN@example.com" });

    await post(sent);
    const stored = await api.get(`/v1/payments/${sent.id}`);

    expect(stored.json.identifiers).toMatchObject([{ type: "email", value: "jöhn@example.com" }]);
  });

  it("when 1-800-FLOWERS and 1-800-CONTACTS pay, then they are two guests, FLOWERS as +18003569377", async () => {
    const flowers = canonical({ phone: "1-800-FLOWERS", billing: { country: "US" } });
    const contacts = canonical({ phone: "1-800-CONTACTS", billing: { country: "US" } });

    const answer = await post({ data: [flowers, contacts] });
    const stored = await api.get(`/v1/payments/${flowers.id}`);

    expect(answer.json.data[0].guest).not.toBe(answer.json.data[1].guest);
    expect(stored.json.identifiers).toMatchObject([{ type: "phone", value: "+18003569377", verified: true }]);
  });

  it("when the same number is written in ASCII, full-width and Arabic-Indic digits, then it is one guest", async () => {
    const ascii = canonical({ phone: "+20 100 123 4567" });
    const fullWidth = canonical({ phone: "＋２０ １００ １２３ ４５６７" });
    const arabicIndic = canonical({ phone: "+٢٠ ١٠٠ ١٢٣ ٤٥٦٧" });

    const answer = await post({ data: [ascii, fullWidth, arabicIndic] });

    const guests = new Set(answer.json.data.map((item: Json) => item.guest));
    expect(guests.size).toBe(1);
  });
});

describe("a phone number searched as people type it (issue 7, Also)", () => {
  it("when (650) 253-0000 is searched in an account with US payments, then the guest stored as +16502530000 is found", async () => {
    const shop = uniqueAccount();
    const sent = canonical({ phone: "+1 650 253 0000", billing: { country: "US" } });
    const stored = await api.call("POST", "/v1/payments", { key: "admin", account: shop, body: sent });

    const found = await api.get(`/v1/search?query=${encodeURIComponent("(650) 253-0000")}`, {
      key: "admin",
      account: shop,
    });

    expect(found.status).toBe(200);
    expect(found.json.guests.data).toMatchObject([{ id: stored.json.guest, matched_on: "phone" }]);
  });

  it("when the account's payments name no country, then a national number is read in every region", async () => {
    const shop = uniqueAccount();
    const sent = canonical({ phone: "+1 650 253 0000" });
    const stored = await api.call("POST", "/v1/payments", { key: "admin", account: shop, body: sent });

    const found = await api.get(`/v1/search?query=${encodeURIComponent("(650) 253-0000")}`, {
      key: "admin",
      account: shop,
    });

    expect(found.json.guests.data).toMatchObject([{ id: stored.json.guest, matched_on: "phone" }]);
  });

  it("when a national number is searched, then it is read only in the countries of the account's own payments", async () => {
    const shop = uniqueAccount();
    const london = canonical({ phone: "+44 20 7946 0958", billing: { country: "GB" } });
    const paris = canonical({
      phone: "+1 650 253 0000",
      billing: { country: "FR" },
      card: { country: "FR" },
    });
    await api.call("POST", "/v1/payments", { key: "admin", account: shop, body: { data: [london, paris] } });

    const inGreatBritain = await api.get(`/v1/search?query=${encodeURIComponent("020 7946 0958")}`, {
      key: "admin",
      account: shop,
    });
    const inTheUs = await api.get(`/v1/search?query=${encodeURIComponent("(650) 253-0000")}`, {
      key: "admin",
      account: shop,
    });

    expect(inGreatBritain.json.payments.data.map((payment: Json) => payment.id)).toEqual([london.id]);
    expect(inTheUs.json.payments.data).toEqual([]);
  });
});
