import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cypherRoot } from "../../src/graph/cypher.ts";
import { type Database, toNeo4jParams } from "../../src/graph/database.ts";
import { openTestDatabase } from "../support/neo4j.ts";

/**
 * Every query under cypher/ (but the schema migrations) is explained against the real, migrated Neo4j,
 * and its plan must not scan what grows with the data: no label or all-nodes scan, no relationship type
 * scan, no full index scan, no seek that only pins the account (a walk over a whole account).
 *
 * EXPLAIN plans without parameter values, but the plan depends on their types: Neo4j reads a missing
 * parameter as of unknown type, and then, for one, cannot use a TEXT index (which only serves a predicate
 * it knows compares strings) — `p.billingNameSearch = $q` is a label scan without a value and a TEXT index
 * seek with a string. So each query is explained with sample values of the types the code sends, taken
 * from `sampleValues` below by parameter name. A query using a parameter with no sample value fails, so
 * a new parameter cannot slip through unexplained. Each file's header must name exactly the parameters
 * its query uses, so that it can be pasted into Neo4j Browser with the right `:param`s.
 */

const sampleValues: Record<string, unknown> = {
  // Every query
  account: "acct_queryplans",
  // Ids and lists of ids
  id: "ch_3MmlLrLkdIwHu7ix0snN0B15",
  ids: ["ch_3MmlLrLkdIwHu7ix0snN0B15", "ch_3MmlLrLkdIwHu7ix0snN0B16"],
  guest: "gst_4fQ2k9XbT1mZr8LwP0sVh3Ya",
  guestIds: ["gst_4fQ2k9XbT1mZr8LwP0sVh3Ya"],
  ownGuestId: "gst_4fQ2k9XbT1mZr8LwP0sVh3Ya",
  // Order keys ("created|id") and page sizes
  after: "000001700000000|ch_3MmlLrLkdIwHu7ix0snN0B15",
  before: "~",
  limit: 50,
  take: 11,
  // Ingest batches
  payments: [
    {
      properties: {
        account: "acct_queryplans",
        id: "ch_1",
        at: "000001700000000|ch_1",
        created: 1_700_000_000,
        amount: 1099,
        currency: "usd",
      },
      guest: true,
      customer: null,
      emails: [
        {
          value: "ann@example.com",
          identity: "acct_queryplans/email/ann@example.com",
          sources: ["billing_details.email"],
        },
      ],
      phones: [
        {
          value: "+14155550123",
          verified: true,
          identity: "acct_queryplans/phone/+14155550123",
          sources: ["billing_details.phone"],
        },
      ],
      cards: [
        {
          value: "Xt5EWLLDS7FJjR1c",
          identity: "acct_queryplans/card/Xt5EWLLDS7FJjR1c",
          sources: ["payment_method_details.card.fingerprint"],
          brand: "visa",
          last4: "4242",
          expMonth: 3,
          expYear: 2030,
          country: "US",
        },
      ],
    },
  ],
  assignments: [{ id: "ch_1", guestId: "gst_1" }],
  // Payments that change and go away
  versions: [{ id: "ch_1", version: 1_700_000_000_000 }],
  departures: [{ id: "ch_1", guestId: "gst_1" }],
  successors: [{ id: "gst_1", successorId: "gst_2" }],
  deletedAt: 1_700_000_000_000,
  scrubs: [{ id: "ch_1", description: "[erased]", metadata: "{}", clearCardFingerprint: false }],
  hashes: ["mW1m2k0o9bQ8Vt2R1y6x3H0sLq5eP7cJ4dN8fA2gZ1E"],
  erasure: {
    id: "ers_1",
    created: 1_700_000_000,
    identifierType: "email",
    valueHash: "mW1m2k0o9bQ8Vt2R1y6x3H0sLq5eP7cJ4dN8fA2gZ1E",
    requestedBy: "key_1",
    paymentsTouched: 1,
    guestsChanged: 1,
    guestsRetired: 0,
  },
  changes: [{ id: "ch_2", matchId: "ch_1" }],
  updates: [{ id: "ch_1", fields: { status: "succeeded", amountRefunded: 0, refunded: false } }],
  summaries: [
    {
      id: "gst_1",
      paymentCount: 2,
      firstPaymentAt: 1_700_000_000,
      lastPaymentAt: 1_700_000_500,
      disputeCount: 0,
      refundedPaymentCount: 0,
      totals: '{"usd":{"spent":2000,"refunded":0}}',
    },
  ],
  // Idempotency keys
  key: "order-1042-retry",
  claim: "claim-token",
  requestHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  ttlSeconds: 86_400,
  staleSeconds: 600,
  batch: 100,
  afterCreatedAt: "2026-11-28T04:00:00.123456789Z",
  afterKey: "order-1042-retry",
  values: ["ann@example.com"],
  status: 200,
  body: '{"object":"list"}',
  // The Customers tab
  lower: Number.MIN_SAFE_INTEGER,
  upper: Number.MAX_SAFE_INTEGER,
  cursorAt: 1_700_000_000,
  cursorId: "gst_4fQ2k9XbT1mZr8LwP0sVh3Ya",
  endingBefore: false,
  hasDispute: true,
  hasRefund: false,
  // The Customers tab's risk filters: score bounds, the score values walked, the flag bit patterns.
  scoreGte: 40,
  scoreLte: 100,
  scores: [40, 41, 42],
  flagBits: [4, 5, 6, 7],
  emails: ["ann@example.com"],
  phones: ["+14155550123", "14155550123"],
  cardFingerprint: "Xt5EWLLDS7FJjR1c",
  cardLast4: "4242",
  // Search
  name: "zoe",
  prefix: "zoe",
  maxAddresses: 1000,
  numbers: ["+14155550123", "14155550123"],
  countries: ["US", "GB", "FR"],
  fingerprint: "Xt5EWLLDS7FJjR1c",
  last4: "4242",
  // Link analysis
  window: 2000,
  perNode: 50,
  maxIdentifiers: 100,
  usesPerIdentifier: 1000,
  identifiers: [
    { type: "email", key: "ann@example.com" },
    { type: "card", key: "Xt5EWLLDS7FJjR1c" },
  ],
  // Stripe webhooks and backfills (cypher/stripe)
  stripeEvents: [
    {
      id: "evt_1NG8Du2eZvKYlo2CUI79vXWy",
      type: "charge.succeeded",
      created: 1_700_000_000,
      outcome: "created",
    },
  ],
  pendingUpdates: [
    { eventId: "evt_1", payment: "ch_1", created: 1_700_000_000, fields: '{"dispute":{"status":"lost"}}' },
  ],
  eventIds: ["evt_1NG8Du2eZvKYlo2CUI79vXWy"],
  checkpointKey: "charges|1700000000|",
  lastChargeId: "ch_3MmlLrLkdIwHu7ix0snN0B15",
  stored: 100,
  finished: false,
  // Investigations (cypher/investigations, for Neo4j Browser)
  payment: "ch_3MmlLrLkdIwHu7ix0snN0B15",
  from: "gst_4fQ2k9XbT1mZr8LwP0sVh3Ya",
  to: "gst_9TkLm2QxR7pZs4VwN8bYc1Ud",
  type: "card",
  value: "Xt5EWLLDS7FJjR1c",
  identity: "acct_queryplans/card/Xt5EWLLDS7FJjR1c",
  // Identifier histories
  kind: "guest",
  customerTake: 1000,
  now: 1_700_000_000,
  pageSize: 11,
  // The audit trail (order keys: fixed-width milliseconds, then the event id)
  since: "001700000000000",
  until: "001700000000000|ae_3kTq9vW0x1yZa2Bc4dEf5GhI",
  cutoff: "001690000000000",
  keyId: "key_0a1b2c3d4e",
  subjectQuery: '"acct_queryplans/gst_4fQ2k9XbT1mZr8LwP0sVh3Ya"',
  events: [
    {
      account: "acct_queryplans",
      id: "ae_3kTq9vW0x1yZa2Bc4dEf5GhI",
      at: "001700000000000|ae_3kTq9vW0x1yZa2Bc4dEf5GhI",
      created: 1_700_000_000,
      keyId: "key_0a1b2c3d4e",
      role: "reader",
      sourceIp: "127.0.0.1",
      requestId: "req_0a1b2c3d4e5f6g7h",
      action: "guests.retrieve",
      method: "GET",
      route: "/v1/guests/:id",
      status: 200,
      objectTypes: ["guest"],
      objectIds: ["gst_4fQ2k9XbT1mZr8LwP0sVh3Ya"],
      objectsTruncated: false,
      subjects: "acct_queryplans/gst_4fQ2k9XbT1mZr8LwP0sVh3Ya",
    },
  ],
  // Rings
  deltas: [{ guest: "gst_1", kind: "card", value: "Xt5EWLLDS7FJjR1c", delta: 1 }],
  hubGuests: 50,
  ringIds: ["ring_4fQ2k9XbT1mZr8LwP0sVh3Ya"],
  facts: [
    {
      id: "gst_1",
      ring: "ring_1",
      disputeDistance: 1,
      identifiersSharedWithDisputed: 1,
      hubIdentifiers: 0,
    },
  ],
  rings: [
    {
      id: "ring_1",
      founder: "gst_1",
      guestCount: 2,
      disputedGuestCount: 0,
      paymentCount: 3,
      refundedPaymentCount: 0,
      disputeCount: 0,
      failedPaymentCount: 0,
      firstPaymentAt: 1_700_000_000,
      lastPaymentAt: 1_700_000_500,
      totals: "[]",
      hubIdentifierCount: 0,
      score: 0,
    },
  ],
  cursorScore: 52,
  minGuests: 2,
  cap: 1000,
  bound: 25,
  cardPairs: [{ card: "Xt5EWLLDS7FJjR1c", emails: ["ann@example.com"], names: ["ann weber"] }],
  emailPairs: [{ email: "ann@example.com", cards: ["Xt5EWLLDS7FJjR1c"] }],
  uses: [{ guest: "gst_1", kind: "card", value: "Xt5EWLLDS7FJjR1c", payments: 3 }],
  signals: [{ id: "gst_1", radar: '{"total_charges_per_customer_hourly":1}' }],
  risks: [{ id: "gst_1", score: 45, flagBits: 5 }],
};

