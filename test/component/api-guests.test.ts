import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Payment } from "../../src/domain/payment.ts";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { type Answer, apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";

/**
 * GET /v1/guests/:id (the guest view) and GET /v1/guests/:id/payments through real HTTP and Neo4j,
 * with the API's own routes. Each describe block arranges its payments under its own account.
 */

const db: Database = openTestDatabase();
const defaultAccount = uniqueAccount();

const api = apiUnderTest({
  db,
  defaultAccount,
  keys: { admin: "any account", reader: "any account", ingest: "any account" },
  defaultKey: "reader",
});

beforeAll(() => api.start());

afterAll(async () => {
  await api.stop();
  await db.close();
});

const ids = (list: Answer) => list.json.data.map((payment: { id: string }) => payment.id);

/** A domain payment from a sketch, with the money fields a test cares about. */
function payment(account: string, sketch: PaymentSketch, money: Partial<Payment> = {}): Payment {
  return { ...paymentFrom(account, sketch), ...money };
}

// ---- The guest view ----

describe("GET /v1/guests/:id: the guest view", () => {
  const account = uniqueAccount();
  const ann = "ann@example.com";
  const annPhone = "+14155550123";
  const annCard = "FP_ANN";
  const guest = guestIdFor(account, "ch_p1");
  const otherGuest = guestIdFor(account, "ch_q1");

  beforeAll(async () => {
    await ingestPayments(db, account, [
      payment(
        account,
        { id: "ch_p1", created: 1000, emails: [ann], cards: [annCard] },
        { amount: 1000, currency: "usd", dispute: { status: "under_review", reason: "fraudulent" } },
      ),
      payment(
        account,
        { id: "ch_p2", created: 2000, emails: [ann], phones: [annPhone] },
        { amount: 2500, currency: "eur", refunds: { amountRefunded: 500, refunded: false } },
      ),
      payment(account, { id: "ch_p3", created: 3000, cards: [annCard], status: "failed" }, { amount: 700 }),
      // A registered customer who used Ann's email once, and paid once more without it.
      payment(account, { id: "ch_c1", created: 1500, emails: [ann], customer: "cus_A" }),
      payment(account, { id: "ch_c2", created: 1600, emails: ["a.other@example.com"], customer: "cus_A" }),
      // Another guest: q2 used Ann's email, but its phone was used more recently (by q1), so it joined q1's guest.
      payment(account, { id: "ch_q1", created: 2400, phones: ["+14155550999"] }),
      payment(account, { id: "ch_q2", created: 2500, emails: [ann], phones: ["+14155550999"] }),
    ]);
  });

  it("when a guest is retrieved, then its counts, activity times, disputes, refunds and totals per currency are given", async () => {
    const answer = await api.get(`/v1/guests/${guest}`, { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: guest,
      object: "guest",
      redirected_from: null,
      founding_payment: "ch_p1",
      payment_count: 3,
      first_payment: 1000,
      last_payment: 3000,
      dispute_count: 1,
      refunded_payment_count: 1,
      has_dispute: true,
      has_refund: true,
      totals: [
        { currency: "eur", spent: 2500, refunded: 500 },
        { currency: "usd", spent: 1000, refunded: 0 },
      ],
      payments_url: `/v1/guests/${guest}/payments`,
    });
    expect(answer.json.created).toEqual(expect.any(Number));
  });

  it("when a guest is retrieved, then every email, phone and card it used comes with first and last seen and its use count", async () => {
    const answer = await api.get(`/v1/guests/${guest}`, { account });

    // Most used first; total_payment_count counts everyone's payments (the customer's and q2 used Ann's email too).
    expect(answer.json.identifiers).toEqual([
      {
        id: `card:${annCard}`,
        object: "guest_identifier",
        type: "card",
        value: annCard,
        card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030, country: "US" },
        first_seen: 1000,
        last_seen: 3000,
        payment_count: 2,
        total_payment_count: 2,
      },
      {
        id: `email:${ann}`,
        object: "guest_identifier",
        type: "email",
        value: ann,
        first_seen: 1000,
        last_seen: 2000,
        payment_count: 2,
        total_payment_count: 4,
      },
      {
        id: `phone:${annPhone}`,
        object: "guest_identifier",
        type: "phone",
        value: annPhone,
        verified: true,
        first_seen: 2000,
        last_seen: 2000,
        payment_count: 1,
        total_payment_count: 1,
      },
    ]);
    expect(answer.json).toMatchObject({
      identifier_count: 3,
      identifiers_url: `/v1/guests/${guest}/identifiers`,
      truncated: {
        any: false,
        payments: { kept: 3, total: 3 },
        identifiers: { kept: 3, total: 3 },
        hubs: [],
      },
    });
  });

  it("when a guest is retrieved, then it carries its guest list row: primary email, phone and card, and risk flags", async () => {
    const view = await api.get(`/v1/guests/${guest}`, { account });
    const listed = await api.get(`/v1/guests?card_fingerprint=${annCard}`, { account });

    expect(view.json).toMatchObject({
      primary_email: ann,
      primary_phone: annPhone,
      primary_card: { brand: "visa", last4: "4242", fingerprint: annCard },
      // Ann's payment is disputed, and q2 (another guest) used her email: a ring of two.
      risk_flags: ["disputed", "in_ring"],
      risk: { ring: `ring_${guest.slice(4)}`, ring_size: 2, dispute_distance: 0 },
    });
    expect(listed.json.data).toHaveLength(1);
    expect(view.json).toMatchObject(listed.json.data[0]);
  });

  it("when a guest is retrieved, then its latest payments come newest first with status, money, refunds, dispute and outcome", async () => {
    const answer = await api.get(`/v1/guests/${guest}`, { account });

    const latest = answer.json.latest_payments;
    expect(latest.map((p: { id: string }) => p.id)).toEqual(["ch_p3", "ch_p2", "ch_p1"]);
    expect(latest[0]).toMatchObject({
      object: "payment",
      status: "failed",
      amount: 700,
      currency: "usd",
      guest,
    });
    expect(latest[1]).toMatchObject({ amount: 2500, currency: "eur", amount_refunded: 500, refunded: false });
    expect(latest[2]).toMatchObject({
      dispute: { status: "under_review", reason: "fraudulent" },
      outcome: null,
      explanation: null,
    });
  });

  it("when a guest shares an email with a registered customer, then the customer is named with the shared identifiers and its payment counts", async () => {
    const answer = await api.get(`/v1/guests/${guest}`, { account });

    expect(answer.json.related_customers).toEqual([
      {
        id: "cus_A",
        object: "related_customer",
        customer: "cus_A",
        identifiers: [{ type: "email", value: ann }],
        shared_payment_count: 1,
        payment_count: 2,
      },
    ]);
  });

  it("when another guest's payment used one of this guest's identifiers, then each names the other with what they share", async () => {
    const fromAnn = await api.get(`/v1/guests/${guest}`, { account });
    const fromOther = await api.get(`/v1/guests/${otherGuest}`, { account });

    expect(fromAnn.json.linked_guests).toEqual([
      {
        id: otherGuest,
        object: "linked_guest",
        guest: otherGuest,
        identifiers: [{ type: "email", value: ann }],
        shared_identifier_count: 1,
        shared_payment_count: 1,
        payment_count: 2,
      },
    ]);
    expect(fromOther.json.linked_guests).toEqual([
      {
        id: guest,
        object: "linked_guest",
        guest,
        identifiers: [{ type: "email", value: ann }],
        shared_identifier_count: 1,
        shared_payment_count: 2,
        payment_count: 3,
      },
    ]);
    expect(fromOther.json.related_customers).toEqual([
      {
        id: "cus_A",
        object: "related_customer",
        customer: "cus_A",
        identifiers: [{ type: "email", value: ann }],
        shared_payment_count: 1,
        payment_count: 2,
      },
    ]);
  });

  it("when a guest has more than 10 payments, then the view carries the 10 newest and payments_url lists the rest", async () => {
    const busy = uniqueAccount();
    await ingestPayments(
      db,
      busy,
      Array.from({ length: 12 }, (_, i) =>
        payment(busy, { id: `ch_${i + 1}`, created: 100 + i, emails: ["b@example.com"] }),
      ),
    );
    const busyGuest = guestIdFor(busy, "ch_1");

    const view = await api.get(`/v1/guests/${busyGuest}`, { account: busy });
    const all = await api.get(`${view.json.payments_url}?limit=100`, { account: busy });

    expect(view.json.payment_count).toBe(12);
    expect(view.json.latest_payments.map((p: { id: string }) => p.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `ch_${12 - i}`),
    );
    expect(ids(all)).toEqual(Array.from({ length: 12 }, (_, i) => `ch_${12 - i}`));
  });

  it("when the guest's payments were sent as Stripe charges, then the view shows the charge's email, phone and card", async () => {
    const posted = uniqueAccount();
    const fixture = JSON.parse(
      readFileSync(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
    );
    const sent = await api.call("POST", "/v1/payments", { key: "ingest", account: posted, body: fixture });

    const answer = await api.get(`/v1/guests/${sent.json.guest}`, { account: posted });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: guestIdFor(posted, fixture.id),
      payment_count: 1,
      totals: [{ currency: "gbp", spent: 1099, refunded: 0 }],
    });
    const values = answer.json.identifiers.map(
      (identifier: { type: string; value: string }) => `${identifier.type}:${identifier.value}`,
    );
    expect(values).toEqual(
      expect.arrayContaining([
        "email:jenny.rosen@example.com",
        "email:sam.lee@example.org",
        "phone:+442079460958",
        "card:Xt5EWLLDS7FJjR1c",
      ]),
    );
  });
});

