import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { type Answer, apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";

/**
 * GET /v1/graph/neighborhood and GET /v1/graph/path through real HTTP and Neo4j, on hand-built fraud
 * scenarios: a ring of five guests tied by two cards and a phone, a family card shared by two honest
 * guests, a card-testing burst on one card, and a hub phone shared by thousands of payments. Each
 * scenario has its own account.
 */

const db: Database = openTestDatabase();

const api = apiUnderTest({
  db,
  defaultAccount: uniqueAccount(),
  keys: { investigator: "any account", reader: "any account", admin: "any account" },
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

const neighbourhood = (account: string, query: string) =>
  api.get(`/v1/graph/neighborhood?${query}`, { account });
const path = (account: string, query: string) => api.get(`/v1/graph/path?${query}`, { account });

const nodeIds = (answer: Answer) => answer.json.nodes.map((node: { id: string }) => node.id).sort();
const edgeSummaries = (answer: Answer) =>
  answer.json.edges
    .map(
      (edge: { source: string; target: string; type: string; data: { payment_count?: number } }) =>
        `${edge.source} -${edge.type}${edge.data.payment_count === undefined ? "" : `(${edge.data.payment_count})`}-> ${edge.target}`,
    )
    .sort();
const noCut = { any: false, limit: false, timeout: false, at: [] };

// ---- A ring of five guests tied by two cards and a phone ----

describe("a ring of five guests tied by two cards and a phone", () => {
  const account = uniqueAccount();
  // Each guest founds itself with its own email; a later payment of it adds a shared card or phone, and
  // joins it (not the card's older guest) because its email was used more recently.
  const ring: PaymentSketch[] = [
    { id: "ch_r1", created: 100, emails: ["r1@ring.test"], cards: ["FP_C1"] },
    { id: "ch_r2", created: 200, emails: ["r2@ring.test"] },
    { id: "ch_r2b", created: 210, emails: ["r2@ring.test"], cards: ["FP_C1"] },
    { id: "ch_r3", created: 300, emails: ["r3@ring.test"] },
    { id: "ch_r3b", created: 310, emails: ["r3@ring.test"], cards: ["FP_C1"], phones: ["+14155550100"] },
    { id: "ch_r4", created: 400, emails: ["r4@ring.test"] },
    { id: "ch_r4b", created: 410, emails: ["r4@ring.test"], cards: ["FP_C2"], phones: ["+14155550100"] },
    { id: "ch_r5", created: 500, emails: ["r5@ring.test"] },
    { id: "ch_r5b", created: 510, emails: ["r5@ring.test"], cards: ["FP_C2"] },
  ];
  const g = (n: number) => guestIdFor(account, `ch_r${n}`);

  beforeAll(() => seed(account, ring));

  it("when the neighbourhood of the first card is asked at depth 1, then it is the card and the three guests that used it", async () => {
    const answer = await neighbourhood(account, "node=card:FP_C1&depth=1");

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: "graph", node: "card:FP_C1", depth: 1, truncated: noCut });
    expect(nodeIds(answer)).toEqual(["card:FP_C1", g(1), g(2), g(3)].sort());
    expect(edgeSummaries(answer)).toEqual(
      [
        `${g(1)} -used(1)-> card:FP_C1`,
        `${g(2)} -used(1)-> card:FP_C1`,
        `${g(3)} -used(1)-> card:FP_C1`,
      ].sort(),
    );
  });

  it("when it is asked at depth 2, then the guests' emails and the shared phone join, with how many payments used each", async () => {
    const answer = await neighbourhood(account, "node=card:FP_C1&depth=2");

    expect(nodeIds(answer)).toEqual(
      [
        "card:FP_C1",
        g(1),
        g(2),
        g(3),
        "email:r1@ring.test",
        "email:r2@ring.test",
        "email:r3@ring.test",
        "phone:+14155550100",
      ].sort(),
    );
    expect(edgeSummaries(answer)).toEqual(
      [
        `${g(1)} -used(1)-> card:FP_C1`,
        `${g(2)} -used(1)-> card:FP_C1`,
        `${g(3)} -used(1)-> card:FP_C1`,
        `${g(1)} -used(1)-> email:r1@ring.test`,
        `${g(2)} -used(2)-> email:r2@ring.test`,
        `${g(3)} -used(2)-> email:r3@ring.test`,
        `${g(3)} -used(1)-> phone:+14155550100`,
      ].sort(),
    );
    expect(answer.json.truncated).toEqual(noCut);
  });

  it("when the ring is asked at depth 4 from the first guest, then it reaches the fourth guest through the card and the phone", async () => {
    const answer = await neighbourhood(account, `node=${g(1)}&depth=4`);

    // g1 → C1, e1 → g2, g3 → e2, e3, phone → g4; g4's card C2 (and g5 behind it) are hops 5 and 6.
    expect(nodeIds(answer)).toEqual(
      [
        g(1),
        "card:FP_C1",
        "email:r1@ring.test",
        g(2),
        g(3),
        "email:r2@ring.test",
        "email:r3@ring.test",
        "phone:+14155550100",
        g(4),
      ].sort(),
    );
    const depths = Object.fromEntries(
      answer.json.nodes.map((node: { id: string; data: { depth: number } }) => [node.id, node.data.depth]),
    );
    expect(depths).toMatchObject({
      [g(1)]: 0,
      "card:FP_C1": 1,
      [g(3)]: 2,
      "phone:+14155550100": 3,
      [g(4)]: 4,
    });
    expect(answer.json.truncated).toEqual(noCut);
  });

  it("when nodes are returned, then each carries its details and repeats id, type and label in data for Cytoscape.js", async () => {
    const answer = await neighbourhood(account, "node=card:FP_C1&depth=1");

    const card = answer.json.nodes.find((node: { id: string }) => node.id === "card:FP_C1");
    const guest = answer.json.nodes.find((node: { id: string }) => node.id === g(3));
    expect(card).toEqual({
      id: "card:FP_C1",
      type: "card",
      label: "visa •••• 4242",
      data: expect.objectContaining({
        id: "card:FP_C1",
        type: "card",
        label: "visa •••• 4242",
        depth: 0,
        value: "FP_C1",
        payment_count: 3,
        card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030, country: "US" },
      }),
    });
    expect(guest).toMatchObject({
      type: "guest",
      label: "r3@ring.test",
      data: { id: g(3), depth: 1, object: "guest", payment_count: 2, primary_email: "r3@ring.test" },
    });
    const edge = answer.json.edges.find((candidate: { source: string }) => candidate.source === g(3));
    expect(edge).toEqual({
      id: `used:${g(3)}->card:FP_C1`,
      source: g(3),
      target: "card:FP_C1",
      type: "used",
      data: {
        id: `used:${g(3)}->card:FP_C1`,
        source: g(3),
        target: "card:FP_C1",
        type: "used",
        payment_count: 1,
        first_seen: 310,
        last_seen: 310,
      },
    });
  });

  it("when the path from the first guest to the last is asked, then it is the one six-hop chain through both cards and the phone", async () => {
    const answer = await path(account, `from=${g(1)}&to=${g(5)}&max_depth=6`);

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: "graph",
      from: g(1),
      to: g(5),
      max_depth: 6,
      found: true,
      length: 6,
      truncated: noCut,
    });
    const chain = [g(1), "card:FP_C1", g(3), "phone:+14155550100", g(4), "card:FP_C2", g(5)];
    expect(answer.json.paths).toEqual([
      {
        nodes: chain,
        edges: [
          `used:${g(1)}->card:FP_C1`,
          `used:${g(3)}->card:FP_C1`,
          `used:${g(3)}->phone:+14155550100`,
          `used:${g(4)}->phone:+14155550100`,
          `used:${g(4)}->card:FP_C2`,
          `used:${g(5)}->card:FP_C2`,
        ],
      },
    ]);
    expect(nodeIds(answer)).toEqual([...chain].sort());
    expect(answer.json.edges).toHaveLength(6);
  });

  it("when max_depth is shorter than the chain, then the answer is empty and says no path was found", async () => {
    const answer = await path(account, `from=${g(1)}&to=${g(5)}&max_depth=5`);

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      found: false,
      length: null,
      paths: [],
      nodes: [],
      edges: [],
      max_depth: 5,
      truncated: noCut,
    });
  });

  it("when the path starts at a payment, then it leaves through the payment's own card", async () => {
    const answer = await path(account, `from=ch_r2b&to=${g(3)}`);

    expect(answer.json).toMatchObject({ found: true, length: 2, from: "ch_r2b", max_depth: 4 });
    expect(answer.json.paths).toEqual([
      {
        nodes: ["ch_r2b", "card:FP_C1", g(3)],
        edges: ["has_card:ch_r2b->card:FP_C1", `used:${g(3)}->card:FP_C1`],
      },
    ]);
  });

  it("when a payment's neighbourhood is asked, then it is its email, phone, card and guest, joined by has_* and belongs_to", async () => {
    const answer = await neighbourhood(account, "node=ch_r3b");

    expect(nodeIds(answer)).toEqual(
      ["ch_r3b", "card:FP_C1", "email:r3@ring.test", "phone:+14155550100", g(3)].sort(),
    );
    expect(edgeSummaries(answer)).toEqual(
      [
        "ch_r3b -has_card-> card:FP_C1",
        "ch_r3b -has_email-> email:r3@ring.test",
        "ch_r3b -has_phone-> phone:+14155550100",
        `ch_r3b -belongs_to-> ${g(3)}`,
      ].sort(),
    );
    expect(answer.json.nodes[0]).toMatchObject({
      id: "ch_r3b",
      type: "payment",
      data: { amount: 1000, currency: "usd", status: "succeeded", guest: g(3) },
    });
  });

  it("when ids from an answer are fed back, then each names the same node (phone in another spelling too)", async () => {
    for (const id of [g(4), "card:FP_C2", "email:R4@Ring.test", "phone:+1 415 555 0100", "ch_r4b"]) {
      const answer = await neighbourhood(account, `node=${encodeURIComponent(id)}&depth=1`);

      expect(answer.status, id).toBe(200);
    }
    const spelled = await path(
      account,
      `from=${encodeURIComponent("email:R1@Ring.test")}&to=${encodeURIComponent("phone:+1 415 555 0100")}`,
    );
    expect(spelled.json).toMatchObject({
      from: "email:r1@ring.test",
      to: "phone:+14155550100",
      found: true,
      length: 4,
    });
    const phone = await neighbourhood(account, `node=${encodeURIComponent("phone:+1 (415) 555-0100")}`);
    expect(phone.json.node).toBe("phone:+14155550100");
    expect(nodeIds(phone)).toEqual(["phone:+14155550100", g(3), g(4)].sort());
  });
});

