import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { type Answer, apiUnderTest } from "../support/api-harness.ts";
import { ingestInTwoRounds } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { paymentFrom } from "../support/payment-factory.ts";

/**
 * GET /v1/guests (the Customers tab) through real HTTP and Neo4j, with the API's own routes. Each
 * account is seeded with domain payments (ingestPayments), so guests are resolved by the real engine.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount(); // the app's default account: the guests of `seed` below
const otherAccount = uniqueAccount();

const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { reader: "any account", ingest: "any account" },
  defaultKey: "reader",
});

const t0 = 1_700_000_000;

/**
 * The account's story, by guest (most recent activity first):
 * - ann: two payments (t0+100 with ann@ and a phone, t0+500 with ann.new@), one card ending 1111.
 * - eve: founded at t0+400 by ch_eve_late... then a payment dated earlier (t0+50) arrived with the same
 *   email, so ch_eve_first's guest holds both and the guest ch_eve_late founded is retired.
 * - cat and dan: both last paid at t0+300 (a tie, broken by id); cat disputed, with an unverified phone
 *   and another card ending 1111.
 * - bob: t0+200, refunded, card ending 2222.
 * - a registered customer's payment that used ann@ (no guest).
 */
const seed = {
  first: [
    paymentFrom(account, {
      id: "ch_ann_1",
      created: t0 + 100,
      emails: ["ann@example.com"],
      phones: ["+14155550123"],
      cards: ["fp_ann"],
      last4: "1111",
      amount: 1500,
    }),
    paymentFrom(account, {
      id: "ch_ann_2",
      created: t0 + 500,
      emails: ["ann.new@example.com"],
      cards: ["fp_ann"],
      last4: "1111",
      amount: 2500,
      currency: "eur",
    }),
    paymentFrom(account, {
      id: "ch_bob_1",
      created: t0 + 200,
      emails: ["bob@example.com"],
      cards: ["fp_bob"],
      last4: "2222",
      amountRefunded: 400,
    }),
    paymentFrom(account, {
      id: "ch_cat_1",
      created: t0 + 300,
      emails: ["cat@example.com"],
      phones: ["5550199"],
      cards: ["fp_cat"],
      last4: "1111",
      disputed: true,
    }),
    paymentFrom(account, { id: "ch_dan_1", created: t0 + 300, emails: ["dan@example.com"] }),
    paymentFrom(account, { id: "ch_eve_late", created: t0 + 400, emails: ["eve@example.com"] }),
    paymentFrom(account, {
      id: "ch_cus_1",
      created: t0 + 600,
      emails: ["ann@example.com"],
      customer: "cus_registered",
    }),
  ],
  // Arrives after the rest, dated before ch_eve_late: retires the guest ch_eve_late founded.
  late: [paymentFrom(account, { id: "ch_eve_first", created: t0 + 50, emails: ["eve@example.com"] })],
};

/** Guest ids by the payment that founded (or holds) them, read from the graph once ingest is done. */
const guestOf = new Map<string, string>();
let retiredGuest: string;
let otherAccountGuest: string;

beforeAll(async () => {
  await api.start();

  const seeded = await ingestInTwoRounds(db, account, seed, "ch_eve_late");
  retiredGuest = seeded.retiredGuest;
  for (const [id, guest] of seeded.guestOf) guestOf.set(id, guest);

  // Another account: a guest with ann's email and card, which must never show in `account`.
  const [other] = await ingestPayments(db, otherAccount, [
    paymentFrom(otherAccount, {
      id: "ch_ann_1",
      created: t0 + 900,
      emails: ["ann@example.com"],
      cards: ["fp_ann"],
      last4: "1111",
    }),
  ]);
  otherAccountGuest = other?.guest ?? "";
});

afterAll(async () => {
  await api.stop();
  await db.close();
});

/** The ids of a list answer, for comparing orders. */
const idsOf = (answer: Answer): string[] => answer.json.data.map((guest: { id: string }) => guest.id);