describe("GET /v1/guests/:id: the primary email, phone and card", () => {
  const account = uniqueAccount();
  const phone = "+14155550100";
  let lateGuest: string;
  let tieGuest: string;

  beforeAll(async () => {
    // ch_v1 and ch_v3 share a phone; ch_v2, dated between them, arrives last and joins by ch_v1's email.
    await ingestPayments(db, account, [
      payment(account, {
        id: "ch_v1",
        created: 1000,
        emails: ["old@example.com"],
        phones: [phone],
        cards: ["FP_OLD"],
        last4: "1111",
      }),
      payment(account, {
        id: "ch_v3",
        created: 3000,
        emails: ["new@example.com"],
        phones: [phone],
        cards: ["FP_NEW"],
        last4: "3333",
      }),
    ]);
    const [late] = await ingestPayments(db, account, [
      payment(account, {
        id: "ch_v2",
        created: 2000,
        emails: ["old@example.com"],
        phones: ["+14155550122"],
        cards: ["FP_LATE"],
        last4: "2222",
      }),
    ]);
    lateGuest = late?.guest ?? "";
    // Two payments of the same second, sharing a card: ch_w_b (the higher id) arrives first.
    await ingestPayments(db, account, [
      payment(account, { id: "ch_w_b", created: 5000, emails: ["b.tie@example.com"], cards: ["FP_TIE"] }),
    ]);
    const [tie] = await ingestPayments(db, account, [
      payment(account, { id: "ch_w_a", created: 5000, emails: ["a.tie@example.com"], cards: ["FP_TIE"] }),
    ]);
    tieGuest = tie?.guest ?? "";
  });

  it("when a guest's older payment arrives last, then its primary email, phone and card are those of its most recent payment, not of the last to arrive", async () => {
    const answer = await api.get(`/v1/guests/${lateGuest}`, { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      founding_payment: "ch_v1",
      payment_count: 3,
      primary_email: "new@example.com",
      primary_phone: phone,
      primary_card: { brand: "visa", last4: "3333", fingerprint: "FP_NEW" },
      risk_flags: [],
    });
  });

  it("when two payments of a guest were made in the same second, then the primary email is the one of the higher payment id, whichever arrived last", async () => {
    const answer = await api.get(`/v1/guests/${tieGuest}`, { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ payment_count: 2, primary_email: "b.tie@example.com" });
  });
});

