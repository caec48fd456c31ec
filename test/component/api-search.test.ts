import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { type Answer, apiUnderTest } from "../support/api-harness.ts";
import { ingestInTwoRounds } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { paymentFrom } from "../support/payment-factory.ts";

/**
 * GET /v1/search (the search box) through real HTTP and Neo4j, with the API's own routes. Payments are
 * domain payments ingested by the real engine, with billing names and card last4s of their own.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount(); // the app's default account
const otherAccount = uniqueAccount();

const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { reader: "any account" },
  defaultKey: "reader",
});

const t0 = 1_700_000_000;
const zoeFingerprint = "Xt5EWLLDS7FJjR1c";

/**
 * - zoe: "Zoë Ångström", two payments, her email, a phone and the card ending 4242.
 * - zoey: "Zoey Adams", zoey@…, another card ending 4242.
 * - bea: "Beatrice Zoellner" (a word starting with "zoe").
 * - adams / madam: "Adams" (the whole name) and "Madamsky" (contains "adams"), dated so that recency
 *   alone would put them the other way round.
 * - room: "Suite 4242 Hotel" (the newest; "4242" only in its name), card ending 1881.
 * - phone: a payment with an unverified phone, 5550199.
 * - a registered customer's payment with zoe's email.
 * - late: a guest retired by a payment dated before its founding one.
 */
const seed = {
  first: [
    paymentFrom(account, {
      id: "ch_zoe_1",
      created: t0 + 100,
      billingName: "Zoë Ångström",
      emails: ["zoe.angstrom@example.com"],
      phones: ["+442079460958"],
      cards: [zoeFingerprint],
      last4: "4242",
    }),
    paymentFrom(account, {
      id: "ch_zoe_2",
      created: t0 + 200,
      billingName: "Zoë Ångström",
      emails: ["zoe.angstrom@example.com"],
    }),
    paymentFrom(account, {
      id: "ch_zoey",
      created: t0 + 300,
      billingName: "Zoey Adams",
      emails: ["zoey@example.com"],
      cards: ["fp_zoey"],
      last4: "4242",
    }),
    paymentFrom(account, {
      id: "ch_bea",
      created: t0 + 400,
      billingName: "Beatrice Zoellner",
      emails: ["bea@example.com"],
    }),
    paymentFrom(account, {
      id: "ch_adams",
      created: t0 + 10,
      billingName: "Adams",
      emails: ["a1@example.com"],
    }),
    paymentFrom(account, {
      id: "ch_madam",
      created: t0 + 450,
      billingName: "Madamsky",
      emails: ["m1@example.com"],
    }),
    paymentFrom(account, {
      id: "ch_room",
      created: t0 + 700,
      billingName: "Suite 4242 Hotel",
      emails: ["room@example.com"],
      cards: ["fp_room"],
      last4: "1881",
    }),
    paymentFrom(account, { id: "ch_phone", created: t0 + 20, phones: ["5550199"] }),
    paymentFrom(account, {
      id: "ch_registered",
      created: t0 + 500,
      billingName: "Zoë Registered",
      emails: ["zoe.angstrom@example.com"],
      customer: "cus_registered",
    }),
    paymentFrom(account, { id: "ch_late_2", created: t0 + 600, emails: ["late@example.com"] }),
  ],
  late: [paymentFrom(account, { id: "ch_late_1", created: t0 + 5, emails: ["late@example.com"] })],
};

const guestOf = new Map<string, string>();
let retiredGuest: string;
let otherAccountGuest: string;

beforeAll(async () => {
  await api.start();

  const seeded = await ingestInTwoRounds(db, account, seed, "ch_late_2");
  retiredGuest = seeded.retiredGuest;
  for (const [id, guest] of seeded.guestOf) guestOf.set(id, guest);

  const [other] = await ingestPayments(db, otherAccount, [
    paymentFrom(otherAccount, {
      id: "ch_zoe_1",
      created: t0 + 900,
      billingName: "Zoë Elsewhere",
      emails: ["zoe.angstrom@example.com"],
      cards: [zoeFingerprint],
      last4: "4242",
    }),
  ]);
  otherAccountGuest = other?.guest ?? "";
});

