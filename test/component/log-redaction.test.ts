import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUnderTest } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * No log line carries an email, a phone, a billing name, a card fingerprint or an API key, whatever the
 * request: a payment full of personal data goes in, is read back every way the API allows, is sent again
 * broken, and every line the service logged is searched for each of those values.
 */

const db = openTestDatabase();
const account = uniqueAccount();
const logLines: string[] = [];
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { admin: "any account", ingest: [account], reader: [account] },
  defaultKey: "admin",
  logLines,
});

const charge = JSON.parse(readFileSync("test/fixtures/stripe/charge-guest-succeeded.json", "utf8"));
const personal = {
  email: "Zofia.Nowak-Redact@Example.com",
  phone: "+44 20 7946 0123",
  name: "Zofia Nowak-Redactowska",
  fingerprint: "RdCtFpZ0f1aN0wak",
  describedEmail: "second.address.redact@example.org",
};
const payment = {
  ...charge,
  id: "ch_redaction_test_1",
  receipt_email: personal.email,
  description: `Order for ${personal.describedEmail}`,
  billing_details: {
    ...charge.billing_details,
    email: personal.email,
    phone: personal.phone,
    name: personal.name,
  },
  payment_method_details: {
    ...charge.payment_method_details,
    card: { ...charge.payment_method_details.card, fingerprint: personal.fingerprint },
  },
};

beforeAll(() => api.start());

afterAll(async () => {
  await api.stop();
  await db.write("MATCH (n) WHERE n.account = $account DETACH DELETE n", { account });
  await db.close();
});

describe("log redaction", () => {
  it("when a payment full of personal data is ingested, read, searched and sent broken, then no log line holds any of it or a key", async () => {
    const created = await api.call("POST", "/v1/payments", {
      key: "ingest",
      body: payment,
      idempotencyKey: "redact-1",
    });
    const replayed = await api.call("POST", "/v1/payments", {
      key: "ingest",
      body: payment,
      idempotencyKey: "redact-1",
    });
    const guest = created.json.guest as string;
    const reads = [
      await api.get(`/v1/payments/${payment.id}`),
      await api.get(`/v1/guests/${guest}`, { key: "reader" }),
      await api.get(`/v1/guests/${guest}/payments`),
      await api.get(`/v1/guests?email=${encodeURIComponent(personal.email)}`),
      await api.get(`/v1/guests?phone=${encodeURIComponent(personal.phone)}`),
      await api.get(`/v1/guests?card_fingerprint=${personal.fingerprint}`),
      await api.get(`/v1/search?query=${encodeURIComponent(personal.email)}`),
      await api.get(`/v1/search?query=${encodeURIComponent(personal.name)}`),
      await api.get(`/v1/search?query=${encodeURIComponent(personal.phone)}`),
    ];
    const refused = [
      await api.call("POST", "/v1/payments", { key: "ingest", body: { ...payment, amount: personal.email } }),
      await api.call("POST", "/v1/payments", {
        key: "ingest",
        body: {
          object: "payment",
          id: "redaction-canonical-1",
          created: 1700000000,
          amount: 100,
          currency: "eur",
          status: "succeeded",
          email: personal.email,
          [personal.email]: personal.phone,
        },
      }),
      await api.call("POST", "/v1/payments", { key: "reader", body: payment }),
      await api.get(`/v1/guests?email=${encodeURIComponent(personal.email)}&${personal.name}=1`),
      await api.get(`/v1/payments/${encodeURIComponent(personal.email)}`),
      await api.get("/v1/guests", { authorization: `Bearer ${personal.fingerprint}${api.keys.admin}` }),
      await api.get(`/v1/${encodeURIComponent(personal.email)}`),
    ];

    expect(created.status).toBe(200);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(reads.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200]);
    expect(reads[3]?.json.data.map((item: { id: string }) => item.id)).toEqual([guest]);
    expect(refused.map((answer) => answer.status)).toEqual([400, 400, 403, 400, 404, 401, 404]);
    const requestLines = logLines.filter((line) => JSON.parse(line).msg === "request");
    expect(requestLines).toHaveLength(2 + reads.length + refused.length);
    const forbidden = [
      personal.email,
      personal.email.toLowerCase(),
      "zofia.nowak-redact",
      personal.describedEmail,
      personal.phone,
      "+442079460123",
      "2079460123",
      personal.name,
      "Nowak-Redactowska",
      personal.fingerprint,
      ...Object.values(api.keys),
    ];
    for (const line of logLines) {
      for (const value of forbidden) expect(line.toLowerCase()).not.toContain(value.toLowerCase());
    }
  });
});
