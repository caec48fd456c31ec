import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { verifyAccount } from "../../src/ingest/verify-account.ts";
import { apiUnderTest, errorOf } from "../support/api-harness.ts";
import { storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * Payments that change and go away, through real HTTP and Neo4j: a newer copy's identifiers and
 * customer replace the stored ones (an older copy rolls nothing back), DELETE /v1/payments/:id,
 * POST /v1/erasures, and where retired guest ids lead afterwards. Each test works in its own account.
 */

const db: Database = openTestDatabase();
const defaultAccount = uniqueAccount();

const logLines: string[] = [];
const api = apiUnderTest({
  db,
  defaultAccount,
  keys: { admin: "any account", reader: "any account", ingest: "any account", investigator: "any account" },
  defaultKey: "admin",
  logLines,
});

beforeAll(() => api.start());

afterAll(async () => {
  await api.stop();
  await db.close();
});

interface CanonicalSketch {
  id: string;
  created: number;
  email?: string;
  phone?: string;
  card?: string;
  customer?: string;
  updated?: number | string;
  description?: string;
}

/** A canonical payment (the shape other sources send) from a sketch. */
function canonical(sketch: CanonicalSketch) {
  return {
    object: "payment",
    id: sketch.id,
    created: sketch.created,
    amount: 1000,
    currency: "usd",
    status: "succeeded",
    ...(sketch.email ? { email: sketch.email } : {}),
    ...(sketch.phone ? { phone: sketch.phone } : {}),
    ...(sketch.card ? { card: { fingerprint: sketch.card, last4: "4242", brand: "visa" } } : {}),
    ...(sketch.customer ? { customer: sketch.customer } : {}),
    ...(sketch.updated !== undefined ? { updated: sketch.updated } : {}),
    ...(sketch.description ? { description: sketch.description } : {}),
  };
}

async function send(account: string, ...sketches: CanonicalSketch[]) {
  const answer = await api.call("POST", "/v1/payments", {
    key: "ingest",
    account,
    body: { data: sketches.map(canonical) },
  });
  expect(answer.status).toBe(200);
  return answer.json.data as { id: string; guest: string | null; result: string }[];
}

async function guestsOf(account: string): Promise<Map<string, string | null>> {
  const stored = await storedAssignments(db, account);
  return new Map([...stored].map(([id, { guest }]) => [id, guest]));
}

async function expectVerified(account: string): Promise<void> {
  const report = await verifyAccount(db, account);
  expect(report.differences).toEqual([]);
  expect(report.localViolations).toBe(0);
  expect(report.summaryDifferences).toEqual([]);
  expect(report.ringDifferences).toEqual([]);
}

describe("a newer copy changes a payment's identifiers", () => {
  it("when a payment's email is replaced by a newer copy, then it leaves the guest it shared the old email with and joins the new email's guest", async () => {
    const account = uniqueAccount();
    await send(
      account,
      { id: "ch_ann1", created: 100, email: "ann@example.com", updated: 100 },
      { id: "ch_bob1", created: 200, email: "bob@example.com", updated: 200 },
      { id: "ch_x", created: 300, email: "ann@example.com", updated: 300 },
    );

    const [result] = await send(account, {
      id: "ch_x",
      created: 300,
      email: "bob@example.com",
      updated: 301,
    });

    expect(result).toMatchObject({ id: "ch_x", result: "updated", guest: guestIdFor(account, "ch_bob1") });
    const guests = await guestsOf(account);
    expect(guests.get("ch_ann1")).toBe(guestIdFor(account, "ch_ann1"));
    expect(guests.get("ch_x")).toBe(guestIdFor(account, "ch_bob1"));
    const view = await api.get(`/v1/guests/${guestIdFor(account, "ch_ann1")}`, { account });
    expect(view.json.payment_count).toBe(1);
    expect(view.json.identifiers.map((identifier: { value: string }) => identifier.value)).toEqual([
      "ann@example.com",
    ]);
    await expectVerified(account);
  });

  it("when a payment's email is replaced, then the later payment that had joined through the old email is re-resolved and stays with that email's guest", async () => {
    const account = uniqueAccount();
    // ch_y joins through ch_x (its most recent earlier use of ann@); ch_x then leaves for bob@'s guest.
    await send(
      account,
      { id: "ch_ann1", created: 100, email: "ann@example.com", updated: 100 },
      { id: "ch_bob1", created: 200, email: "bob@example.com", updated: 200 },
      { id: "ch_x", created: 300, email: "ann@example.com", updated: 300 },
      { id: "ch_y", created: 400, email: "ann@example.com", updated: 400 },
    );

    await send(account, { id: "ch_x", created: 300, email: "bob@example.com", updated: 301 });

    const guests = await guestsOf(account);
    expect(guests.get("ch_x")).toBe(guestIdFor(account, "ch_bob1"));
    expect(guests.get("ch_y")).toBe(guestIdFor(account, "ch_ann1"));
    const explained = await api.get("/v1/payments/ch_y", { account, key: "investigator" });
    expect(explained.json.guest).toBe(guestIdFor(account, "ch_ann1"));
    await expectVerified(account);
  });

  it("when an older copy arrives after a newer one, then the newer identifiers stay (an equal version changes nothing either)", async () => {
    const account = uniqueAccount();
    await send(account, {
      id: "ch_1",
      created: 100,
      email: "new@example.com",
      updated: "2024-05-01T10:00:00.500Z",
    });

    const [older] = await send(account, {
      id: "ch_1",
      created: 100,
      email: "old@example.com",
      updated: "2024-05-01T10:00:00.499Z",
    });
    const [equal] = await send(account, {
      id: "ch_1",
      created: 100,
      email: "other@example.com",
      updated: "2024-05-01T10:00:00.500Z",
    });

    expect(older?.result).toBe("unchanged");
    expect(equal?.result).toBe("unchanged");
    const emails = await db.read<{ address: string }>(
      "MATCH (:Payment {account: $account, id: 'ch_1'})-[:HAS_EMAIL]->(e) RETURN e.address AS address",
      { account },
    );
    expect(emails).toEqual([{ address: "new@example.com" }]);
    const orphans = await db.read(
      "MATCH (e:Email) WHERE e.account = $account AND NOT EXISTS { (e)<-[:HAS_EMAIL]-() } RETURN e",
      { account },
    );
    expect(orphans).toEqual([]);
  });

  it("when a copy carries no version, then it counts as made when it arrives and replaces an older versioned one", async () => {
    const account = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "a@example.com", updated: 1_700_000_000 });

    const [latest] = await send(account, { id: "ch_1", created: 100, email: "b@example.com" });

    expect(latest?.result).toBe("updated");
    const emails = await db.read<{ address: string }>(
      "MATCH (:Payment {account: $account, id: 'ch_1'})-[:HAS_EMAIL]->(e) RETURN e.address AS address",
      { account },
    );
    expect(emails).toEqual([{ address: "b@example.com" }]);
  });
});

