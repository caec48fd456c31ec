import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoAccount } from "../../src/demo/demo-account.ts";
import { loadDemoAccount } from "../../src/demo/load-demo-account.ts";
import type { GuestFlag } from "../../src/domain/risk.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { receivePayments } from "../../src/ingest/receive-payments.ts";
import { type Answer, apiUnderTest } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { paymentFrom } from "../support/payment-factory.ts";

/**
 * GET /v1/guests filtered by risk (risk_score[gte]/[lte], risk_flag, in_ring) through real HTTP and
 * Neo4j, on the demo account (its planted ring, card testing, disputes and hubs give every kind of risk).
 * The reference is the unfiltered list itself: each row shows the score and flags computed on read
 * from the facts ingest keeps, so a filter must list exactly the rows of the full list that satisfy it,
 * in the same order — whatever ingest stored for the index.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const changingAccount = uniqueAccount();

const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { reader: "any account", admin: "any account" },
  defaultKey: "reader",
});

interface Row {
  id: string;
  last_payment: number;
  primary_email: string | null;
  dispute_count: number;
  totals: { refunded: number }[];
  risk_flags: GuestFlag[];
  risk: { score: number; ring: string | null };
}

/** Every guest of the account, in list order, as the unfiltered list shows it. */
let everyGuest: Row[] = [];

beforeAll(async () => {
  await api.start();
  const demo = generateDemoAccount({ payments: 1000, seed: 11, account });
  const loaded = await loadDemoAccount(demo, (batch) => receivePayments(db, account, batch));
  expect(loaded.refused).toBe(0);
  everyGuest = await listAll("");
}, 120_000);

afterAll(async () => {
  await api.stop();
  await db.close();
});

/** Every row of a filtered list, walking starting_after cursors `limit` at a time. */
async function listAll(
  filter: string,
  limit = 100,
  path = "/v1/guests",
  accountId = account,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let after = ""; ; ) {
    const cursor = after ? `&starting_after=${after}` : "";
    const answer = await api.get(`${path}?limit=${limit}${filter}${cursor}`, { account: accountId });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    rows.push(...answer.json.data);
    if (!answer.json.has_more) return rows;
    after = answer.json.data.at(-1).id;
  }
}

const ids = (rows: Row[]) => rows.map((row) => row.id);
const expected = (keep: (row: Row) => boolean) => ids(everyGuest.filter(keep));

function expectError(answer: Answer, param: string, code = "parameter_invalid") {
  expect(answer.status).toBe(400);
  expect(answer.json.error).toMatchObject({ type: "invalid_request_error", code, param });
}

describe("the demo account's risk, as the filters see it", () => {
  it("when the demo account is listed, then it has guests with and without risk, in a ring, disputed and card testing", () => {
    expect(everyGuest.length).toBeGreaterThan(100);
    expect(everyGuest.some((row) => row.risk.score === 0)).toBe(true);
    expect(everyGuest.some((row) => row.risk.score >= 40)).toBe(true);
    for (const flag of ["in_ring", "disputed", "card_testing"] as const)
      expect(
        everyGuest.some((row) => row.risk_flags.includes(flag)),
        flag,
      ).toBe(true);
  });
});

describe("risk_score", () => {
  it.each([1, 5, 15, 25, 40, 60])(
    "when filtered by risk_score[gte]=%i, then exactly the guests the list scores that high come, in list order",
    async (gte) => {
      const rows = await listAll(`&risk_score[gte]=${gte}`);

      expect(ids(rows)).toEqual(expected((row) => row.risk.score >= gte));
    },
  );

  it("when filtered by risk_score[lte]=0, then exactly the guests without risk come, in list order", async () => {
    const rows = await listAll("&risk_score[lte]=0");

    expect(ids(rows)).toEqual(expected((row) => row.risk.score === 0));
  });

  it("when filtered by both bounds, then both are inclusive", async () => {
    const scores = [...new Set(everyGuest.map((row) => row.risk.score))]
      .filter((s) => s > 0)
      .sort((a, b) => a - b);
    const [low, high] = [scores[0] as number, scores[Math.floor(scores.length / 2)] as number];

    const rows = await listAll(`&risk_score[gte]=${low}&risk_score[lte]=${high}`);

    expect(ids(rows)).toEqual(expected((row) => row.risk.score >= low && row.risk.score <= high));
    expect(rows.some((row) => row.risk.score === low)).toBe(true);
    expect(rows.some((row) => row.risk.score === high)).toBe(true);
  });

  it("when the bounds cross, then the list is empty", async () => {
    const answer = await api.get("/v1/guests?risk_score[gte]=50&risk_score[lte]=10");

    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual([]);
  });

  it("when a guest is listed by risk_score, then its own guest view gives the same score", async () => {
    const rows = await listAll("&risk_score[gte]=25");
    expect(rows.length).toBeGreaterThan(0);

    for (const row of rows.slice(0, 10)) {
      const view = await api.get(`/v1/guests/${row.id}`);
      expect(view.status).toBe(200);
      expect(view.json.risk.score).toBe(row.risk.score);
      expect(view.json.risk.score).toBeGreaterThanOrEqual(25);
    }
  });
});