// ---- A family card shared by two honest guests ----

describe("a family card shared by two honest guests", () => {
  const account = uniqueAccount();
  const mum = () => guestIdFor(account, "ch_f1");
  const kid = () => guestIdFor(account, "ch_f2");

  beforeAll(() =>
    seed(account, [
      { id: "ch_f1", created: 1000, emails: ["mum@family.test"], cards: ["FP_FAMILY"] },
      { id: "ch_f2", created: 2000, emails: ["kid@family.test"] },
      // The kid pays with the family card: the kid's email is the more recent use, so it stays the kid's.
      { id: "ch_f3", created: 3000, emails: ["kid@family.test"], cards: ["FP_FAMILY"] },
      // Mum pays again with her email only (with the card too, the payment would join the kid: the card's last use).
      { id: "ch_f4", created: 4000, emails: ["mum@family.test"] },
    ]),
  );

  it("when the card's neighbourhood is asked, then both guests are in it, each with its own uses of the card", async () => {
    const answer = await neighbourhood(account, "node=card:FP_FAMILY");

    expect(nodeIds(answer)).toEqual(["card:FP_FAMILY", mum(), kid()].sort());
    expect(
      answer.json.edges.map((edge: { source: string; data: object }) => [edge.source, edge.data]),
    ).toEqual(
      expect.arrayContaining([
        [mum(), expect.objectContaining({ payment_count: 1, first_seen: 1000, last_seen: 1000 })],
        [kid(), expect.objectContaining({ payment_count: 1, first_seen: 3000, last_seen: 3000 })],
      ]),
    );
  });

  it("when the path between the two guests is asked, then it is the family card, two hops", async () => {
    const answer = await path(account, `from=${mum()}&to=${kid()}`);

    expect(answer.json).toMatchObject({ found: true, length: 2, truncated: noCut });
    expect(answer.json.paths).toEqual([
      {
        nodes: [mum(), "card:FP_FAMILY", kid()],
        edges: [`used:${mum()}->card:FP_FAMILY`, `used:${kid()}->card:FP_FAMILY`],
      },
    ]);
  });

  it("when a guest's path to itself is asked, then it is the guest alone, zero hops", async () => {
    const answer = await path(account, `from=${kid()}&to=${kid()}`);

    expect(answer.json).toMatchObject({ found: true, length: 0, paths: [{ nodes: [kid()], edges: [] }] });
    expect(nodeIds(answer)).toEqual([kid()]);
  });
});