/** Guest ids by the name the seed gives them. */
const guest = {
  get ann() {
    return guestOf.get("ch_ann_1") as string;
  },
  get bob() {
    return guestOf.get("ch_bob_1") as string;
  },
  get cat() {
    return guestOf.get("ch_cat_1") as string;
  },
  get dan() {
    return guestOf.get("ch_dan_1") as string;
  },
  get eve() {
    return guestOf.get("ch_eve_first") as string;
  },
};

/** cat and dan tie on lastPaymentAt (t0+300): the higher id comes first. */
const catAndDan = () => [guest.cat, guest.dan].sort().reverse();
const everyGuestInOrder = () => [guest.ann, guest.eve, ...catAndDan(), guest.bob];

function expectError(answer: Answer, param: string, code = "parameter_invalid") {
  expect(answer.status).toBe(400);
  expect(answer.json.error).toMatchObject({ type: "invalid_request_error", code, param });
}

// ---- Tests ----

describe("the list", () => {
  it("when the guests are listed without filters, then they come most recent activity first, ties by id, retired guests and registered customers left out", async () => {
    const answer = await api.get("/v1/guests?limit=100");

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: "list", has_more: false, url: "/v1/guests" });
    expect(idsOf(answer)).toEqual(everyGuestInOrder());
    expect(idsOf(answer)).not.toContain(retiredGuest);
    expect(guest.eve).not.toBe(retiredGuest);
  });

  it("when a guest is listed, then its row has the summary and the email, phone and card of its most recent payments that have one", async () => {
    const answer = await api.get("/v1/guests?limit=1");

    expect(answer.json.data).toEqual([
      {
        id: guest.ann,
        object: "guest",
        primary_email: "ann.new@example.com",
        primary_phone: "+14155550123",
        primary_card: { brand: "visa", last4: "1111", fingerprint: "fp_ann" },
        payment_count: 2,
        totals: [
          { currency: "eur", spent: 2500, refunded: 0 },
          { currency: "usd", spent: 1500, refunded: 0 },
        ],
        dispute_count: 0,
        first_payment: t0 + 100,
        last_payment: t0 + 500,
        risk_flags: [],
        risk: {
          score: 0,
          ring: null,
          ring_size: 0,
          dispute_distance: null,
          identifiers_shared_with_disputed_guests: 0,
          hub_identifiers: 0,
          radar: {
            card_count_for_customer_all_time: 1,
            total_charges_per_customer_hourly: 2,
            total_charges_per_customer_daily: 2,
            total_charges_per_customer_weekly: 2,
            declined_charges_per_customer_hourly: 0,
            declined_charges_per_customer_daily: 0,
            declined_charges_per_customer_weekly: 0,
            // fp_ann was used with ann@ and ann.new@.
            email_count_for_card_all_time: 2,
            name_count_for_card_all_time: 0,
            card_count_for_email_all_time: 1,
          },
        },
      },
    ]);
  });

  it("when a guest has a dispute and a guest a refund, then dispute_count and totals' refunded say so", async () => {
    const answer = await api.get("/v1/guests?limit=100");
    const byId = new Map(answer.json.data.map((row: { id: string }) => [row.id, row]));

    expect(byId.get(guest.cat)).toMatchObject({ dispute_count: 1, primary_phone: "5550199" });
    expect(byId.get(guest.bob)).toMatchObject({ totals: [{ currency: "usd", spent: 1000, refunded: 400 }] });
  });

  it("when the account has no guests, then the list is empty and has no more", async () => {
    const empty = uniqueAccount();

    const answer = await api.get("/v1/guests", { account: empty });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: "list", data: [], has_more: false });
  });
});

