import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor, identityKey } from "../../src/domain/resolution-keys.ts";
import { cypher } from "../../src/graph/cypher.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { paymentFrom } from "../support/payment-factory.ts";

/**
 * The Neo4j Browser queries of cypher/investigations, run as they are (with their parameters) on a small
 * fraud scenario: three guests tied by a card and a phone, one disputed payment, a burst of failures.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const g = (n: number) => guestIdFor(account, `ch_i${n}`);

beforeAll(async () => {
  await ingestPayments(
    db,
    account,
    [
      { id: "ch_i1", created: 3600 * 10, emails: ["one@inv.test"], cards: ["FP_I"] },
      { id: "ch_i2", created: 3600 * 11, emails: ["two@inv.test"] },
      { id: "ch_i2b", created: 3600 * 11 + 60, emails: ["two@inv.test"], cards: ["FP_I"], disputed: true },
      { id: "ch_i3", created: 3600 * 12, emails: ["three@inv.test"] },
      {
        id: "ch_i3b",
        created: 3600 * 12 + 60,
        emails: ["three@inv.test"],
        cards: ["FP_I"],
        phones: ["+14155550142"],
      },
      ...[1, 2, 3].map((n) => ({
        id: `ch_i3f${n}`,
        created: 3600 * 12 + 60 + n,
        emails: [`burst${n}@inv.test`],
        cards: ["FP_I"],
        status: "failed" as const,
      })),
    ].map((sketch) => paymentFrom(account, sketch)),
  );
});

afterAll(() => db.close());

// biome-ignore lint/suspicious/noExplicitAny: rows are read field by field in the assertions
const run = (name: string, params: Record<string, unknown>): Promise<any[]> =>
  db.read(cypher(`investigations/${name}`), { account, ...params });

/** The ids (or addresses, numbers, fingerprints) of the nodes along a returned path. */
function pathKeys(path: { segments: { start: unknown; end: unknown }[]; start: unknown } | null): string[] {
  if (!path) return [];
  const key = (node: unknown) => {
    const properties = (node as { properties: Record<string, string> }).properties;
    return properties.id ?? properties.address ?? properties.number ?? properties.fingerprint ?? "?";
  };
  return [key(path.start), ...path.segments.map((segment) => key(segment.end))];
}

describe("cypher/investigations", () => {
  it("when payment-links is run on the disputed payment, then it reaches the other guests through its card", async () => {
    const rows = await run("payment-links", { payment: "ch_i2b" });

    const owners = new Set(rows.map((row) => pathKeys(row.link).at(-1)));
    expect(owners).toEqual(new Set([g(1), g(2), g(3)]));
    expect(new Set(rows.map((row) => pathKeys(row.mine).at(-1)))).toEqual(new Set([g(2)]));
  });

  it("when guest-neighbourhood is run, then it draws the guest's identifiers and the guests sharing them", async () => {
    const rows = await run("guest-neighbourhood", { guest: g(1) });

    expect(rows.map((row) => pathKeys(row.used).at(-1)).sort()).toEqual(["FP_I", "one@inv.test"]);
    const others = new Set(rows.flatMap((row) => row.others.map((path: never) => pathKeys(path).at(-1))));
    expect(others).toEqual(new Set([g(2), g(3)]));
  });

  it("when path-between-guests is run, then it is the chain through the shared card, one shared identifier", async () => {
    const [row] = await run("path-between-guests", { from: g(1), to: g(2) });

    expect(row.hops).toBe(2);
    expect(pathKeys(row.link)).toEqual([g(1), "ch_i1", "FP_I", "ch_i2b", g(2)]);
  });

  it("when identifier-users is run on the card, then each guest comes with its payments, failures and disputes", async () => {
    const rows = await run("identifier-users", { type: "card", value: "FP_I" });

    expect(rows).toEqual([
      {
        kind: "guest",
        id: g(3),
        payments: 4,
        firstUse: 3600 * 12 + 60,
        lastUse: 3600 * 12 + 63,
        failed: 3,
        disputed: 0,
        read: 6,
      },
      {
        kind: "guest",
        id: g(2),
        payments: 1,
        firstUse: 3600 * 11 + 60,
        lastUse: 3600 * 11 + 60,
        failed: 0,
        disputed: 1,
        read: 6,
      },
      {
        kind: "guest",
        id: g(1),
        payments: 1,
        firstUse: 3600 * 10,
        lastUse: 3600 * 10,
        failed: 0,
        disputed: 0,
        read: 6,
      },
    ]);
  });

  it("when identifier-activity is run on the card, then the burst hour shows its failures and distinct emails", async () => {
    const rows = await run("identifier-activity", {
      identity: identityKey(account, { kind: "card", value: "FP_I" }),
    });

    expect(rows.map(({ hour, ...rest }) => ({ hour: hour.toString(), ...rest }))).toEqual([
      {
        hour: "1970-01-01T12:00:00Z",
        payments: 4,
        failed: 3,
        disputed: 0,
        amount: 4000,
        guests: 1,
        emails: 4,
        cards: 1,
      },
      {
        hour: "1970-01-01T11:00:00Z",
        payments: 1,
        failed: 0,
        disputed: 1,
        amount: 1000,
        guests: 1,
        emails: 1,
        cards: 1,
      },
      {
        hour: "1970-01-01T10:00:00Z",
        payments: 1,
        failed: 0,
        disputed: 0,
        amount: 1000,
        guests: 1,
        emails: 1,
        cards: 1,
      },
    ]);
  });
});