describe("GET /v1/guests/:id: a guest retired by a late payment", () => {
  const account = uniqueAccount();
  const retired = guestIdFor(account, "ch_3");
  const current = guestIdFor(account, "ch_1");

  beforeAll(async () => {
    await ingestPayments(db, account, [
      payment(account, { id: "ch_1", created: 10, emails: ["a@example.com"] }),
      payment(account, { id: "ch_3", created: 30, cards: ["F3"] }),
      payment(account, { id: "ch_4", created: 40, cards: ["F3"] }),
    ]);
    // Before this late payment, ch_3 and ch_4 were a guest of their own.
    await ingestPayments(db, account, [
      payment(account, { id: "ch_2", created: 20, emails: ["a@example.com"], cards: ["F3"] }),
    ]);
  });

  it("when a retired guest id is asked for, then the guest holding its founding payment answers and names the id asked", async () => {
    const answer = await api.get(`/v1/guests/${retired}`, { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: current,
      redirected_from: retired,
      founding_payment: "ch_1",
      payment_count: 4,
      payments_url: `/v1/guests/${current}/payments`,
    });
  });

  it("when the current guest's own id is asked for, then it answers without redirected_from", async () => {
    const answer = await api.get(`/v1/guests/${current}`, { account });

    expect(answer.json).toMatchObject({ id: current, redirected_from: null, payment_count: 4 });
  });

  it("when a retired guest's payments are listed, then the current guest's payments are, under its own url", async () => {
    const answer = await api.get(`/v1/guests/${retired}/payments`, { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: "list",
      has_more: false,
      url: `/v1/guests/${current}/payments`,
    });
    expect(ids(answer)).toEqual(["ch_4", "ch_3", "ch_2", "ch_1"]);
  });
});