describe("risk_flag and in_ring", () => {
  it.each([
    "in_ring",
    "disputed",
    "card_testing",
    "near_disputed_guest",
    "hub_identifier",
    "many_cards",
  ] as const)(
    "when filtered by risk_flag=%s, then exactly the guests the list flags so come, in list order",
    async (flag) => {
      const rows = await listAll(`&risk_flag=${flag}`);

      expect(ids(rows)).toEqual(expected((row) => row.risk_flags.includes(flag)));
    },
  );

  it("when risk_flag is repeated, then a guest must carry every one (repeated or as risk_flag[])", async () => {
    const want = expected((row) => row.risk_flags.includes("in_ring") && row.risk_flags.includes("disputed"));

    const repeated = await listAll("&risk_flag=in_ring&risk_flag=disputed");
    const bracketed = await listAll("&risk_flag[]=in_ring&risk_flag[]=disputed");

    expect(ids(repeated)).toEqual(want);
    expect(ids(bracketed)).toEqual(want);
  });

  it("when filtered by in_ring, then true lists the guests in a ring and false every other", async () => {
    const inRing = await listAll("&in_ring=true");
    const notInRing = await listAll("&in_ring=false");

    expect(ids(inRing)).toEqual(expected((row) => row.risk.ring !== null));
    expect(ids(notInRing)).toEqual(expected((row) => row.risk.ring === null));
    expect(inRing.length).toBeGreaterThan(0);
  });

  it("when in_ring=false and risk_flag=in_ring are both asked, then nothing can match", async () => {
    const answer = await api.get("/v1/guests?in_ring=false&risk_flag=in_ring");

    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual([]);
  });
});

describe("risk filters combined with the others", () => {
  it("when risk_score[gte] and risk_flag combine, then a guest must satisfy both", async () => {
    const rows = await listAll("&risk_score[gte]=20&risk_flag=in_ring");

    expect(ids(rows)).toEqual(expected((row) => row.risk.score >= 20 && row.risk_flags.includes("in_ring")));
  });

  it("when has_dispute and risk_score combine, then a guest must satisfy both, either way of has_dispute", async () => {
    const disputed = await listAll("&has_dispute=true&risk_score[gte]=50");
    const undisputed = await listAll("&has_dispute=false&risk_score[gte]=5");

    expect(ids(disputed)).toEqual(expected((row) => row.dispute_count > 0 && row.risk.score >= 50));
    expect(ids(undisputed)).toEqual(expected((row) => row.dispute_count === 0 && row.risk.score >= 5));
  });

  it("when has_refund and risk_flag combine, then a guest must satisfy both", async () => {
    const rows = await listAll("&has_refund=false&risk_flag=hub_identifier");

    expect(ids(rows)).toEqual(
      expected(
        (row) =>
          row.totals.every((total) => total.refunded === 0) && row.risk_flags.includes("hub_identifier"),
      ),
    );
  });

  it("when last_payment bounds and risk_score combine, then a guest must satisfy both", async () => {
    const middle = everyGuest[Math.floor(everyGuest.length / 2)]?.last_payment as number;

    const rows = await listAll(`&last_payment[lte]=${middle}&risk_score[gte]=5`);

    expect(ids(rows)).toEqual(expected((row) => row.last_payment <= middle && row.risk.score >= 5));
  });

  it("when an email filter and a risk filter combine, then the email's guest comes only if it is risky enough", async () => {
    const risky = everyGuest.find((row) => row.risk.score >= 40 && row.primary_email) as Row;
    const email = encodeURIComponent(risky.primary_email as string);

    const enough = await listAll(`&email=${email}&risk_score[gte]=${risky.risk.score}`);
    const tooHigh =
      risky.risk.score < 100 ? await listAll(`&email=${email}&risk_score[gte]=${risky.risk.score + 1}`) : [];

    expect(ids(enough)).toContain(risky.id);
    expect(ids(tooHigh)).not.toContain(risky.id);
  });
});

