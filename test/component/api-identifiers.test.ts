import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";

/**
 * GET /v1/identifiers/:type/:value and its guests and customers lists, through real HTTP and Neo4j, on
 * fraud scenarios: a card-testing burst, a family card with a registered customer, a hub phone with more
 * payments than one request reads. Each scenario has its own account.
 */

const db: Database = openTestDatabase();

const api = apiUnderTest({
  db,
  defaultAccount: uniqueAccount(),
  keys: { investigator: "any account", reader: "any account" },
  defaultKey: "investigator",
});

beforeAll(() => api.start());

afterAll(async () => {
  await api.stop();
  await db.close();
});

async function seed(account: string, sketches: PaymentSketch[]): Promise<void> {
  for (let start = 0; start < sketches.length; start += 1000) {
    await ingestPayments(
      db,
      account,
      sketches.slice(start, start + 1000).map((sketch) => paymentFrom(account, sketch)),
    );
  }
}

const dayOf = (seconds: number) => seconds - (seconds % 86_400);

describe("a card-testing burst: 30 failed payments on one card within five minutes, half an hour ago", () => {
  const account = uniqueAccount();
  const now = Math.floor(Date.now() / 1000);
  const burstStart = now - 1800;
  const tester = () => guestIdFor(account, "ch_b_old");

  beforeAll(() =>
    seed(account, [
      ...Array.from({ length: 30 }, (_, n) => ({
        id: `ch_b${String(n).padStart(2, "0")}`,
        created: burstStart + n * 10,
        cards: ["FP_BURST"],
        emails: [`try${n}@burst.test`],
        status: "failed" as const,
        amount: 100,
      })),
      // Ten days earlier the card paid once, successfully, with another email.
      {
        id: "ch_b_old",
        created: now - 10 * 86_400,
        cards: ["FP_BURST"],
        emails: ["owner@burst.test"],
        amount: 5000,
      },
    ]),
  );

  it("when the card is retrieved, then its counts, velocity and activity show the burst", async () => {
    const answer = await api.get("/v1/identifiers/card/FP_BURST", { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: "card:FP_BURST",
      object: "identifier",
      type: "card",
      value: "FP_BURST",
      card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030, country: "US" },
      payment_count: 31,
      first_used: now - 10 * 86_400,
      last_used: burstStart + 290,
      counts: {
        payments: 31,
        failed_payments: 30,
        disputed_payments: 0,
        refunded_payments: 0,
        guests: 1,
        customers: 0,
        emails: 31,
        phones: 0,
        cards: 1,
      },
      amounts: [{ currency: "usd", amount: 5000, refunded: 0 }],
      velocity: {
        payments: { last_hour: 30, last_day: 30, last_week: 30, last_30_days: 31 },
        failed_payments: { last_hour: 30, last_day: 30, last_week: 30, last_30_days: 30 },
      },
      truncated: { any: false, payments: { kept: 31, total: 31 } },
    });
    expect(answer.json.velocity.as_of).toBeGreaterThanOrEqual(now);
    const burstDays = [...new Set(Array.from({ length: 30 }, (_, n) => dayOf(burstStart + n * 10)))];
    expect(answer.json.activity.at(-1)).toEqual({
      day: dayOf(now - 10 * 86_400),
      payments: 1,
      failed: 0,
      disputed: 0,
      amounts: [{ currency: "usd", amount: 5000 }],
    });
    expect(answer.json.activity.slice(0, -1).map((entry: { day: number }) => entry.day)).toEqual(
      burstDays.reverse(),
    );
    expect(
      answer.json.activity
        .slice(0, -1)
        .reduce((sum: number, entry: { failed: number }) => sum + entry.failed, 0),
    ).toBe(30);
  });

  it("when the card is retrieved, then its one guest comes with its 31 payments and 30 failures", async () => {
    const answer = await api.get("/v1/identifiers/card/FP_BURST", { account });

    expect(answer.json.guests).toEqual({
      object: "list",
      data: [
        {
          id: tester(),
          object: "identifier_user",
          type: "guest",
          payment_count: 31,
          failed_payment_count: 30,
          disputed_payment_count: 0,
          first_used: now - 10 * 86_400,
          last_used: burstStart + 290,
        },
      ],
      has_more: false,
      url: "/v1/identifiers/card/FP_BURST/guests",
    });
    expect(answer.json.customers).toMatchObject({ data: [], has_more: false });
  });

  it("when one of the burst's emails is retrieved, then it was used once, by the same guest, with the one card", async () => {
    const answer = await api.get("/v1/identifiers/email/TRY7@burst.test", { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: "email:try7@burst.test",
      value: "try7@burst.test",
      payment_count: 1,
      counts: { payments: 1, failed_payments: 1, emails: 1, cards: 1, guests: 1 },
    });
    expect(answer.json.guests.data.map((user: { id: string }) => user.id)).toEqual([tester()]);
    expect(answer.json).not.toHaveProperty("card");
  });
});

