import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { type Answer, apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";

/**
 * The guest view's bounded parts through real HTTP and Neo4j: its top identifiers and the paged
 * GET /v1/guests/:id/identifiers, and its linked guests and related customers, capped, counted and
 * paged (GET /v1/guests/:id/linked_guests, /related_customers), on a guest with many identifiers, a
 * family sharing a card with registered customers, and an office phone shared by 1,200 guests.
 */

const db: Database = openTestDatabase();

const api = apiUnderTest({
  db,
  defaultAccount: uniqueAccount(),
  keys: { reader: "any account" },
  defaultKey: "reader",
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

const ids = (answer: Answer) => answer.json.data.map((item: { id: string }) => item.id);

/** Every item of a list, page by page (`limit` each), following starting_after. */
async function walk(url: string, account: string, limit: number): Promise<string[]> {
  const all: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await api.get(
      `${url}?limit=${limit}${after ? `&starting_after=${encodeURIComponent(after)}` : ""}`,
      {
        account,
      },
    );
    expect(page.status).toBe(200);
    all.push(...ids(page));
    if (!page.json.has_more) return all;
    after = all.at(-1);
  }
}

describe("a guest with 26 identifiers: one card and 25 emails", () => {
  const account = uniqueAccount();
  const guest = () => guestIdFor(account, "ch_e00");
  const emails = Array.from({ length: 25 }, (_, n) => `alias${String(n).padStart(2, "0")}@many.test`);

  beforeAll(() =>
    seed(
      account,
      emails.map((email, n) => ({
        id: `ch_e${String(n).padStart(2, "0")}`,
        created: 1000 + n,
        emails: [email],
        cards: ["FP_MANY"],
      })),
    ),
  );

  it("when the guest is retrieved, then it carries its 20 most used identifiers, the card first, and counts all 26", async () => {
    const view = await api.get(`/v1/guests/${guest()}`, { account });

    expect(view.json.identifiers).toHaveLength(20);
    expect(view.json.identifiers[0]).toMatchObject({
      id: "card:FP_MANY",
      payment_count: 25,
      total_payment_count: 25,
    });
    // The emails, one use each: the most recent first.
    expect(view.json.identifiers.slice(1).map((item: { value: string }) => item.value)).toEqual(
      [...emails].reverse().slice(0, 19),
    );
    expect(view.json).toMatchObject({
      identifier_count: 26,
      identifiers_url: `/v1/guests/${guest()}/identifiers`,
      truncated: { any: false },
    });
  });

  it("when its identifiers are paged 10 at a time, then all 26 come in the view's order, once each, and ending_before walks back", async () => {
    const all = await walk(`/v1/guests/${guest()}/identifiers`, account, 10);
    const back = await api.get(
      `/v1/guests/${guest()}/identifiers?limit=2&ending_before=${encodeURIComponent(all[3] as string)}`,
      {
        account,
      },
    );

    expect(all).toEqual(["card:FP_MANY", ...[...emails].reverse().map((email) => `email:${email}`)]);
    expect(ids(back)).toEqual([all[1], all[2]]);
    expect(back.json.has_more).toBe(true);
  });

  it("when a cursor names no identifier of the guest, then 400 names the parameter", async () => {
    const answer = await api.get(`/v1/guests/${guest()}/identifiers?starting_after=card:NOT_HERS`, {
      account,
    });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "resource_missing", param: "starting_after" });
  });
});