describe("paging a risk-filtered list", () => {
  it.each(["&risk_score[gte]=5", "&risk_flag=in_ring", "&in_ring=false&risk_score[lte]=10"])(
    "when %s is paged three at a time, then every guest comes once, in order, as on one page",
    async (filter) => {
      const onePage = await listAll(filter);

      const paged = await listAll(filter, 3);

      expect(ids(paged)).toEqual(ids(onePage));
      expect(new Set(ids(paged)).size).toBe(paged.length);
    },
  );

  it("when a risk-filtered list is paged back with ending_before, then each previous page is the one before it", async () => {
    const all = ids(await listAll("&risk_score[gte]=5"));
    expect(all.length).toBeGreaterThan(6);
    const cursor = all[6] as string;

    const back = await api.get(`/v1/guests?limit=3&risk_score[gte]=5&ending_before=${cursor}`);
    const further = await api.get(
      `/v1/guests?limit=3&risk_score[gte]=5&ending_before=${back.json.data[0].id}`,
    );

    expect(idsOf(back)).toEqual(all.slice(3, 6));
    expect(back.json.has_more).toBe(true);
    expect(idsOf(further)).toEqual(all.slice(0, 3));
    expect(further.json.has_more).toBe(false);
  });
});

const idsOf = (answer: Answer): string[] => answer.json.data.map((guest: { id: string }) => guest.id);

describe("a guest's stored risk follows ingest", () => {
  it("when a guest without risk gets a disputed payment, then risk_score[gte]=40 and risk_flag=disputed list it", async () => {
    const t0 = 1_700_000_000;
    const [first] = await ingestPayments(db, changingAccount, [
      paymentFrom(changingAccount, { id: "ch_zoe_1", created: t0, emails: ["zoe@example.com"] }),
    ]);
    const zoe = first?.guest as string;
    const before = await listAll("&risk_score[gte]=40", 100, "/v1/guests", changingAccount);

    await ingestPayments(db, changingAccount, [
      paymentFrom(changingAccount, {
        id: "ch_zoe_2",
        created: t0 + 60,
        emails: ["zoe@example.com"],
        disputed: true,
      }),
    ]);
    const after = await listAll("&risk_score[gte]=40", 100, "/v1/guests", changingAccount);
    const flagged = await listAll("&risk_flag=disputed", 100, "/v1/guests", changingAccount);

    expect(ids(before)).not.toContain(zoe);
    expect(ids(after)).toEqual([zoe]);
    expect(ids(flagged)).toEqual([zoe]);
  });

  it("when the disputed payment is deleted, then the guest leaves risk_score[gte]=40 and risk_flag=disputed, and risk_score[lte]=0 lists it", async () => {
    const zoe = (await listAll("&risk_flag=disputed", 100, "/v1/guests", changingAccount))[0]?.id as string;
    expect(zoe).toBeDefined();

    const deleted = await api.call("DELETE", "/v1/payments/ch_zoe_2", {
      key: "admin",
      account: changingAccount,
    });
    expect(deleted.status).toBe(200);

    expect(ids(await listAll("&risk_score[gte]=40", 100, "/v1/guests", changingAccount))).toEqual([]);
    expect(ids(await listAll("&risk_flag=disputed", 100, "/v1/guests", changingAccount))).toEqual([]);
    expect(ids(await listAll("&risk_score[lte]=0", 100, "/v1/guests", changingAccount))).toEqual([zoe]);
  });

  it("when two guests come to share a card, then in_ring lists both, and erasing the card takes them out again", async () => {
    const t0 = 1_700_100_000;
    const [a, b] = await ingestPayments(db, changingAccount, [
      paymentFrom(changingAccount, { id: "ch_ring_a", created: t0, emails: ["ring.a@example.com"] }),
      paymentFrom(changingAccount, { id: "ch_ring_b", created: t0 + 10, emails: ["ring.b@example.com"] }),
    ]);
    // The card arrives on a later payment of each: b2 (ring.b@ with the card A used last) joins one
    // guest, so the two guests stay apart but tied by what they share: a ring of two.
    await ingestPayments(db, changingAccount, [
      paymentFrom(changingAccount, {
        id: "ch_ring_a2",
        created: t0 + 20,
        emails: ["ring.a@example.com"],
        cards: ["fp_ring"],
      }),
      paymentFrom(changingAccount, {
        id: "ch_ring_b2",
        created: t0 + 30,
        emails: ["ring.b@example.com"],
        cards: ["fp_ring"],
      }),
    ]);
    const pair = [a?.guest, b?.guest] as string[];
    const inRing = ids(await listAll("&in_ring=true", 100, "/v1/guests", changingAccount));

    const erased = await api.call("POST", "/v1/erasures", {
      key: "admin",
      account: changingAccount,
      body: { card_fingerprint: "fp_ring" },
    });
    expect(erased.status).toBe(200);
    const afterErasure = ids(await listAll("&in_ring=true", 100, "/v1/guests", changingAccount));

    expect(new Set(pair).size).toBe(2);
    expect(inRing.sort()).toEqual([...pair].sort());
    expect(afterErasure).toEqual([]);
  });
});