describe("filters", () => {
  it("when filtered by email in another case with spaces around it, then the guest that used it is found", async () => {
    const answer = await api.get(`/v1/guests?email=${encodeURIComponent("  ANN.New@Example.COM ")}`);

    expect(idsOf(answer)).toEqual([guest.ann]);
  });

  it("when filtered by an email a registered customer also used, then only the guest is listed", async () => {
    const answer = await api.get("/v1/guests?email=ann@example.com");

    expect(idsOf(answer)).toEqual([guest.ann]);
  });

  it("when filtered by an email nobody used, then the list is empty", async () => {
    const answer = await api.get("/v1/guests?email=nobody@example.com");

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ data: [], has_more: false });
  });

  it.each(["+1 (415) 555-0123", "1-415-555-0123", "14155550123", "+14155550123"])(
    "when filtered by the phone written as %s, then the guest that used +14155550123 is found",
    async (spelling) => {
      const answer = await api.get(`/v1/guests?phone=${encodeURIComponent(spelling)}`);

      expect(idsOf(answer)).toEqual([guest.ann]);
    },
  );

  it("when filtered by an unverified phone written with punctuation, then its digits find the guest", async () => {
    const answer = await api.get(`/v1/guests?phone=${encodeURIComponent("555-0199")}`);

    expect(idsOf(answer)).toEqual([guest.cat]);
  });

  it("when filtered by card_last4, then every guest with a card ending so is listed, newest first", async () => {
    const answer = await api.get("/v1/guests?card_last4=1111");

    expect(idsOf(answer)).toEqual([guest.ann, guest.cat]);
  });

  it("when filtered by card_fingerprint, then the guest that used that card is found", async () => {
    const answer = await api.get("/v1/guests?card_fingerprint=fp_cat");

    expect(idsOf(answer)).toEqual([guest.cat]);
  });

  it("when filtered by has_dispute, then true lists the disputed guest and false the others", async () => {
    const disputed = await api.get("/v1/guests?has_dispute=true");
    const undisputed = await api.get("/v1/guests?has_dispute=false&limit=100");

    expect(idsOf(disputed)).toEqual([guest.cat]);
    expect(idsOf(undisputed)).toEqual(everyGuestInOrder().filter((id) => id !== guest.cat));
  });

  it("when filtered by has_refund, then true lists the refunded guest and false the others", async () => {
    const refunded = await api.get("/v1/guests?has_refund=true");
    const unrefunded = await api.get("/v1/guests?has_refund=false&limit=100");

    expect(idsOf(refunded)).toEqual([guest.bob]);
    expect(idsOf(unrefunded)).toEqual(everyGuestInOrder().filter((id) => id !== guest.bob));
  });

  it("when filtered by last_payment[gte] and [lte], then the bounds are inclusive unix seconds", async () => {
    const answer = await api.get(`/v1/guests?last_payment[gte]=${t0 + 200}&last_payment[lte]=${t0 + 300}`);
    const onlyGte = await api.get(`/v1/guests?last_payment[gte]=${t0 + 400}`);

    expect(idsOf(answer)).toEqual([...catAndDan(), guest.bob]);
    expect(idsOf(onlyGte)).toEqual([guest.ann, guest.eve]);
  });

  it("when identifier and flag filters combine, then a guest must match all of them", async () => {
    const last4AndDispute = await api.get("/v1/guests?card_last4=1111&has_dispute=true");
    const last4AndRange = await api.get(`/v1/guests?card_last4=1111&last_payment[lte]=${t0 + 400}`);
    const emailAndOtherCard = await api.get("/v1/guests?email=ann@example.com&card_last4=2222");
    const emailAndItsPhone = await api.get("/v1/guests?email=ann.new@example.com&phone=14155550123");
    const disputeAndRefund = await api.get("/v1/guests?has_dispute=false&has_refund=true");

    expect(idsOf(last4AndDispute)).toEqual([guest.cat]);
    expect(idsOf(last4AndRange)).toEqual([guest.cat]);
    expect(idsOf(emailAndOtherCard)).toEqual([]);
    expect(idsOf(emailAndItsPhone)).toEqual([guest.ann]);
    expect(idsOf(disputeAndRefund)).toEqual([guest.bob]);
  });
});