afterAll(async () => {
  await api.stop();
  await db.close();
});

const search = (query: string, extra = "", options: { account?: string } = {}) =>
  api.get(`/v1/search?query=${encodeURIComponent(query)}${extra}`, options);

type Hit = { id: string; matched_on: string };
/** [id, matched_on] of each result of a group, in order. */
const hits = (group: { data: Hit[] }) => group.data.map((hit) => [hit.id, hit.matched_on]);

const guest = (paymentId: string) => guestOf.get(paymentId) as string;

function expectError(answer: Answer, param: string, code = "parameter_invalid") {
  expect(answer.status).toBe(400);
  expect(answer.json.error).toMatchObject({ type: "invalid_request_error", code, param });
}

/** Every node of an account and every relationship among them, to show a search wrote nothing. */
async function graphOf(of: string) {
  const [row] = await db.read<{ nodes: number; relationships: number; properties: string[] }>(
    // The audit trail records every search (AuditEvent): that is the one write a search makes, on purpose.
    `MATCH (n) WHERE n.account = $account AND NOT n:AuditEvent
     OPTIONAL MATCH (n)-[r]->()
     WITH n, count(r) AS relationships
     RETURN count(n) AS nodes, sum(relationships) AS relationships,
            collect(labels(n)[0] + ':' + toString(size(keys(n)))) AS properties`,
    { account: of },
  );
  return { nodes: row?.nodes, relationships: row?.relationships, properties: row?.properties.sort() };
}

// ---- Tests ----

describe("search by each kind of identifier", () => {
  it("when the query is an email in another case, then its guest and every payment with it come, newest first", async () => {
    const answer = await search(" ZOE.Angstrom@Example.com ");

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: "search_result",
      url: "/v1/search",
      query: "ZOE.Angstrom@Example.com",
    });
    expect(hits(answer.json.guests)).toEqual([[guest("ch_zoe_1"), "email"]]);
    expect(hits(answer.json.payments)).toEqual([
      ["ch_registered", "email"],
      ["ch_zoe_2", "email"],
      ["ch_zoe_1", "email"],
    ]);
  });

  it("when the query starts email addresses, then their guests come before guests found by name only", async () => {
    const answer = await search("zoe");

    expect(hits(answer.json.guests)).toEqual([
      [guest("ch_zoey"), "email_prefix"],
      [guest("ch_zoe_1"), "email_prefix"],
      [guest("ch_bea"), "billing_name"],
    ]);
    expect(hits(answer.json.payments)).toEqual([
      ["ch_registered", "email_prefix"],
      ["ch_zoey", "email_prefix"],
      ["ch_zoe_2", "email_prefix"],
      ["ch_zoe_1", "email_prefix"],
      ["ch_bea", "billing_name"],
    ]);
  });

  it.each(["+44 20 7946 0958", "0044 20 7946 0958", "442079460958"])(
    "when the query is the phone written as %s, then the guest and payment that used +442079460958 come",
    async (spelling) => {
      const answer = await search(spelling);

      expect(hits(answer.json.guests)).toEqual([[guest("ch_zoe_1"), "phone"]]);
      expect(hits(answer.json.payments)).toEqual([["ch_zoe_1", "phone"]]);
    },
  );

  it("when the query is an unverified phone with punctuation, then its digits find the payment", async () => {
    const answer = await search("555-0199");

    expect(hits(answer.json.guests)).toEqual([[guest("ch_phone"), "phone"]]);
    expect(hits(answer.json.payments)).toEqual([["ch_phone", "phone"]]);
  });

  it("when the query is four digits, then guests with a card ending so come before a name containing them", async () => {
    const answer = await search("4242");

    expect(hits(answer.json.guests)).toEqual([
      [guest("ch_zoey"), "card_last4"],
      [guest("ch_zoe_1"), "card_last4"],
      [guest("ch_room"), "billing_name"],
    ]);
    expect(hits(answer.json.payments)).toEqual([
      ["ch_zoey", "card_last4"],
      ["ch_zoe_1", "card_last4"],
      ["ch_room", "billing_name"],
    ]);
  });

  it("when the query is a card fingerprint, then the guest and payment that used the card come", async () => {
    const answer = await search(zoeFingerprint);

    expect(hits(answer.json.guests)).toEqual([[guest("ch_zoe_1"), "card_fingerprint"]]);
    expect(hits(answer.json.payments)).toEqual([["ch_zoe_1", "card_fingerprint"]]);
  });

  it("when the query is a payment id, then that payment and its guest come, as full objects", async () => {
    const answer = await search("ch_zoe_2");

    expect(hits(answer.json.payments)).toEqual([["ch_zoe_2", "payment_id"]]);
    expect(hits(answer.json.guests)).toEqual([[guest("ch_zoe_2"), "payment_id"]]);
    expect(answer.json.payments.data[0]).toMatchObject({
      object: "payment",
      guest: guest("ch_zoe_2"),
      billing_details: { name: "Zoë Ångström" },
      explanation: null,
    });
    expect(answer.json.guests.data[0]).toMatchObject({
      object: "guest",
      primary_email: "zoe.angstrom@example.com",
      primary_card: { last4: "4242", fingerprint: zoeFingerprint },
      payment_count: 2,
      risk_flags: [],
    });
  });

  it("when the query is a guest id, then that guest comes; a retired guest's id leads to the guest holding its payments", async () => {
    const current = await search(guest("ch_zoey"));
    const retired = await search(retiredGuest);

    expect(hits(current.json.guests)).toEqual([[guest("ch_zoey"), "guest_id"]]);
    expect(current.json.payments.data).toEqual([]);
    expect(retiredGuest).not.toBe(guest("ch_late_1"));
    expect(hits(retired.json.guests)).toEqual([[guest("ch_late_1"), "guest_id"]]);
  });
});

