import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoAccount, generateDemoAccount } from "../../src/demo/demo-account.ts";
import { type DemoLoadSummary, loadDemoAccount } from "../../src/demo/load-demo-account.ts";
import type { Database } from "../../src/graph/database.ts";
import { receivePayments } from "../../src/ingest/receive-payments.ts";
import { verifyAccount } from "../../src/ingest/verify-account.ts";
import { storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The demo account through the real ingest path into the real Neo4j: GuestGraph must find exactly the
 * guests the generator planted, and end every payment in the state its last event says, although the
 * deliveries come late, repeated and out of order.
 */
describe("the demo account in GuestGraph", () => {
  let db: Database;
  let demo: DemoAccount;
  let account: string;
  let firstLoad: DemoLoadSummary;

  beforeAll(async () => {
    db = openTestDatabase();
    account = uniqueAccount();
    demo = generateDemoAccount({ payments: 500, seed: 11, account });
    firstLoad = await loadDemoAccount(demo, (batch) => receivePayments(db, account, batch), {
      batchSize: 97,
    });
  });
  afterAll(() => db.close());

  it("when the demo is loaded, then every payment is stored once and nothing is refused", () => {
    expect(firstLoad).toMatchObject({ deliveries: demo.deliveries.length, created: 500, refused: 0 });
    expect(firstLoad.created + firstLoad.updated + firstLoad.unchanged).toBe(demo.deliveries.length);
  });

  it("when the guests GuestGraph computed are compared with the ground truth, then every payment is in the guest the truth names", async () => {
    const stored = await storedAssignments(db, account);
    const guestOf = Object.fromEntries([...stored].map(([id, assignment]) => [id, assignment.guest]));
    const expected = Object.fromEntries(
      Object.entries(demo.truth.outcomes).map(([id, outcome]) => [id, outcome.guest]),
    );

    expect(guestOf).toEqual(expected);
    const guests = await db.read<{ id: string; payments: number }>(
      "MATCH (g:Guest {account: $account}) WHERE g.paymentCount > 0 RETURN g.id AS id, g.paymentCount AS payments",
      { account },
    );
    expect(new Map(guests.map((guest) => [guest.id, guest.payments]))).toEqual(
      new Map(demo.truth.guests.map((guest) => [guest.id, guest.payments.length])),
    );
  });

  it("when the payments' final states are read, then each is the state of its latest event whatever order the copies came in", async () => {
    const rows = await db.read<{ id: string; status: string; refunded: number; dispute: string | null }>(
      `MATCH (p:Payment {account: $account})
       RETURN p.id AS id, p.status AS status, p.amountRefunded AS refunded, p.disputeStatus AS dispute`,
      { account },
    );

    const stored = Object.fromEntries(rows.map((row) => [row.id, [row.status, row.refunded, row.dispute]]));
    const expected = Object.fromEntries(
      Object.entries(demo.truth.outcomes).map(([id, outcome]) => [
        id,
        [outcome.status, outcome.amount_refunded, outcome.dispute_status],
      ]),
    );
    expect(stored).toEqual(expected);
  });

  it("when the account is verified from scratch, then no payment's guest differs", async () => {
    const report = await verifyAccount(db, account);

    expect(report.differences).toEqual([]);
    expect(report.localViolations).toBe(0);
  });

  it("when the same demo is loaded again, then every delivery is unchanged", async () => {
    const again = await loadDemoAccount(demo, (batch) => receivePayments(db, account, batch), {
      batchSize: 250,
    });

    expect(again).toMatchObject({ created: 0, updated: 0, refused: 0, unchanged: demo.deliveries.length });
  });
});