describe("a family card shared by three guests and two registered customers", () => {
  const account = uniqueAccount();
  const g = (name: string) => guestIdFor(account, `ch_${name}1`);

  beforeAll(() =>
    seed(account, [
      { id: "ch_a1", created: 100, emails: ["a@fam.test"], cards: ["FP_F"], phones: ["+14155550111"] },
      { id: "ch_b1", created: 200, emails: ["b@fam.test"] },
      { id: "ch_b2", created: 210, emails: ["b@fam.test"], cards: ["FP_F"] },
      { id: "ch_c1", created: 300, emails: ["c@fam.test"] },
      { id: "ch_c2", created: 310, emails: ["c@fam.test"], cards: ["FP_F"], phones: ["+14155550111"] },
      { id: "ch_c3", created: 320, emails: ["c@fam.test"], cards: ["FP_F"] },
      { id: "ch_x1", created: 400, emails: ["a@fam.test"], customer: "cus_X" },
      { id: "ch_y1", created: 500, cards: ["FP_F"], customer: "cus_Y" },
      { id: "ch_y2", created: 510, emails: ["y@fam.test"], customer: "cus_Y" },
    ]),
  );

  it("when the first guest is retrieved, then its linked guests and related customers are counted and ordered by what they share", async () => {
    const view = await api.get(`/v1/guests/${g("a")}`, { account });

    // c shares the card and the phone (two identifiers), b the card only.
    expect(
      view.json.linked_guests.map(
        (link: { guest: string; shared_identifier_count: number; shared_payment_count: number }) => [
          link.guest,
          link.shared_identifier_count,
          link.shared_payment_count,
        ],
      ),
    ).toEqual([
      [g("c"), 2, 2],
      [g("b"), 1, 1],
    ]);
    expect(
      view.json.related_customers.map((link: { customer: string; payment_count: number }) => [
        link.customer,
        link.payment_count,
      ]),
    ).toEqual([
      ["cus_X", 1],
      ["cus_Y", 2],
    ]);
    expect(view.json).toMatchObject({
      linked_guest_count: 2,
      linked_guests_url: `/v1/guests/${g("a")}/linked_guests`,
      related_customer_count: 2,
      related_customers_url: `/v1/guests/${g("a")}/related_customers`,
      truncated: { any: false, hubs: [] },
    });
  });

  it("when the linked guests and related customers are paged one at a time, then they come in the view's order", async () => {
    const guests = await walk(`/v1/guests/${g("a")}/linked_guests`, account, 1);
    const customers = await walk(`/v1/guests/${g("a")}/related_customers`, account, 1);

    expect(guests).toEqual([g("c"), g("b")]);
    expect(customers).toEqual(["cus_X", "cus_Y"]);
  });
});

describe("an office phone shared by 1,200 guests", () => {
  const account = uniqueAccount();
  const office = "+14155550122";
  const guests = 1_200;

  beforeAll(
    () =>
      seed(
        account,
        Array.from({ length: guests }, (_, n) => [
          { id: `ch_o${n}a`, created: 10_000 + n * 10, emails: [`staff${n}@office.test`] },
          {
            id: `ch_o${n}b`,
            created: 10_000 + n * 10 + 1,
            emails: [`staff${n}@office.test`],
            phones: [office],
          },
        ]).flat(),
      ),
    120_000,
  );

  it("when one staff member is retrieved, then linked guests are capped at 50, the phone is named as read in part, and the count is of what was read", async () => {
    const view = await api.get(`/v1/guests/${guestIdFor(account, "ch_o0a")}`, { account });

    expect(view.status).toBe(200);
    expect(view.json.linked_guests).toHaveLength(50);
    // 1,000 of the phone's 1,200 payments are read: 999 or 1,000 other guests, as the guest's own may be among them.
    expect(view.json.linked_guest_count).toBeGreaterThanOrEqual(999);
    expect(view.json.linked_guest_count).toBeLessThanOrEqual(1_000);
    expect(view.json.truncated).toEqual({
      any: true,
      payments: { kept: 2, total: 2 },
      identifiers: { kept: 2, total: 2 },
      hubs: [`phone:${office}`],
    });
    expect(view.json.identifiers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `phone:${office}`, payment_count: 1, total_payment_count: guests }),
      ]),
    );
  });

  it("when the linked guests are paged 100 at a time, then every counted guest comes once", async () => {
    const guest = guestIdFor(account, "ch_o0a");
    const view = await api.get(`/v1/guests/${guest}`, { account });

    const all = await walk(`/v1/guests/${guest}/linked_guests`, account, 100);

    expect(all).toHaveLength(view.json.linked_guest_count);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain(guest);
  });
});