/** A file where a parameter means something else than `sampleValues` says: its own values. */
const sampleOverrides: Record<string, Record<string, unknown>> = {
  "resolution/find-first-later-uses.cypher": {
    uses: [{ identity: "acct_queryplans/email/ann@example.com", at: "000001700000000|ch_1" }],
  },
  "rings/identifier-guests.cypher": { identifiers: [{ kind: "phone", value: "+14155550123" }] },
  "rings/write-identifier-counts.cypher": {
    identifiers: [
      {
        kind: "card",
        value: "Xt5EWLLDS7FJjR1c",
        guestCount: 2,
        hub: false,
        emailsSeen: ["ann@example.com"],
        namesSeen: ["ann"],
        cardsSeen: [],
      },
    ],
  },
  "views/rings-highest-score-first.cypher": { since: 0 },
  "views/rings-lowest-score-first.cypher": { since: 0 },
  // Erasures name identifiers by kind and value.
  "erasure/find-identifier-payments.cypher": { identifiers: [{ kind: "email", value: "ann@example.com" }] },
  "erasure/erase-identifiers.cypher": { identifiers: [{ kind: "email", value: "ann@example.com" }] },
};

/** Queries that walk a whole account on purpose, and why. */
const accountWideByDesign: Record<string, string> = {
  "rings/list-payment-uses.cypher":
    "guestgraph rebuild-rings recomputes an account's rings from every payment (a CLI command, not a request)",
  "rings/account-guests-page.cypher":
    "guestgraph rebuild-rings rewrites every guest of the account, page by page",
  "rings/delete-account-rings.cypher":
    "guestgraph rebuild-rings deletes every ring of the account before writing them again",
  "resolution/verify-guest-summaries.cypher":
    "verify recounts every guest of the account against the payments it holds (a CLI command, not a request)",
  "resolution/verify-account.cypher":
    "the local check of an account against the guest rule reads every guest payment of the account (a CLI command, not a request)",
};