describe("a customer attached later", () => {
  it("when a guest payment gains a customer, then it leaves the guest rule, links to the customer and shows among the guest's related customers", async () => {
    const account = uniqueAccount();
    await send(
      account,
      { id: "ch_a", created: 100, email: "ann@example.com", card: "FP_1", updated: 1 },
      { id: "ch_b", created: 200, email: "ann@example.com", updated: 1 },
      { id: "ch_c", created: 300, card: "FP_1", updated: 1 },
    );

    const [result] = await send(account, {
      id: "ch_a",
      created: 100,
      email: "ann@example.com",
      card: "FP_1",
      customer: "cus_ann",
      updated: 2,
    });

    expect(result).toMatchObject({ result: "updated", guest: null });
    const guests = await guestsOf(account);
    // ch_b and ch_c no longer share anything in the rule: each founds its own guest.
    expect(guests).toEqual(
      new Map([
        ["ch_a", null],
        ["ch_b", guestIdFor(account, "ch_b")],
        ["ch_c", guestIdFor(account, "ch_c")],
      ]),
    );
    const view = await api.get(`/v1/guests/${guestIdFor(account, "ch_b")}`, { account });
    expect(view.json.related_customers).toEqual([
      {
        id: "cus_ann",
        object: "related_customer",
        customer: "cus_ann",
        identifiers: [{ type: "email", value: "ann@example.com" }],
        shared_payment_count: 1,
        payment_count: 1,
      },
    ]);
    // The guest ch_a founded is retired; its id leads to the guest holding the most of its former payments
    // (one each: the one holding the earliest, ch_b's).
    const retired = await api.get(`/v1/guests/${guestIdFor(account, "ch_a")}`, { account });
    expect(retired.status).toBe(200);
    expect(retired.json).toMatchObject({
      id: guestIdFor(account, "ch_b"),
      redirected_from: guestIdFor(account, "ch_a"),
    });
    await expectVerified(account);
  });
});

