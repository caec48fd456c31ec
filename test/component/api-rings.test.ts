import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";

/**
 * GET /v1/rings and GET /v1/rings/:id, and the risk signals on guests, through real HTTP and Neo4j, on
 * hand-built fraud scenarios. Under the guest rule distinct guests come to share an identifier when a
 * payment carries identifiers of two guests: it joins the guest whose use is the most recent, and the
 * other guest keeps its own use. Each scenario below is built that way, step by step.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const otherAccount = uniqueAccount();

const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { reader: "any account", investigator: "any account", admin: "any account" },
  defaultKey: "investigator",
});

const guest = (foundingPayment: string, inAccount = account) => guestIdFor(inAccount, foundingPayment);
const ringOf = (founder: string) => `ring_${founder.replace(/^gst_/, "")}`;

async function ingest(sketches: PaymentSketch[], inAccount = account, hubGuests = 50): Promise<void> {
  await ingestPayments(
    db,
    inAccount,
    sketches.map((sketch) => paymentFrom(inAccount, sketch)),
    { rings: { hubGuests } },
  );
}

/**
 * A ring of five guests tied by two cards and a phone. Guests g1…g5 each found with their own email;
 * card C1 ties g1, g2, g3; card C2 ties g4, g5; phone P ties g3 and g4. g1's first payment is disputed.
 */
const five: PaymentSketch[] = [
  { id: "ch_r1", created: 1000, emails: ["r1@example.com"], cards: ["fp_C1"], disputed: true },
  { id: "ch_r2", created: 1010, emails: ["r2@example.com"] },
  { id: "ch_r3", created: 1020, emails: ["r3@example.com"] },
  { id: "ch_r4", created: 1030, emails: ["r4@example.com"] },
  { id: "ch_r5", created: 1040, emails: ["r5@example.com"] },
  // r2's email was used after C1: the payment joins g2, which now shares C1 with g1.
  { id: "ch_r2_c1", created: 1100, emails: ["r2@example.com"], cards: ["fp_C1"] },
  { id: "ch_r3_b", created: 1110, emails: ["r3@example.com"] },
  { id: "ch_r3_c1", created: 1120, emails: ["r3@example.com"], cards: ["fp_C1"] },
  { id: "ch_r4_c2", created: 1200, emails: ["r4@example.com"], cards: ["fp_C2"] },
  { id: "ch_r5_b", created: 1210, emails: ["r5@example.com"] },
  { id: "ch_r5_c2", created: 1220, emails: ["r5@example.com"], cards: ["fp_C2"] },
  { id: "ch_r3_p", created: 1300, emails: ["r3@example.com"], phones: ["+15555550100"] },
  { id: "ch_r4_b", created: 1310, emails: ["r4@example.com"] },
  { id: "ch_r4_p", created: 1320, emails: ["r4@example.com"], phones: ["+15555550100"] },
];

/** A family card: mum's card, later used by her son with his own email. Two honest guests. */
const family: PaymentSketch[] = [
  { id: "ch_mum", created: 500, emails: ["mum@example.com"], cards: ["fp_family"] },
  { id: "ch_son", created: 510, emails: ["son@example.com"] },
  { id: "ch_son_card", created: 520, emails: ["son@example.com"], cards: ["fp_family"] },
];

/** A card-testing burst: 12 failed attempts on one card within ten minutes, each with a new email. */
const burst: PaymentSketch[] = Array.from({ length: 12 }, (_, i) => ({
  id: `ch_test_${String(i).padStart(2, "0")}`,
  created: 2000 + 50 * i,
  emails: [`tester${i}@example.com`],
  cards: ["fp_tested"],
  status: "failed" as const,
  amount: 100,
}));

/** One guest alone. */
const loner: PaymentSketch[] = [{ id: "ch_loner", created: 3000, emails: ["loner@example.com"] }];