/**
 * Pages that must come straight off an index in order (Neo4j stops reading at LIMIT): a Sort or Top
 * would read every row in range — every guest of the account — to return ten.
 */
const orderedWalks = [
  "views/guests-newest-first.cypher",
  "views/guests-oldest-first.cypher",
  "views/guests-by-dispute-newest-first.cypher",
  "views/guests-by-dispute-oldest-first.cypher",
  "views/guests-by-refund-newest-first.cypher",
  "views/guests-by-refund-oldest-first.cypher",
  "views/guest-payments-newer.cypher",
  "views/guest-payments-older.cypher",
  "audit/events-newest-first.cypher",
  "audit/events-oldest-first.cypher",
  "audit/key-events-newest-first.cypher",
  "audit/key-events-oldest-first.cypher",
  "views/rings-highest-score-first.cypher",
  "views/rings-lowest-score-first.cypher",
];

/** Operators that read every node or relationship of a label, type or index, whatever the account. */
const scanOperators = [
  "AllNodesScan",
  "NodeByLabelScan",
  "UnionNodeByLabelsScan",
  "IntersectionNodeByLabelsScan",
  "SubtractionNodeByLabelsScan",
  "PartitionedAllNodesScan",
  "PartitionedNodeByLabelScan",
  "DirectedAllRelationshipsScan",
  "UndirectedAllRelationshipsScan",
  "DirectedRelationshipTypeScan",
  "UndirectedRelationshipTypeScan",
  "DirectedUnionRelationshipTypesScan",
  "UndirectedUnionRelationshipTypesScan",
  "NodeIndexScan",
  "DirectedRelationshipIndexScan",
  "UndirectedRelationshipIndexScan",
];