describe("search by billing name", () => {
  it.each(["zoe angstrom", "ZOË ÅNGSTRÖM", "Zoe Ångström"])(
    "when the query is %s, then the name is found whatever its case and accents",
    async (query) => {
      const answer = await search(query);

      expect(hits(answer.json.guests)).toEqual([[guest("ch_zoe_1"), "billing_name"]]);
      expect(hits(answer.json.payments)).toEqual([
        ["ch_zoe_2", "billing_name"],
        ["ch_zoe_1", "billing_name"],
      ]);
    },
  );

  it("when the query is inside a name, then it is found", async () => {
    const answer = await search("ngstr");

    expect(hits(answer.json.guests)).toEqual([[guest("ch_zoe_1"), "billing_name"]]);
  });

  it("when names match closer and looser, then the whole name comes first, then a word's start, then anywhere, whatever their dates", async () => {
    const answer = await search("adams");

    expect(hits(answer.json.payments)).toEqual([
      ["ch_adams", "billing_name"],
      ["ch_zoey", "billing_name"],
      ["ch_madam", "billing_name"],
    ]);
    expect(hits(answer.json.guests)).toEqual([
      [guest("ch_adams"), "billing_name"],
      [guest("ch_zoey"), "billing_name"],
      [guest("ch_madam"), "billing_name"],
    ]);
  });
});

describe("bounds", () => {
  it("when more results match than the limit, then each group is cut to it and has_more says so", async () => {
    const cut = await search("zoe", "&limit=2");
    const all = await search("zoe", "&limit=100");

    expect(hits(cut.json.guests)).toEqual(hits(all.json.guests).slice(0, 2));
    expect(cut.json.guests.has_more).toBe(true);
    expect(hits(cut.json.payments)).toEqual(hits(all.json.payments).slice(0, 2));
    expect(cut.json.payments.has_more).toBe(true);
    expect(all.json.guests.has_more).toBe(false);
    expect(all.json.payments.has_more).toBe(false);
  });

  it("when exactly as many results match as the limit, then has_more is false", async () => {
    const answer = await search("zoe", "&limit=3");

    expect(answer.json.guests.data).toHaveLength(3);
    expect(answer.json.guests.has_more).toBe(false);
  });

  it("when nothing matches, then both groups are empty", async () => {
    const answer = await search("qqqzzzxx");

    expect(answer.status).toBe(200);
    expect(answer.json.guests).toEqual({ data: [], has_more: false });
    expect(answer.json.payments).toEqual({ data: [], has_more: false });
  });
});