describe("the risk filters in the API's description", () => {
  it("when /openapi.json is read, then GET /v1/guests documents risk_score as a bracketed object, risk_flag by the flags' names and in_ring", async () => {
    const answer = await api.get("/openapi.json", { key: null });
    const parameters: { name: string; style?: string; schema: unknown }[] =
      answer.json.paths["/v1/guests"].get.parameters;
    const byName = new Map(parameters.map((parameter) => [parameter.name, parameter]));

    expect(byName.get("risk_score")).toMatchObject({
      style: "deepObject",
      schema: { properties: { gte: expect.anything(), lte: expect.anything() } },
    });
    expect(JSON.stringify(byName.get("risk_flag")?.schema)).toContain('"card_testing"');
    expect(byName.get("in_ring")?.schema).toMatchObject({ enum: ["true", "false"] });
  });
});

describe("bad risk filters", () => {
  it.each(["101", "-1", "ten", "1.5", "", "1000", "007"])(
    "when risk_score[gte] is %j, then 400 naming risk_score[gte]",
    async (value) => {
      const answer = await api.get(`/v1/guests?risk_score[gte]=${encodeURIComponent(value)}`);

      expectError(answer, "risk_score[gte]");
    },
  );

  it("when risk_score[lte] is not a score, then 400 naming risk_score[lte]", async () => {
    const answer = await api.get("/v1/guests?risk_score[lte]=high");

    expectError(answer, "risk_score[lte]");
  });

  it("when risk_score has an unknown bound, then 400 parameter_unknown naming it in bracket form", async () => {
    const answer = await api.get("/v1/guests?risk_score[gt]=5");

    expectError(answer, "risk_score[gt]", "parameter_unknown");
  });

  it("when risk_score is sent without a bound, then 400 naming risk_score", async () => {
    const answer = await api.get("/v1/guests?risk_score=5");

    expectError(answer, "risk_score");
  });

  it.each(["risky", "IN_RING", ""])("when risk_flag is %j, then 400 naming risk_flag", async (value) => {
    const answer = await api.get(`/v1/guests?risk_flag=${encodeURIComponent(value)}`);

    expectError(answer, "risk_flag");
  });

  it("when one of several risk_flag values is no flag, then 400 naming risk_flag", async () => {
    const answer = await api.get("/v1/guests?risk_flag=in_ring&risk_flag=nope");

    expect(answer.status).toBe(400);
    expect(answer.json.error.param).toMatch(/^risk_flag/);
  });

  it.each(["yes", "1", ""])("when in_ring is %j, then 400 naming in_ring", async (value) => {
    const answer = await api.get(`/v1/guests?in_ring=${encodeURIComponent(value)}`);

    expectError(answer, "in_ring");
  });
});