describe("a family card used by two guests and a registered customer", () => {
  const account = uniqueAccount();
  const mum = () => guestIdFor(account, "ch_m1");
  const kid = () => guestIdFor(account, "ch_k1");

  beforeAll(() =>
    seed(account, [
      { id: "ch_m1", created: 1000, emails: ["mum@family.test"], cards: ["FP_FAM"], disputed: true },
      { id: "ch_k1", created: 2000, emails: ["kid@family.test"] },
      { id: "ch_k2", created: 3000, emails: ["kid@family.test"], cards: ["FP_FAM"], amountRefunded: 300 },
      { id: "ch_c1", created: 2500, emails: ["dad@family.test"], cards: ["FP_FAM"], customer: "cus_DAD" },
      { id: "ch_p1", created: 4000, phones: ["+14155550177"], emails: ["kid@family.test"] },
    ]),
  );

  it("when the card is retrieved, then both guests, most recent use first, and the customer are listed with their uses", async () => {
    const answer = await api.get("/v1/identifiers/card/FP_FAM", { account });

    expect(answer.json).toMatchObject({
      payment_count: 3,
      first_used: 1000,
      last_used: 3000,
      counts: { payments: 3, disputed_payments: 1, refunded_payments: 1, guests: 2, customers: 1, emails: 3 },
      amounts: [{ currency: "usd", amount: 3000, refunded: 300 }],
      truncated: { any: false },
    });
    expect(
      answer.json.guests.data.map((user: { id: string; payment_count: number }) => [
        user.id,
        user.payment_count,
      ]),
    ).toEqual([
      [kid(), 1],
      [mum(), 1],
    ]);
    expect(answer.json.guests.data[1]).toMatchObject({ disputed_payment_count: 1, first_used: 1000 });
    expect(answer.json.customers).toEqual({
      object: "list",
      data: [
        {
          id: "cus_DAD",
          object: "identifier_user",
          type: "customer",
          payment_count: 1,
          failed_payment_count: 0,
          disputed_payment_count: 0,
          first_used: 2500,
          last_used: 2500,
        },
      ],
      has_more: false,
      url: "/v1/identifiers/card/FP_FAM/customers",
    });
  });

  it("when the guests are paged one at a time, then starting_after and ending_before walk the list both ways", async () => {
    const first = await api.get("/v1/identifiers/card/FP_FAM/guests?limit=1", { account });
    const second = await api.get(`/v1/identifiers/card/FP_FAM/guests?limit=1&starting_after=${kid()}`, {
      account,
    });
    const back = await api.get(`/v1/identifiers/card/FP_FAM/guests?limit=1&ending_before=${mum()}`, {
      account,
    });

    expect(first.json).toMatchObject({
      data: [{ id: kid() }],
      has_more: true,
      url: "/v1/identifiers/card/FP_FAM/guests",
    });
    expect(second.json).toMatchObject({ data: [{ id: mum() }], has_more: false });
    expect(back.json).toMatchObject({ data: [{ id: kid() }], has_more: false });
  });

  it("when a cursor names no guest of the list, then 400 names the parameter", async () => {
    const answer = await api.get("/v1/identifiers/card/FP_FAM/guests?starting_after=gst_nobody", { account });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "resource_missing", param: "starting_after" });
  });

  it("when a phone is asked in another spelling, then it is found in its stored form", async () => {
    const answer = await api.get(`/v1/identifiers/phone/${encodeURIComponent("(415) 555-0177")}`, {
      account,
    });
    const international = await api.get(`/v1/identifiers/phone/${encodeURIComponent("+1 415 555 0177")}`, {
      account,
    });

    expect(answer.status).toBe(404);
    expect(international.status).toBe(200);
    expect(international.json).toMatchObject({
      id: "phone:+14155550177",
      value: "+14155550177",
      verified: true,
    });
    expect(international.json.guests.data.map((user: { id: string }) => user.id)).toEqual([kid()]);
  });

  it("when the type is unknown, the identifier is not in the account, or the role is reader, then 400, 404 and 403", async () => {
    const badType = await api.get("/v1/identifiers/iban/DE0000", { account });
    const unknown = await api.get("/v1/identifiers/email/nobody@family.test", { account });
    const otherAccount = await api.get("/v1/identifiers/card/FP_FAM", { account: uniqueAccount() });
    const reader = await api.get("/v1/identifiers/card/FP_FAM", { account, key: "reader" });

    expect(badType.status).toBe(400);
    expect(errorOf(badType).param).toBe("type");
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: "resource_missing", param: "value" });
    expect(otherAccount.status).toBe(404);
    expect(reader.status).toBe(403);
  });
});

describe("a hub phone with more payments than one request reads", () => {
  const account = uniqueAccount();
  const hub = "+14155550155";
  const total = 2_100;

  beforeAll(
    () =>
      seed(
        account,
        Array.from({ length: total }, (_, n) => ({
          id: `ch_hub${n}`,
          created: 1_000_000 + n,
          phones: [hub],
        })),
      ),
    180_000,
  );

  it("when the phone is retrieved, then statistics come from its newest 2,000 payments, truncated says so, and the totals stay exact", async () => {
    const answer = await api.get(`/v1/identifiers/phone/${encodeURIComponent(hub)}`, { account });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      payment_count: total,
      first_used: 1_000_000,
      last_used: 1_000_000 + total - 1,
      counts: { payments: 2_000, guests: 1 },
      truncated: { any: true, payments: { kept: 2_000, total } },
    });
    expect(answer.json.guests.data).toEqual([
      expect.objectContaining({
        id: guestIdFor(account, "ch_hub0"),
        payment_count: 2_000,
        last_used: 1_000_000 + total - 1,
      }),
    ]);
  });

  it("when the guest holding those payments is retrieved, then its identifiers come from its newest 2,000 payments, and truncated says so", async () => {
    const view = await api.get(`/v1/guests/${guestIdFor(account, "ch_hub0")}`, {
      account,
      key: "investigator",
    });

    expect(view.status).toBe(200);
    expect(view.json.identifiers).toEqual([
      expect.objectContaining({ id: `phone:${hub}`, payment_count: 2_000, total_payment_count: total }),
    ]);
    expect(view.json.truncated).toEqual({
      any: true,
      payments: { kept: 2_000, total },
      identifiers: { kept: 1, total: 1 },
      hubs: [`phone:${hub}`],
    });
  });
});