// ---- The query files ----

interface QueryFile {
  /** Relative to cypher/, e.g. "views/search-email.cypher". */
  name: string;
  text: string;
}

function queryFiles(): QueryFile[] {
  const found: QueryFile[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(cypherRoot, path) !== "schema") visit(path);
      } else if (entry.name.endsWith(".cypher")) {
        found.push({
          name: relative(cypherRoot, path).split("\\").join("/"),
          text: readFileSync(path, "utf8"),
        });
      }
    }
  };
  visit(cypherRoot);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

const parameterPattern = /\$([A-Za-z_][A-Za-z0-9_]*)/g;
const isComment = (line: string) => line.trim().startsWith("//");

/** The parameters the query itself uses (comment lines left out). */
function usedParameters(text: string): string[] {
  const code = text
    .split("\n")
    .filter((line) => !isComment(line))
    .join("\n");
  return [...new Set([...code.matchAll(parameterPattern)].map((match) => match[1] as string))].sort();
}

/** The parameters the header names, from its `// Parameters:` line to the end of the leading comment; null without one. */
function headerParameters(text: string): string[] | null {
  const lines = text.split("\n");
  const headerEnd = lines.findIndex((line) => !isComment(line));
  const header = lines.slice(0, headerEnd === -1 ? lines.length : headerEnd);
  const start = header.findIndex((line) => line.includes("Parameters:"));
  if (start === -1) return null;
  const named = header.slice(start).join("\n");
  return [...new Set([...named.matchAll(parameterPattern)].map((match) => match[1] as string))].sort();
}

function samplesFor(file: QueryFile): { params: Record<string, unknown>; missing: string[] } {
  const params: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const name of usedParameters(file.text)) {
    const overrides = sampleOverrides[file.name] ?? {};
    if (name in overrides) params[name] = overrides[name];
    else if (name in sampleValues) params[name] = sampleValues[name];
    else missing.push(name);
  }
  return { params, missing };
}

// ---- Plans ----

interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

interface Operator {
  /** Without the runtime suffix: "NodeIndexSeek", not "NodeIndexSeek@neo4j". */
  name: string;
  details: string;
}

function operatorsOf(plan: PlanNode): Operator[] {
  const name = plan.operatorType.replace(/@.*$/, "");
  const details = typeof plan.arguments.Details === "string" ? plan.arguments.Details : "";
  return [{ name, details }, ...plan.children.flatMap(operatorsOf)];
}

/**
 * An index seek whose only real predicate is the account (the other properties only IS NOT NULL):
 * it reads every entry of the account, as a scan would.
 */