describe("pagination", () => {
  it("when paged two at a time with starting_after, then every guest comes once, in order, and has_more ends false", async () => {
    const seen: string[] = [];
    const hasMore: boolean[] = [];
    let cursor = "";
    for (let page = 0; page < 5; page++) {
      const answer = await api.get(`/v1/guests?limit=2${cursor ? `&starting_after=${cursor}` : ""}`);
      seen.push(...idsOf(answer));
      hasMore.push(answer.json.has_more);
      if (!answer.json.has_more) break;
      cursor = seen.at(-1) as string;
    }

    expect(seen).toEqual(everyGuestInOrder());
    expect(hasMore).toEqual([true, true, false]);
  });

  it("when paged back with ending_before, then the previous page comes in list order", async () => {
    const order = everyGuestInOrder();

    const previous = await api.get(`/v1/guests?limit=2&ending_before=${order[3]}`);
    const first = await api.get(`/v1/guests?limit=2&ending_before=${order[1]}`);

    expect(idsOf(previous)).toEqual([order[1], order[2]]);
    expect(previous.json.has_more).toBe(true);
    expect(idsOf(first)).toEqual([order[0]]);
    expect(first.json.has_more).toBe(false);
  });

  it("when the cursor is the tie between cat and dan, then neither is skipped or repeated in either direction", async () => {
    const [higher, lower] = catAndDan();

    const after = await api.get(`/v1/guests?limit=1&starting_after=${higher}`);
    const before = await api.get(`/v1/guests?limit=1&ending_before=${lower}`);

    expect(idsOf(after)).toEqual([lower]);
    expect(idsOf(before)).toEqual([higher]);
  });

  it("when the limit equals the number of guests, then one page holds them all and has_more is false", async () => {
    const answer = await api.get("/v1/guests?limit=5");

    expect(idsOf(answer)).toEqual(everyGuestInOrder());
    expect(answer.json.has_more).toBe(false);
  });

  it("when the cursor is the last guest, then the next page is empty; before the first, the previous page is empty", async () => {
    const after = await api.get(`/v1/guests?starting_after=${guest.bob}`);
    const before = await api.get(`/v1/guests?ending_before=${guest.ann}`);

    expect(after.json).toMatchObject({ data: [], has_more: false });
    expect(before.json).toMatchObject({ data: [], has_more: false });
  });

  it("when a filtered list is paged, then the cursor continues within the filter", async () => {
    const first = await api.get("/v1/guests?card_last4=1111&limit=1");
    const second = await api.get(`/v1/guests?card_last4=1111&limit=1&starting_after=${guest.ann}`);
    const back = await api.get(`/v1/guests?card_last4=1111&limit=1&ending_before=${guest.cat}`);
    const disputedAfterAnn = await api.get(
      `/v1/guests?has_dispute=false&limit=1&starting_after=${guest.ann}`,
    );
    const refundedBefore = await api.get(`/v1/guests?has_refund=false&limit=10&ending_before=${guest.bob}`);

    expect(idsOf(first)).toEqual([guest.ann]);
    expect(first.json.has_more).toBe(true);
    expect(idsOf(second)).toEqual([guest.cat]);
    expect(second.json.has_more).toBe(false);
    expect(idsOf(back)).toEqual([guest.ann]);
    expect(idsOf(disputedAfterAnn)).toEqual([guest.eve]);
    expect(idsOf(refundedBefore)).toEqual([guest.ann, guest.eve, ...catAndDan()]);
  });

  it("when the cursor is a guest of another account, then 400 resource_missing naming starting_after", async () => {
    const answer = await api.get(`/v1/guests?starting_after=${otherAccountGuest}`);

    expectError(answer, "starting_after", "resource_missing");
  });

  it("when the cursor is a retired guest or no guest at all, then 400 naming the cursor parameter", async () => {
    const retired = await api.get(`/v1/guests?ending_before=${retiredGuest}`);
    const unknown = await api.get("/v1/guests?starting_after=gst_nope");

    expectError(retired, "ending_before", "resource_missing");
    expectError(unknown, "starting_after", "resource_missing");
  });
});