beforeAll(async () => {
  await api.start();
  await ingest([...family, ...five, ...burst, ...loner]);
  await ingest(
    [
      { id: "ch_x1", created: 100, emails: ["x1@example.com"], cards: ["fp_X"] },
      { id: "ch_x2", created: 110, emails: ["x2@example.com"] },
      { id: "ch_x2_card", created: 120, emails: ["x2@example.com"], cards: ["fp_X"] },
    ],
    otherAccount,
  );
}, 60_000);
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe("GET /v1/rings", () => {
  it("when the account holds a ring of five and a family, then both are listed, highest score first, with their counts", async () => {
    const answer = await api.get("/v1/rings");

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: "list", has_more: false, url: "/v1/rings" });
    expect(answer.json.data).toEqual([
      {
        id: ringOf(guest("ch_r1")),
        object: "ring",
        founder: guest("ch_r1"),
        guest_count: 5,
        disputed_guest_count: 1,
        payment_count: 14,
        refunded_payment_count: 0,
        dispute_count: 1,
        failed_payment_count: 0,
        totals: [{ currency: "usd", spent: 14_000, refunded: 0, disputed: 1000, failed: 0 }],
        first_payment: 1000,
        last_payment: 1320,
        hub_identifier_count: 0,
        // 40 for a disputed guest, 4 for each guest beyond two.
        risk_score: 52,
        risk_flags: ["disputed", "many_guests"],
      },
      {
        id: ringOf(guest("ch_mum")),
        object: "ring",
        founder: guest("ch_mum"),
        guest_count: 2,
        disputed_guest_count: 0,
        payment_count: 3,
        refunded_payment_count: 0,
        dispute_count: 0,
        failed_payment_count: 0,
        totals: [{ currency: "usd", spent: 3000, refunded: 0, disputed: 0, failed: 0 }],
        first_payment: 500,
        last_payment: 520,
        hub_identifier_count: 0,
        risk_score: 0,
        risk_flags: [],
      },
    ]);
  });

  it("when filtered by min_guests, has_dispute or since, then only the rings that match come", async () => {
    const big = await api.get("/v1/rings?min_guests=3");
    const undisputed = await api.get("/v1/rings?has_dispute=false");
    const disputed = await api.get("/v1/rings?has_dispute=true");
    const recent = await api.get("/v1/rings?since=1000");
    const future = await api.get("/v1/rings?since=99999");

    const ids = (answer: { json: { data: { id: string }[] } }) => answer.json.data.map((ring) => ring.id);
    expect(ids(big)).toEqual([ringOf(guest("ch_r1"))]);
    expect(ids(undisputed)).toEqual([ringOf(guest("ch_mum"))]);
    expect(ids(disputed)).toEqual([ringOf(guest("ch_r1"))]);
    expect(ids(recent)).toEqual([ringOf(guest("ch_r1"))]);
    expect(ids(future)).toEqual([]);
  });

  it("when paged one ring at a time, then starting_after and ending_before walk the same order", async () => {
    const first = await api.get("/v1/rings?limit=1");
    const second = await api.get(`/v1/rings?limit=1&starting_after=${first.json.data[0].id}`);
    const back = await api.get(`/v1/rings?limit=1&ending_before=${second.json.data[0].id}`);

    expect(first.json).toMatchObject({ has_more: true, data: [{ id: ringOf(guest("ch_r1")) }] });
    expect(second.json).toMatchObject({ has_more: false, data: [{ id: ringOf(guest("ch_mum")) }] });
    expect(back.json).toMatchObject({ has_more: false, data: [{ id: ringOf(guest("ch_r1")) }] });
  });

  it("when a filter is malformed or the cursor names no ring, then 400 names the parameter", async () => {
    const tooSmall = await api.get("/v1/rings?min_guests=1");
    const notBoolean = await api.get("/v1/rings?has_dispute=maybe");
    const notTime = await api.get("/v1/rings?since=yesterday");
    const unknown = await api.get("/v1/rings?starting_after=ring_nope");
    const extra = await api.get("/v1/rings?score=5");

    expect([tooSmall, notBoolean, notTime, unknown, extra].map((answer) => answer.status)).toEqual([
      400, 400, 400, 400, 400,
    ]);
    expect(errorOf(tooSmall).param).toBe("min_guests");
    expect(errorOf(notBoolean).param).toBe("has_dispute");
    expect(errorOf(notTime).param).toBe("since");
    expect(errorOf(unknown).param).toBe("starting_after");
    expect(errorOf(extra).param).toBe("score");
  });

  it("when a reader asks, then 403; an investigator or admin may", async () => {
    const reader = await api.get("/v1/rings", { key: "reader" });
    const admin = await api.get("/v1/rings", { key: "admin" });

    expect(reader.status).toBe(403);
    expect(admin.status).toBe(200);
  });

  it("when another account is asked, then only its own ring comes, and this account's ring ids are 404 there", async () => {
    const theirs = await api.get("/v1/rings", { account: otherAccount });
    const ours = await api.get(`/v1/rings/${ringOf(guest("ch_r1"))}`, { account: otherAccount });

    expect(theirs.json.data.map((ring: { id: string }) => ring.id)).toEqual([
      ringOf(guest("ch_x1", otherAccount)),
    ]);
    expect(ours.status).toBe(404);
  });
});