describe("Cypher-looking text is only data", () => {
  it.each([
    "MATCH (n) DETACH DELETE n",
    "' OR 1=1 //",
    "x'}) MATCH (n) DETACH DELETE n //",
    "\\u0027 RETURN 1 //",
    "zoe` DETACH DELETE n",
  ])("when the query is %j, then nothing is found and nothing is written", async (query) => {
    const before = await graphOf(account);

    const answer = await search(query);

    expect(answer.status).toBe(200);
    expect(answer.json.guests.data).toEqual([]);
    expect(answer.json.payments.data).toEqual([]);
    expect(await graphOf(account)).toEqual(before);
    expect(before.nodes).toBeGreaterThan(0);
  });
});

describe("bad input", () => {
  it("when no query is sent, then 400 parameter_missing naming query", async () => {
    const answer = await api.get("/v1/search");

    expectError(answer, "query", "parameter_missing");
  });

  it.each(["", "   ", "ab", " zo "])("when the query is %j, then 400 naming query", async (query) => {
    const answer = await search(query);

    expectError(answer, "query");
    expect(answer.json.error.message).toContain("at least 3 characters");
  });

  it("when the query is over 200 characters, then 400 naming query", async () => {
    const answer = await search("z".repeat(201));

    expectError(answer, "query");
  });

  it("when the query is sent twice, then 400 naming query", async () => {
    const answer = await api.get("/v1/search?query=zoe&query=bea");

    expectError(answer, "query");
  });

  it.each(["0", "101", "many"])("when limit is %s, then 400 naming limit", async (limit) => {
    const answer = await search("zoe", `&limit=${limit}`);

    expectError(answer, "limit");
  });

  it("when an unknown parameter is sent, then 400 parameter_unknown naming it", async () => {
    const answer = await search("zoe", "&type=guest");

    expectError(answer, "type", "parameter_unknown");
  });
});

describe("account isolation", () => {
  it("when an email, fingerprint and name both accounts used are searched, then only this account's objects come", async () => {
    const byEmail = await search("zoe.angstrom@example.com");
    const byFingerprint = await search(zoeFingerprint);
    const byName = await search("elsewhere");

    for (const answer of [byEmail, byFingerprint]) {
      expect(answer.json.guests.data.map((hit: Hit) => hit.id)).not.toContain(otherAccountGuest);
      expect(
        answer.json.payments.data.every((hit: { guest: string | null }) => hit.guest !== otherAccountGuest),
      ).toBe(true);
    }
    expect(byName.json.guests.data).toEqual([]);
    expect(byName.json.payments.data).toEqual([]);
  });

  it("when the other account searches, then it finds only its own guest and payment", async () => {
    const answer = await search("zoe", "", { account: otherAccount });

    expect(hits(answer.json.guests)).toEqual([[otherAccountGuest, "email_prefix"]]);
    expect(answer.json.payments.data).toHaveLength(1);
    expect(answer.json.payments.data[0]).toMatchObject({ id: "ch_zoe_1", guest: otherAccountGuest });
  });

  it("when the other account's guest id is searched, then nothing is found", async () => {
    const answer = await search(otherAccountGuest);

    expect(answer.json.guests.data).toEqual([]);
  });
});

describe("the OpenAPI document", () => {
  it("when /openapi.json is read, then it documents GET /v1/guests and GET /v1/search with their parameters", async () => {
    const document = (await api.get("/openapi.json", { key: null })).json;

    const list = document.paths["/v1/guests"].get;
    const searchPath = document.paths["/v1/search"].get;
    expect(list["x-guestgraph-role"]).toBe("reader");
    expect(list.parameters.map((parameter: { name?: string }) => parameter.name)).toEqual(
      expect.arrayContaining([
        "email",
        "phone",
        "card_last4",
        "card_fingerprint",
        "has_dispute",
        "has_refund",
        "last_payment",
      ]),
    );
    expect(searchPath.parameters.map((parameter: { name?: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["query", "limit"]),
    );
  });
});