describe("DELETE /v1/payments/:id", () => {
  it("when a key is not admin, then it is refused with 403 and nothing is deleted", async () => {
    const account = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "a@example.com" });

    for (const key of ["reader", "ingest", "investigator"] as const) {
      const answer = await api.call("DELETE", "/v1/payments/ch_1", { key, account });
      expect(answer.status).toBe(403);
      expect(errorOf(answer).type).toBe("permission_error");
    }
    expect((await guestsOf(account)).has("ch_1")).toBe(true);
  });

  it("when the payment is unknown or in another account, then 404 and nothing changes there", async () => {
    const account = uniqueAccount();
    const other = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "a@example.com" });

    const unknown = await api.call("DELETE", "/v1/payments/ch_nope", { account });
    const elsewhere = await api.call("DELETE", "/v1/payments/ch_1", { account: other });

    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: "resource_missing", param: "id" });
    expect(elsewhere.status).toBe(404);
    expect((await guestsOf(account)).has("ch_1")).toBe(true);
  });

  it("when a guest's founding payment is deleted, then the rest is re-resolved as if it never existed and the old id leads to the guest holding most of its former payments", async () => {
    const account = uniqueAccount();
    // ch_1 founds; ch_2 joins by email, ch_3 by card, ch_4 by ch_3's phone.
    await send(
      account,
      { id: "ch_1", created: 100, email: "ann@example.com", card: "FP_1" },
      { id: "ch_2", created: 200, email: "ann@example.com" },
      { id: "ch_3", created: 300, card: "FP_1", phone: "+14155550123" },
      { id: "ch_4", created: 400, phone: "+14155550123" },
    );

    const answer = await api.call("DELETE", "/v1/payments/ch_1", { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ id: "ch_1", object: "payment", deleted: true });
    expect(await guestsOf(account)).toEqual(
      new Map([
        ["ch_2", guestIdFor(account, "ch_2")],
        ["ch_3", guestIdFor(account, "ch_3")],
        ["ch_4", guestIdFor(account, "ch_3")],
      ]),
    );
    const retired = await api.get(`/v1/guests/${guestIdFor(account, "ch_1")}`, { account });
    expect(retired.json).toMatchObject({
      id: guestIdFor(account, "ch_3"),
      redirected_from: guestIdFor(account, "ch_1"),
    });
    expect((await api.get("/v1/payments/ch_1", { account })).status).toBe(404);
    const leftovers = await db.read(
      "MATCH (c:Card) WHERE c.account = $account AND c.fingerprint = 'FP_1' RETURN c.fingerprint AS fingerprint",
      { account },
    );
    expect(leftovers).toEqual([{ fingerprint: "FP_1" }]); // ch_3 still uses it
    await expectVerified(account);
  });

  it("when a guest's only payment is deleted, then the guest is retired and its id is no longer found", async () => {
    const account = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "solo@example.com" });

    await api.call("DELETE", "/v1/payments/ch_1", { account });

    expect((await api.get(`/v1/guests/${guestIdFor(account, "ch_1")}`, { account })).status).toBe(404);
    expect((await api.get("/v1/guests", { account })).json.data).toEqual([]);
    const emails = await db.read("MATCH (e:Email) WHERE e.account = $account RETURN e", { account });
    expect(emails).toEqual([]);
  });

  it("when a copy made before the deletion arrives afterwards, then the payment stays deleted; a newer copy brings it back", async () => {
    const account = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "a@example.com", updated: 1_700_000_000 });
    await api.call("DELETE", "/v1/payments/ch_1", { account });

    const [stale] = await send(account, {
      id: "ch_1",
      created: 100,
      email: "a@example.com",
      updated: 1_700_000_001,
    });
    expect(stale).toMatchObject({
      object: "payment_result",
      id: "ch_1",
      guest: null,
      result: "deleted",
      error: null,
    });
    expect((await guestsOf(account)).size).toBe(0);

    const [fresh] = await send(account, { id: "ch_1", created: 100, email: "a@example.com" });
    expect(fresh).toMatchObject({ result: "created", guest: guestIdFor(account, "ch_1") });
  });

  it("when the same payment is deleted twice, then the second answers 404", async () => {
    const account = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "a@example.com" });

    expect((await api.call("DELETE", "/v1/payments/ch_1", { account })).status).toBe(200);
    expect((await api.call("DELETE", "/v1/payments/ch_1", { account })).status).toBe(404);
  });
});