describe("GET /v1/guests/:id: errors and isolation", () => {
  const account = uniqueAccount();
  const otherAccount = uniqueAccount();
  const guest = guestIdFor(account, "ch_mine");
  const theirGuest = guestIdFor(otherAccount, "ch_theirs");

  beforeAll(async () => {
    await ingestPayments(db, account, [
      payment(account, { id: "ch_mine", created: 1, emails: ["m@example.com"] }),
    ]);
    await ingestPayments(db, otherAccount, [
      payment(otherAccount, { id: "ch_theirs", created: 1, emails: ["m@example.com"] }),
    ]);
  });

  it("when the id names no guest, then 404 resource_missing naming id", async () => {
    const answer = await api.get("/v1/guests/gst_nosuchguest", { account });
    const notAGuestId = await api.get("/v1/guests/ch_mine", { account });

    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toMatchObject({
      type: "invalid_request_error",
      code: "resource_missing",
      param: "id",
    });
    expect(notAGuestId.status).toBe(404);
  });

  it("when the guest belongs to another account, then 404 for the view and the payments alike", async () => {
    const view = await api.get(`/v1/guests/${theirGuest}`, { account });
    const payments = await api.get(`/v1/guests/${theirGuest}/payments`, { account });
    const inTheirAccount = await api.get(`/v1/guests/${theirGuest}`, { account: otherAccount });

    expect(view.status).toBe(404);
    expect(payments.status).toBe(404);
    expect(errorOf(payments)).toMatchObject({ code: "resource_missing", param: "id" });
    expect(inTheirAccount.status).toBe(200);
  });

  it("when an unknown query parameter is sent, then 400 parameter_unknown naming it", async () => {
    const view = await api.get(`/v1/guests/${guest}?expand=payments`, { account });
    const payments = await api.get(`/v1/guests/${guest}/payments?status=failed`, { account });

    expect(view.status).toBe(400);
    expect(errorOf(view)).toMatchObject({ code: "parameter_unknown", param: "expand" });
    expect(payments.status).toBe(400);
    expect(errorOf(payments)).toMatchObject({ code: "parameter_unknown", param: "status" });
  });

  it("when the id is longer than any id, then 400 naming id", async () => {
    const answer = await api.get(`/v1/guests/gst_${"x".repeat(260)}`, { account });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ param: "id" });
  });

  it("when no API key is sent, then 401; when an ingest key reads, then 403", async () => {
    const withoutKey = await api.get(`/v1/guests/${guest}`, { account, key: null });
    const asIngest = await api.get(`/v1/guests/${guest}/payments`, { account, key: "ingest" });

    expect(withoutKey.status).toBe(401);
    expect(errorOf(withoutKey)).toMatchObject({ type: "authentication_error" });
    expect(asIngest.status).toBe(403);
    expect(errorOf(asIngest)).toMatchObject({ type: "permission_error", code: "insufficient_permissions" });
  });
});

// ---- A guest's payments, page by page ----