describe("bad input", () => {
  it("when an unknown query parameter is sent, then 400 parameter_unknown naming it", async () => {
    const answer = await api.get("/v1/guests?name=ann");

    expectError(answer, "name", "parameter_unknown");
  });

  it("when last_payment has an unknown bound, then 400 naming it in bracket form", async () => {
    const answer = await api.get(`/v1/guests?last_payment[gt]=${t0}`);

    expectError(answer, "last_payment[gt]", "parameter_unknown");
  });

  it.each(["yes", "1", "TRUE", ""])("when has_dispute is %j, then 400 naming has_dispute", async (value) => {
    const answer = await api.get(`/v1/guests?has_dispute=${value}`);

    expectError(answer, "has_dispute");
  });

  it("when has_refund is not a boolean, then 400 naming has_refund", async () => {
    const answer = await api.get("/v1/guests?has_refund=maybe");

    expectError(answer, "has_refund");
  });

  it.each(["yesterday", "-5", "1.5", "", "2023-11-14"])(
    "when last_payment[gte] is %j, then 400 naming last_payment[gte]",
    async (value) => {
      const answer = await api.get(`/v1/guests?last_payment[gte]=${encodeURIComponent(value)}`);

      expectError(answer, "last_payment[gte]");
      expect(answer.json.error.message).toContain("unix seconds");
    },
  );

  it("when last_payment[lte] is not a timestamp, then 400 naming last_payment[lte]", async () => {
    const answer = await api.get("/v1/guests?last_payment[lte]=soon");

    expectError(answer, "last_payment[lte]");
  });

  it.each(["0", "101", "ten"])("when limit is %s, then 400 naming limit", async (value) => {
    const answer = await api.get(`/v1/guests?limit=${value}`);

    expectError(answer, "limit");
  });

  it.each([
    ["card_last4", "12a4"],
    ["card_last4", "12345"],
    ["email", "not-an-email"],
    ["email", "   "],
    ["phone", "call me"],
    ["card_fingerprint", "  "],
  ])("when %s is %j, then 400 naming it", async (param, value) => {
    const answer = await api.get(`/v1/guests?${param}=${encodeURIComponent(value)}`);

    expectError(answer, param);
  });

  it("when a filter is sent twice, then 400 naming it", async () => {
    const answer = await api.get("/v1/guests?email=ann@example.com&email=bob@example.com");

    expectError(answer, "email");
  });

  it("when both starting_after and ending_before are sent, then 400 parameters_exclusive", async () => {
    const answer = await api.get(`/v1/guests?starting_after=${guest.ann}&ending_before=${guest.bob}`);

    expectError(answer, "ending_before", "parameters_exclusive");
  });

  it("when an ingest-only key lists guests, then 403: the list needs the reader role", async () => {
    const answer = await api.get("/v1/guests", { key: "ingest" });

    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe("insufficient_permissions");
  });
});

describe("account isolation", () => {
  it("when another account is listed, then only its own guest is there", async () => {
    const answer = await api.get("/v1/guests", { account: otherAccount });

    expect(idsOf(answer)).toEqual([otherAccountGuest]);
  });

  it("when an identifier both accounts used is filtered on, then each account sees only its own guest", async () => {
    const ours = await api.get("/v1/guests?card_fingerprint=fp_ann");
    const theirs = await api.get("/v1/guests?card_fingerprint=fp_ann", { account: otherAccount });

    expect(idsOf(ours)).toEqual([guest.ann]);
    expect(idsOf(theirs)).toEqual([otherAccountGuest]);
  });
});