describe("GET /v1/rings/:id", () => {
  it("when the ring of five is retrieved, then it names its guests, the two cards and the phone that tie them, and dispute distances", async () => {
    const answer = await api.get(`/v1/rings/${ringOf(guest("ch_r1"))}`);

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: ringOf(guest("ch_r1")), guest_count: 5, risk_score: 52 });
    const distances = Object.fromEntries(
      answer.json.guests.map((g: { id: string; dispute_distance: number | null }) => [
        g.id,
        g.dispute_distance,
      ]),
    );
    expect(distances).toEqual({
      [guest("ch_r1")]: 0,
      [guest("ch_r2")]: 1,
      [guest("ch_r3")]: 1,
      [guest("ch_r4")]: 2,
      [guest("ch_r5")]: 3,
    });
    expect(answer.json.guests[0]).toEqual({
      id: guest("ch_r4"),
      payment_count: 4,
      dispute_count: 0,
      first_payment: 1030,
      last_payment: 1320,
      dispute_distance: 2,
    });
    expect(answer.json.guests_truncated).toBe(false);
    expect(answer.json.identifiers).toEqual([
      {
        type: "card",
        value: "fp_C1",
        ring_guest_count: 3,
        guest_count: 3,
        guests: expect.arrayContaining([guest("ch_r1"), guest("ch_r2"), guest("ch_r3")]),
      },
      {
        type: "card",
        value: "fp_C2",
        ring_guest_count: 2,
        guest_count: 2,
        guests: expect.arrayContaining([guest("ch_r4"), guest("ch_r5")]),
      },
      {
        type: "phone",
        value: "+15555550100",
        ring_guest_count: 2,
        guest_count: 2,
        guests: expect.arrayContaining([guest("ch_r3"), guest("ch_r4")]),
      },
    ]);
    expect(answer.json.hub_identifiers).toEqual([]);
  });

  it("when a ring id is unknown, then 404 names the id", async () => {
    const answer = await api.get("/v1/rings/ring_unknown");

    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toMatchObject({ code: "resource_missing", param: "id" });
  });
});