// ---- A card-testing burst: failed payments on one card ----

describe("a card-testing burst of failed payments on one card", () => {
  const account = uniqueAccount();
  const burst: PaymentSketch[] = Array.from({ length: 30 }, (_, n) => ({
    id: `ch_t${String(n).padStart(2, "0")}`,
    created: 50_000 + n * 5,
    cards: ["FP_TESTED"],
    emails: [`tester${n}@burst.test`],
    status: "failed" as const,
  }));
  const tester = () => guestIdFor(account, "ch_t00");

  beforeAll(() => seed(account, burst));

  it("when the card's neighbourhood is asked, then the one guest the burst made used it 30 times", async () => {
    const answer = await neighbourhood(account, "node=card:FP_TESTED");

    expect(nodeIds(answer)).toEqual(["card:FP_TESTED", tester()].sort());
    expect(edgeSummaries(answer)).toEqual([`${tester()} -used(30)-> card:FP_TESTED`]);
    expect(answer.json.nodes.find((node: { id: string }) => node.id === tester()).data).toMatchObject({
      payment_count: 30,
      first_payment: 50_000,
      last_payment: 50_145,
    });
  });

  it("when depth 2 is asked with a limit of 10 nodes, then 8 of the 30 emails fit, and truncated says the limit cut the guest's neighbours", async () => {
    const answer = await neighbourhood(account, "node=card:FP_TESTED&depth=2&limit=10");

    expect(answer.json.nodes).toHaveLength(10);
    expect(answer.json.nodes.filter((node: { type: string }) => node.type === "email")).toHaveLength(8);
    expect(answer.json.truncated).toEqual({
      any: true,
      limit: true,
      timeout: false,
      at: [{ node: tester(), depth: 1, what: "neighbors", kept: 9, total: 31 }],
    });
    // Every edge joins two nodes of the answer.
    const ids = new Set(nodeIds(answer));
    for (const edge of answer.json.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
  });
});

// ---- A hub phone with thousands of payments ----

describe("a hub phone shared by thousands of payments", () => {
  const account = uniqueAccount();
  const hub = "+14155550199";
  const guests = 1100;
  // Each guest founds itself with its own email, then pays again giving the hub phone (a shared office line).
  const sketches: PaymentSketch[] = Array.from({ length: guests }, (_, n) => [
    { id: `ch_h${n}a`, created: 100_000 + n * 10, emails: [`staff${n}@office.test`] },
    { id: `ch_h${n}b`, created: 100_000 + n * 10 + 1, emails: [`staff${n}@office.test`], phones: [hub] },
  ]).flat();

  beforeAll(() => seed(account, sketches), 120_000);

  it("when the phone's neighbourhood is asked, then it reads 1,000 of its 1,100 payments, keeps 50 guests, and says both cuts", async () => {
    const answer = await neighbourhood(account, `node=phone:${encodeURIComponent(hub)}&limit=1000`);

    expect(answer.status).toBe(200);
    expect(answer.json.nodes).toHaveLength(51);
    expect(answer.json.edges).toHaveLength(50);
    expect(answer.json.truncated).toEqual({
      any: true,
      limit: false,
      timeout: false,
      at: [
        { node: `phone:${hub}`, depth: 0, what: "payments", kept: 1000, total: 1100 },
        { node: `phone:${hub}`, depth: 0, what: "neighbors", kept: 50, total: 1000 },
      ],
    });
    expect(answer.json.nodes[0].data).toMatchObject({ payment_count: 1100, verified: true });
  });

  it("when two staff members' path is asked, then it meets at the hub without expanding it", async () => {
    const first = guestIdFor(account, "ch_h0a");
    const last = guestIdFor(account, `ch_h${guests - 1}a`);

    const answer = await path(account, `from=${first}&to=${last}`);

    expect(answer.json).toMatchObject({ found: true, length: 2, truncated: noCut });
    expect(answer.json.paths).toEqual([
      {
        nodes: [first, `phone:${hub}`, last],
        edges: [`used:${first}->phone:${hub}`, `used:${last}->phone:${hub}`],
      },
    ]);
  });
});

// ---- The API's contract ----

describe("GET /v1/graph/*: roles, bad input, accounts", () => {
  const account = uniqueAccount();
  const other = uniqueAccount();
  const guest = () => guestIdFor(account, "ch_k1");

  beforeAll(async () => {
    await seed(account, [{ id: "ch_k1", created: 10, emails: ["k@contract.test"], cards: ["FP_K"] }]);
    await seed(other, [{ id: "ch_o1", created: 10, emails: ["k@contract.test"], cards: ["FP_K"] }]);
  });

  it("when a reader asks, then it is refused with 403; an investigator and an admin are answered", async () => {
    const reader = await api.get(`/v1/graph/neighborhood?node=${guest()}`, { account, key: "reader" });
    const admin = await api.get(`/v1/graph/path?from=${guest()}&to=card:FP_K`, { account, key: "admin" });
    const investigator = await neighbourhood(account, `node=${guest()}`);

    expect(reader.status).toBe(403);
    expect(errorOf(reader).type).toBe("permission_error");
    expect(admin.status).toBe(200);
    expect(investigator.status).toBe(200);
  });

  it("when the node is missing or names nothing in the account, then 400 or 404 name the parameter", async () => {
    const missing = await neighbourhood(account, "depth=2");
    const unknown = await neighbourhood(account, "node=card:NO_SUCH_CARD");
    const unknownTo = await path(account, `from=${guest()}&to=email:nobody@contract.test`);

    expect(missing.status).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: "parameter_missing", param: "node" });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: "resource_missing", param: "node" });
    expect(unknownTo.status).toBe(404);
    expect(errorOf(unknownTo).param).toBe("to");
  });

  it("when depth, limit or max_depth are out of range, or a parameter is unknown, then 400 names it", async () => {
    for (const [query, param] of [
      [`node=${guest()}&depth=5`, "depth"],
      [`node=${guest()}&depth=0`, "depth"],
      [`node=${guest()}&limit=1001`, "limit"],
      [`node=${guest()}&depth=two`, "depth"],
      [`node=${guest()}&hops=2`, "hops"],
    ] as const) {
      const answer = await neighbourhood(account, query);
      expect(answer.status, query).toBe(400);
      expect(errorOf(answer).param, query).toBe(param);
    }
    const tooDeep = await path(account, `from=${guest()}&to=card:FP_K&max_depth=9`);
    expect(tooDeep.status).toBe(400);
    expect(errorOf(tooDeep).param).toBe("max_depth");
  });

  it("when the same card is used in another account, then neither account's graph shows the other's guests", async () => {
    const answer = await neighbourhood(account, "node=card:FP_K");
    const otherGuest = guestIdFor(other, "ch_o1");

    expect(nodeIds(answer)).toEqual(["card:FP_K", guest()].sort());
    const fromOther = await neighbourhood(other, `node=${guest()}`);
    expect(fromOther.status).toBe(404);
    expect(nodeIds(await neighbourhood(other, "node=card:FP_K"))).toEqual(["card:FP_K", otherGuest].sort());
  });
});