describe("GET /v1/guests/:id/payments: pagination", () => {
  const account = uniqueAccount();
  const otherAccount = uniqueAccount();
  const guest = guestIdFor(account, "ch_01");
  const smallGuest = guestIdFor(account, "ch_s1");
  // 25 payments, created 101..125; ch_01 is the oldest. Listed newest first: ch_25 … ch_01.
  const newestFirst = Array.from({ length: 25 }, (_, i) => `ch_${String(25 - i).padStart(2, "0")}`);

  beforeAll(async () => {
    await ingestPayments(db, account, [
      ...Array.from({ length: 25 }, (_, i) =>
        payment(account, {
          id: `ch_${String(i + 1).padStart(2, "0")}`,
          created: 101 + i,
          emails: ["many@example.com"],
        }),
      ),
      // Another guest, with three payments made in the same second: ties are ordered by id.
      payment(account, { id: "ch_s1", created: 500, cards: ["FP_SMALL"] }),
      payment(account, { id: "ch_s2", created: 500, cards: ["FP_SMALL"] }),
      payment(account, { id: "ch_s3", created: 500, cards: ["FP_SMALL"] }),
    ]);
    await ingestPayments(db, otherAccount, [
      payment(otherAccount, { id: "ch_elsewhere", created: 1, emails: ["many@example.com"] }),
    ]);
  });

  const list = (query: string, guestId = guest) =>
    api.get(`/v1/guests/${guestId}/payments${query}`, { account });

  it("when the payments are listed without parameters, then the 10 newest come first, with has_more and the list url", async () => {
    const answer = await list("");

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: "list",
      has_more: true,
      url: `/v1/guests/${guest}/payments`,
    });
    expect(ids(answer)).toEqual(newestFirst.slice(0, 10));
    expect(answer.json.data[0]).toMatchObject({ object: "payment", guest, created: 125, explanation: null });
  });

  it("when pages are followed with starting_after, then every payment comes once, newest first, and the last page says has_more false", async () => {
    const seen: string[] = [];
    const hasMore: boolean[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await list(`?limit=10${cursor ? `&starting_after=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page));
      hasMore.push(page.json.has_more);
      cursor = page.json.has_more ? (seen.at(-1) ?? null) : null;
    } while (cursor);

    expect(seen).toEqual(newestFirst);
    expect(hasMore).toEqual([true, true, false]);
  });

  it("when ending_before names a payment, then the page is the payments just newer than it, newest first", async () => {
    const answer = await list("?limit=10&ending_before=ch_05");

    expect(ids(answer)).toEqual(newestFirst.slice(10, 20)); // ch_15 … ch_06
    expect(answer.json.has_more).toBe(true);
  });

  it("when ending_before reaches the newest payments, then the page holds what is left and has_more is false", async () => {
    const answer = await list("?limit=10&ending_before=ch_20");

    expect(ids(answer)).toEqual(newestFirst.slice(0, 5));
    expect(answer.json.has_more).toBe(false);
  });

  it("when the limit equals the number of payments, then one page holds them all and has_more is false", async () => {
    const answer = await list("?limit=3", smallGuest);

    expect(ids(answer)).toEqual(["ch_s3", "ch_s2", "ch_s1"]);
    expect(answer.json.has_more).toBe(false);
  });

  it("when the cursor is the oldest payment, then the page is empty with has_more false", async () => {
    const afterOldest = await list("?starting_after=ch_01");
    const beforeNewest = await list("?ending_before=ch_25");

    expect(afterOldest.status).toBe(200);
    expect(afterOldest.json).toMatchObject({ object: "list", data: [], has_more: false });
    expect(beforeNewest.json).toMatchObject({ data: [], has_more: false });
  });

  it("when starting_after names another guest's payment, then 400 naming starting_after", async () => {
    const answer = await list("?starting_after=ch_s2");

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({
      type: "invalid_request_error",
      code: "resource_missing",
      param: "starting_after",
    });
  });

  it("when ending_before names another guest's payment, then 400 naming ending_before", async () => {
    const answer = await list("?ending_before=ch_s2");

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "resource_missing", param: "ending_before" });
  });

  it("when the cursor is a payment of another account, or of none, then 400 naming the cursor", async () => {
    const otherAccounts = await list("?starting_after=ch_elsewhere");
    const unknown = await list("?starting_after=ch_nosuchpayment");

    expect(otherAccounts.status).toBe(400);
    expect(errorOf(otherAccounts)).toMatchObject({ code: "resource_missing", param: "starting_after" });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toMatchObject({ param: "starting_after" });
  });

  it("when both cursors are given, then 400 parameters_exclusive", async () => {
    const answer = await list("?starting_after=ch_10&ending_before=ch_20");

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameters_exclusive", param: "ending_before" });
  });

  it("when the limit is out of 1 to 100 or not a number, then 400 naming limit", async () => {
    for (const limit of ["0", "101", "ten"]) {
      const answer = await list(`?limit=${limit}`);

      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: "parameter_invalid", param: "limit" });
    }
  });
});

describe("the OpenAPI document", () => {
  it("when /openapi.json is read, then GuestView has every property of GuestListItem, required alike, and the new fields typed", async () => {
    const answer = await api.get("/openapi.json", { key: null });

    const { GuestView: view, GuestListItem: item } = answer.json.components.schemas;
    expect(Object.keys(view.properties)).toEqual(expect.arrayContaining(Object.keys(item.properties)));
    expect(view.required).toEqual(expect.arrayContaining(item.required));
    expect(view.properties.primary_email.type).toEqual(["string", "null"]);
    expect(view.properties.primary_card.properties.fingerprint.type).toBe("string");
    expect(view.properties.risk_flags).toMatchObject({ type: "array", items: { type: "string" } });
  });
});