describe("risk signals on guests", () => {
  it("when the ring's guests are read, then each carries its ring, distance to the dispute, shared identifiers and flags", async () => {
    const risk = async (payment: string) => (await api.get(`/v1/guests/${guest(payment)}`)).json;

    const [g1, g2, g4, g5] = await Promise.all(["ch_r1", "ch_r2", "ch_r4", "ch_r5"].map(risk));

    const ring = ringOf(guest("ch_r1"));
    // 40 (own dispute) + 8 (ring of five: 2 per other guest) + 10 (card C1 was used with three emails).
    expect(g1).toMatchObject({
      risk_flags: ["disputed", "in_ring", "card_shared_across_people"],
      risk: {
        score: 58,
        radar: { email_count_for_card_all_time: 3, card_count_for_email_all_time: 1 },
        ring,
        ring_size: 5,
        dispute_distance: 0,
        identifiers_shared_with_disputed_guests: 0,
      },
    });
    // 25 (one hop from the dispute) + 5 (C1, shared with g1) + 8 + 10 (C1's three emails).
    expect(g2).toMatchObject({
      risk_flags: [
        "near_disputed_guest",
        "in_ring",
        "shares_identifiers_with_disputed",
        "card_shared_across_people",
      ],
      risk: {
        score: 48,
        ring,
        ring_size: 5,
        dispute_distance: 1,
        identifiers_shared_with_disputed_guests: 1,
      },
    });
    expect(g4).toMatchObject({
      risk_flags: ["near_disputed_guest", "in_ring"],
      risk: { score: 23, dispute_distance: 2, identifiers_shared_with_disputed_guests: 0 },
    });
    expect(g5).toMatchObject({ risk_flags: ["in_ring"], risk: { score: 13, dispute_distance: 3 } });
  });

  it("when the family's guests are read, then they are in a ring of two and flagged for nothing else", async () => {
    const mum = await api.get(`/v1/guests/${guest("ch_mum")}`);
    const listed = await api.get(`/v1/guests?card_fingerprint=fp_family`);

    expect(mum.json).toMatchObject({
      risk_flags: ["in_ring"],
      risk: {
        score: 2,
        ring: ringOf(guest("ch_mum")),
        ring_size: 2,
        dispute_distance: null,
        identifiers_shared_with_disputed_guests: 0,
        hub_identifiers: 0,
      },
    });
    expect(listed.json.data.map((row: { risk_flags: string[] }) => row.risk_flags)).toEqual([
      ["in_ring"],
      ["in_ring"],
    ]);
  });

  it("when a guest is found by search, then its result carries the same risk as its view", async () => {
    const found = await api.get("/v1/search?query=r2@example.com");
    const view = await api.get(`/v1/guests/${guest("ch_r2")}`);

    expect(found.json.guests.data[0].risk).toEqual(view.json.risk);
    expect(found.json.guests.data[0].risk_flags).toEqual(view.json.risk_flags);
  });

  it("when the card-testing burst is read, then its guest has Radar's declined-charge counts and the card-testing flag", async () => {
    const tester = await api.get(`/v1/guests/${guest("ch_test_00")}`);

    expect(tester.json).toMatchObject({
      payment_count: 12,
      risk_flags: ["card_testing", "card_shared_across_people"],
      // 20 (card testing) + 10 (one card, twelve emails).
      risk: { score: 30, ring: null, ring_size: 0 },
    });
    expect(tester.json.risk.radar).toEqual({
      card_count_for_customer_all_time: 1,
      total_charges_per_customer_hourly: 12,
      total_charges_per_customer_daily: 12,
      total_charges_per_customer_weekly: 12,
      declined_charges_per_customer_hourly: 12,
      declined_charges_per_customer_daily: 12,
      declined_charges_per_customer_weekly: 12,
      email_count_for_card_all_time: 12,
      name_count_for_card_all_time: 0,
      card_count_for_email_all_time: 1,
    });
  });

  it("when attempts spread over more than an hour, then the hourly count keeps only the hour up to the guest's latest payment", async () => {
    const spread = uniqueAccount();
    await ingest(
      [0, 1800, 3000, 3399, 3400, 3401, 7000].map((offset, i) => ({
        id: `ch_s${i}`,
        created: 50_000 + offset,
        emails: ["spread@example.com"],
        status: i % 2 === 0 ? ("failed" as const) : ("succeeded" as const),
      })),
      spread,
    );

    const answer = await api.get(`/v1/guests/${guest("ch_s0", spread)}`, { account: spread });

    // The last payment is at +7000: the hour up to it starts after +3400, so +3401 (succeeded) and +7000
    // (failed) count.
    expect(answer.json.risk.radar).toMatchObject({
      total_charges_per_customer_hourly: 2,
      declined_charges_per_customer_hourly: 1,
      total_charges_per_customer_daily: 7,
      declined_charges_per_customer_daily: 4,
    });
    expect(answer.json.risk_flags).toEqual([]);
  });

  it("when one email tries many cards, then card_count_for_customer_all_time and card_count_for_email_all_time count them", async () => {
    const many = uniqueAccount();
    await ingest(
      ["fp_a", "fp_b", "fp_c", "fp_d", "fp_e"].map((card, i) => ({
        id: `ch_m${i}`,
        created: 60_000 + i * 10_000,
        emails: ["many@example.com"],
        cards: [card],
        billingName: i < 3 ? "Ann Example" : "ANN EXAMPLE",
      })),
      many,
    );

    const answer = await api.get(`/v1/guests/${guest("ch_m0", many)}`, { account: many });

    expect(answer.json.risk.radar).toMatchObject({
      card_count_for_customer_all_time: 5,
      card_count_for_email_all_time: 5,
      email_count_for_card_all_time: 1,
      name_count_for_card_all_time: 1,
    });
    expect(answer.json.risk_flags).toEqual(["many_cards", "email_with_many_cards"]);
  });

  it("when a guest shares nothing, then its risk is empty", async () => {
    const loner = await api.get(`/v1/guests/${guest("ch_loner")}`);

    expect(loner.json).toMatchObject({
      risk_flags: [],
      risk: { score: 0, ring: null, ring_size: 0, dispute_distance: null, hub_identifiers: 0 },
    });
  });
});