describe("POST /v1/erasures", () => {
  const erase = (
    account: string,
    body: unknown,
    key: "admin" | "reader" | "ingest" | "investigator" = "admin",
  ) => api.call("POST", "/v1/erasures", { key, account, body });

  it("when a key is not admin, then it is refused with 403 and nothing is erased", async () => {
    const account = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "keep@example.com" });

    for (const key of ["reader", "ingest", "investigator"] as const) {
      const answer = await erase(account, { email: "keep@example.com" }, key);
      expect(answer.status).toBe(403);
      expect(errorOf(answer).type).toBe("permission_error");
    }
    const emails = await db.read("MATCH (e:Email) WHERE e.account = $account RETURN e.address AS address", {
      account,
    });
    expect(emails).toEqual([{ address: "keep@example.com" }]);
  });

  it("when the body names no identifier, two of them, a bad email or an unknown field, then 400 names the field and nothing is erased", async () => {
    const account = uniqueAccount();

    const none = await erase(account, {});
    const two = await erase(account, { email: "a@example.com", phone: "+14155550123" });
    const badEmail = await erase(account, { email: "not an address" });
    const unknown = await erase(account, { mail: "a@example.com" });
    const badCard = await erase(account, { card_fingerprint: "4242 4242 4242 4242" });

    expect(none.status).toBe(400);
    expect(errorOf(none).code).toBe("parameter_missing");
    expect(errorOf(two)).toMatchObject({ code: "parameters_exclusive", param: "phone" });
    expect(errorOf(badEmail)).toMatchObject({ code: "parameter_invalid", param: "email" });
    expect(errorOf(badEmail).message).not.toContain("not an address");
    expect(errorOf(unknown)).toMatchObject({ code: "parameter_unknown", param: "mail" });
    expect(badCard.status).toBe(400);
    const erasures = await db.read("MATCH (e:Erasure) WHERE e.account = $account RETURN e", { account });
    expect(erasures).toEqual([]);
  });

  it("when an email is erased, then it leaves every payment (identifier, uses, description), the payments are re-resolved, and the answer counts what changed", async () => {
    const account = uniqueAccount();
    await send(
      account,
      { id: "ch_1", created: 100, email: "Ann@Example.com", card: "FP_1" },
      { id: "ch_2", created: 200, description: "Receipt to ann@example.com, thanks", phone: "+14155550123" },
      { id: "ch_3", created: 300, phone: "+14155550123" },
      { id: "ch_4", created: 400, email: "ann@example.com", customer: "cus_ann" },
    );
    expect((await guestsOf(account)).get("ch_3")).toBe(guestIdFor(account, "ch_1"));

    const answer = await erase(account, { email: "  ANN@example.com " });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: "erasure",
      identifier_type: "email",
      payments_touched: 3,
      guests_changed: 2, // ch_1's guest lost the email and ch_2, ch_3; ch_2 founds a guest of its own
      guests_retired: 0,
      repeat_of: null,
    });
    expect(answer.json.id).toMatch(/^ers_/);
    expect(answer.text).not.toContain("ann@example.com");
    expect(await guestsOf(account)).toEqual(
      new Map([
        ["ch_1", guestIdFor(account, "ch_1")],
        ["ch_2", guestIdFor(account, "ch_2")],
        ["ch_3", guestIdFor(account, "ch_2")],
        ["ch_4", null],
      ]),
    );
    const leftovers = await db.read<{ id: string }>(
      `MATCH (p:Payment) WHERE p.account = $account AND p.at > ''
         AND any(key IN keys(p) WHERE toLower(toString(p[key])) CONTAINS 'ann@example.com')
       RETURN p.id AS id
       UNION
       MATCH (e:Email) WHERE e.account = $account AND e.address = 'ann@example.com' RETURN e.address AS id
       UNION
       MATCH (e:Erasure) WHERE e.account = $account
         AND any(key IN keys(e) WHERE toLower(toString(e[key])) CONTAINS 'ann@example.com')
       RETURN e.id AS id`,
      { account },
    );
    expect(leftovers).toEqual([]);
    const description = await api.get("/v1/payments/ch_2", { account });
    expect(description.json.description).toBe("Receipt to [erased], thanks");
    for (const line of logLines) expect(line.toLowerCase()).not.toContain("ann@example.com");
    await expectVerified(account);
  });

  it("when an email is erased, then stored answers to idempotent requests that hold it are deleted, so replaying their key runs afresh instead of answering the value; other keys still replay, and no record keeps an unkeyed hash", async () => {
    const account = uniqueAccount();
    const post = (idempotencyKey: string, data: unknown[]) =>
      api.call("POST", "/v1/payments", { key: "ingest", account, idempotencyKey, body: { data } });
    // A batch whose refused item names an unknown field written as the address: its stored answer echoes it.
    const annBatch = [
      canonical({ id: "ch_ann", created: 100, email: "ann@example.com" }),
      { ...canonical({ id: "ch_typo", created: 150 }), "Ann@Example.com": "vip" },
    ];
    const bobBatch = [canonical({ id: "ch_bob", created: 200, email: "bob@example.com" })];
    expect((await post("key-ann", annBatch)).text).toContain("Ann@Example.com");
    await post("key-bob", bobBatch);
    expect((await post("key-ann", annBatch)).headers.get("idempotent-replayed")).toBe("true");

    expect((await erase(account, { email: "ann@example.com" })).status).toBe(200);

    const records = await db.read<{ key: string; body: string | null; requestHash: string }>(
      `MATCH (k:IdempotencyKey) WHERE k.account = $account AND k.createdAt > datetime('1970-01-01T00:00:00Z')
       RETURN k.key AS key, k.body AS body, k.requestHash AS requestHash ORDER BY k.key`,
      { account },
    );
    expect(records.map(({ key }) => key)).toEqual(["key-bob"]);
    for (const { requestHash } of records) expect(requestHash).toMatch(/^hmac:[0-9a-f]{64}$/);
    const bobAgain = await post("key-bob", bobBatch);
    expect(bobAgain.headers.get("idempotent-replayed")).toBe("true");
    const annAgain = await post("key-ann", annBatch);
    expect(annAgain.status).toBe(200);
    expect(annAgain.headers.get("idempotent-replayed")).toBeNull();
    expect(annAgain.json.data[0]).toMatchObject({ result: "unchanged" });
  });

  it("when the same email is erased again, then nothing is touched and the erasure names the first one; the records keep a keyed hash, never the value", async () => {
    const account = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "bo@example.com" });
    const first = await erase(account, { email: "bo@example.com" });

    const again = await erase(account, { email: "BO@example.com" });

    expect(again.json).toMatchObject({ payments_touched: 0, guests_changed: 0, repeat_of: first.json.id });
    const records = await db.read<{ record: Record<string, unknown> }>(
      "MATCH (e:Erasure) WHERE e.account = $account RETURN properties(e) AS record ORDER BY e.created, e.id",
      { account },
    );
    expect(records).toHaveLength(2);
    for (const { record } of records) {
      expect(JSON.stringify(record)).not.toContain("bo@example.com");
      expect(record.valueHash).toEqual(records[0]?.record.valueHash);
      expect(record.requestedBy).toEqual(first.json.requested_by);
    }
  });

  it("when an old copy of an erased payment is sent again, then the erased email does not come back", async () => {
    const account = uniqueAccount();
    await send(account, {
      id: "ch_1",
      created: 100,
      email: "cy@example.com",
      description: "for cy@example.com",
      updated: 10,
    });
    await erase(account, { email: "cy@example.com" });

    // A webhook retried and an import of fresh data: neither brings the value back.
    await send(account, {
      id: "ch_1",
      created: 100,
      email: "cy@example.com",
      description: "for cy@example.com",
      updated: 10,
    });
    await send(account, {
      id: "ch_1",
      created: 100,
      email: "cy@example.com",
      description: "for cy@example.com",
      phone: "+14155550199",
    });
    await send(account, { id: "ch_2", created: 200, email: "CY@example.com" });

    const emails = await db.read("MATCH (e:Email) WHERE e.account = $account RETURN e", { account });
    expect(emails).toEqual([]);
    const guests = await guestsOf(account);
    expect(guests.get("ch_2")).toBe(guestIdFor(account, "ch_2"));
    expect((await api.get("/v1/payments/ch_1", { account })).json.description).toBe("for [erased]");
  });

  it("when a card fingerprint or a phone written another way is erased, then the card's node and the payment's fingerprint go, and every stored spelling of the phone", async () => {
    const account = uniqueAccount();
    await send(
      account,
      { id: "ch_1", created: 100, card: "FP_9", phone: "+1 (415) 555-0123" },
      { id: "ch_2", created: 200, card: "FP_9" },
    );

    const card = await erase(account, { card_fingerprint: "FP_9" });
    const phone = await erase(account, { phone: "1 415 555 0123" });

    expect(card.json).toMatchObject({ identifier_type: "card_fingerprint", payments_touched: 2 });
    expect(phone.json).toMatchObject({ identifier_type: "phone", payments_touched: 1 });
    const left = await db.read<{ id: string; fingerprint: string | null; last4: string | null }>(
      "MATCH (p:Payment) WHERE p.account = $account RETURN p.id AS id, p.cardFingerprint AS fingerprint, p.cardLast4 AS last4 ORDER BY id",
      { account },
    );
    expect(left).toEqual([
      { id: "ch_1", fingerprint: null, last4: "4242" },
      { id: "ch_2", fingerprint: null, last4: "4242" },
    ]);
    const identifiers = await db.read(
      "MATCH (n) WHERE n.account = $account AND (n:Card OR n:Phone OR n:Email) RETURN n",
      { account },
    );
    expect(identifiers).toEqual([]);
    expect(await guestsOf(account)).toEqual(
      new Map([
        ["ch_1", guestIdFor(account, "ch_1")],
        ["ch_2", guestIdFor(account, "ch_2")],
      ]),
    );
  });

  it("when an erasure is sent for another account, then this account's payments keep the value (each account is erased on its own)", async () => {
    const account = uniqueAccount();
    const other = uniqueAccount();
    await send(account, { id: "ch_1", created: 100, email: "dee@example.com" });

    const elsewhere = await erase(other, { email: "dee@example.com" });

    expect(elsewhere.json).toMatchObject({ payments_touched: 0, repeat_of: null });
    const emails = await db.read<{ address: string }>(
      "MATCH (e:Email) WHERE e.account = $account RETURN e.address AS address",
      { account },
    );
    expect(emails).toEqual([{ address: "dee@example.com" }]);
  });
});