function isAccountWideSeek(operator: Operator): boolean {
  if (!/IndexSeek/.test(operator.name) || /UNIQUE/.test(operator.details)) return false;
  const where = /WHERE (.*?)(?:, cache\[|$)/.exec(operator.details)?.[1];
  if (!where) return false;
  const predicates = where.split(" AND ");
  return predicates.every((predicate) => /^account = /.test(predicate) || / IS NOT NULL$/.test(predicate));
}

function scansIn(file: QueryFile, operators: Operator[]): string[] {
  const problems = operators
    .filter((operator) => scanOperators.includes(operator.name))
    .map((operator) => `${operator.name} ${operator.details}`);
  if (!(file.name in accountWideByDesign)) {
    problems.push(
      ...operators
        .filter(isAccountWideSeek)
        .map((operator) => `${operator.name} over a whole account: ${operator.details}`),
    );
  }
  return problems;
}

// ---- Tests ----

const db: Database = openTestDatabase();
afterAll(() => db.close());

const files = queryFiles();

async function explain(file: QueryFile): Promise<Operator[]> {
  const { params } = samplesFor(file);
  const result = await db.driver.executeQuery(
    `EXPLAIN ${file.text}`,
    toNeo4jParams(params) as Record<string, unknown>,
    {
      database: db.name,
    },
  );
  return operatorsOf(result.summary.plan as unknown as PlanNode);
}

describe("the query files under cypher/", () => {
  it("when cypher/ is read, then there are query files in views/ and resolution/ to check", () => {
    const folders = new Set(files.map((file) => file.name.split("/")[0]));

    expect(folders).toContain("views");
    expect(folders).toContain("resolution");
    expect(folders).toContain("rings");
    expect(files.some((file) => file.name.startsWith("schema/"))).toBe(false);
  });

  it.each(files.map((file) => [file.name, file] as const))(
    "when %s is read, then its header names exactly the parameters it uses",
    (_name, file) => {
      const used = usedParameters(file.text);
      const named = headerParameters(file.text);

      expect(named, "the header has no `// Parameters:` line").not.toBeNull();
      expect(named).toEqual(used);
    },
  );

  it.each(files.map((file) => [file.name, file] as const))(
    "when %s is to be explained, then every parameter it uses has a sample value",
    (_name, file) => {
      const { missing } = samplesFor(file);

      expect(missing, "add these to sampleValues (or sampleOverrides) in query-plans.test.ts").toEqual([]);
    },
  );

  it.each(files.map((file) => [file.name, file] as const))(
    "when %s is explained with sample values, then it scans no label, type or index and walks no whole account",
    async (_name, file) => {
      const operators = await explain(file);

      expect(operators.length).toBeGreaterThan(0);
      expect(scansIn(file, operators)).toEqual([]);
    },
  );

  it.each(orderedWalks.map((name) => [name] as const))(
    "when %s is explained, then its page comes off the index in order, with no full Sort or Top",
    async (name) => {
      const file = files.find((candidate) => candidate.name === name);
      expect(file, `${name} is listed in orderedWalks but does not exist`).toBeDefined();

      const operators = await explain(file as QueryFile);

      expect(operators.some((operator) => /IndexSeek/.test(operator.name))).toBe(true);
      expect(operators.filter((operator) => operator.name === "Sort" || operator.name === "Top")).toEqual([]);
    },
  );
});

describe("the plan checks themselves", () => {
  it("when a query would scan a label, then the check names the scan", async () => {
    const file = {
      name: "views/a-bad-example.cypher",
      text: "MATCH (g:Guest) WHERE g.paymentCount > 3 RETURN g.id",
    };

    const operators = await explain(file);

    expect(scansIn(file, operators)).toEqual([expect.stringContaining("NodeByLabelScan")]);
  });

  it("when a query seeks an index on the account alone, then the check names the account-wide walk", async () => {
    const file = {
      name: "views/a-bad-example.cypher",
      text: "MATCH (p:Payment) WHERE p.account = $account AND p.at IS NOT NULL RETURN p.id",
    };

    const operators = await explain(file);

    expect(scansIn(file, operators)).toEqual([expect.stringContaining("over a whole account")]);
  });

  it("when a string parameter is given no value, then Neo4j cannot use the TEXT index: why samples are needed", async () => {
    const text = "MATCH (p:Payment) WHERE p.billingNameSearch = $name RETURN p.id";

    const withoutValue = await db.driver.executeQuery(`EXPLAIN ${text}`, {}, { database: db.name });
    const withValue = await db.driver.executeQuery(`EXPLAIN ${text}`, { name: "zoe" }, { database: db.name });

    const names = (plan: unknown) => operatorsOf(plan as PlanNode).map((operator) => operator.name);
    expect(names(withoutValue.summary.plan)).toContain("NodeByLabelScan");
    expect(names(withValue.summary.plan)).toContain("NodeIndexSeek");
  });
});