describe("a hub phone", () => {
  const hubAccount = uniqueAccount();
  const hubPhone = "+15555550199";
  const guestCount = 60;
  const paymentsPerGuest = 40;

  beforeAll(async () => {
    // Each guest founds with its own email, then pays with the shared phone while its email is the more
    // recent use: 60 guests use the phone, 2,400 payments in all.
    const sketches: PaymentSketch[] = [];
    for (let g = 0; g < guestCount; g++) {
      const email = `office${g}@example.com`;
      const base = 10_000 + g * 1_000;
      sketches.push({ id: `ch_h${g}_0`, created: base, emails: [email] });
      for (let k = 1; k < paymentsPerGuest; k++) {
        sketches.push({ id: `ch_h${g}_${k}`, created: base + k, emails: [email], phones: [hubPhone] });
      }
    }
    // Two of them also share a card: a real tie, which the hub does not widen.
    sketches.push({
      id: "ch_h0_card",
      created: 10_500,
      emails: ["office0@example.com"],
      cards: ["fp_shared"],
    });
    sketches.push({
      id: "ch_h1_card",
      created: 11_500,
      emails: ["office1@example.com"],
      cards: ["fp_shared"],
    });
    for (let start = 0; start < sketches.length; start += 500)
      await ingest(sketches.slice(start, start + 500), hubAccount);
  }, 120_000);

  it("when more than 50 guests used the phone, then it is a hub: no ring through it, only the card's ring of two, showing the hub", async () => {
    const rings = await api.get("/v1/rings", { account: hubAccount });
    const ring = await api.get(`/v1/rings/${ringOf(guest("ch_h0_0", hubAccount))}`, { account: hubAccount });

    expect(rings.json.data.map((r: { id: string; guest_count: number }) => [r.id, r.guest_count])).toEqual([
      [ringOf(guest("ch_h0_0", hubAccount)), 2],
    ]);
    expect(rings.json.data[0]).toMatchObject({
      hub_identifier_count: 1,
      risk_flags: ["hub_identifier"],
      risk_score: 5,
    });
    expect(ring.json.identifiers).toEqual([
      {
        type: "card",
        value: "fp_shared",
        ring_guest_count: 2,
        guest_count: 2,
        guests: expect.arrayContaining([guest("ch_h0_0", hubAccount), guest("ch_h1_0", hubAccount)]),
      },
    ]);
    expect(ring.json.hub_identifiers).toEqual([
      {
        type: "phone",
        value: hubPhone,
        ring_guest_count: 2,
        guest_count: guestCount,
        guests: expect.arrayContaining([guest("ch_h0_0", hubAccount), guest("ch_h1_0", hubAccount)]),
      },
    ]);
  });

  it("when a guest of the hub phone is read, then it is flagged as touching a hub and is in no ring", async () => {
    const answer = await api.get(`/v1/guests/${guest("ch_h30_0", hubAccount)}`, { account: hubAccount });

    expect(answer.json).toMatchObject({
      payment_count: paymentsPerGuest,
      risk_flags: ["hub_identifier"],
      risk: { score: 5, ring: null, ring_size: 0, hub_identifiers: 1 },
    });
  });
});
