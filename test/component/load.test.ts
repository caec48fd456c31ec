import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoAccount } from "../../src/demo/demo-account.ts";
import { loadDemoAccount } from "../../src/demo/load-demo-account.ts";
import { receivePayments } from "../../src/ingest/receive-payments.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import { formatReport, loadTargetFromDemo, runLoad } from "../support/load-run.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The load of issue 13 as a bounded loop (256 requests; the 60 s figure is bench/load.ts): 64 connections of mixed
 * reads, traversals, searches and writes over a demo account, against the real app on 127.0.0.1 and
 * the real Neo4j. Every request must be answered 2xx: no 5xx, no connection error, no timeout.
 */

const db = openTestDatabase();
const account = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { reader: [account], investigator: [account], ingest: [account] },
  defaultKey: "reader",
  env: { GUESTGRAPH_RATE_LIMIT_PER_MINUTE: "0" },
});
const demo = generateDemoAccount({ payments: 300, account, seed: 13 });

beforeAll(async () => {
  await loadDemoAccount(demo, (batch) => receivePayments(db, account, batch));
  await api.start();
}, 120_000);

afterAll(async () => {
  await api.stop();
  await db.write("MATCH (n) WHERE n.account = $account OR n.id = $account DETACH DELETE n", { account });
  await db.close();
}, 120_000);

describe("load", () => {
  it("when 64 connections read, search, walk and write, 4 requests each, then every request is answered 2xx and each endpoint reports its p99", async () => {
    const target = loadTargetFromDemo(demo.truth, {
      baseUrl: api.baseUrl(),
      account,
      readerKey: api.keys.reader as string,
      investigatorKey: api.keys.investigator as string,
      ingestKey: api.keys.ingest as string,
    });

    const reports = await runLoad(target, { requestsPerConnection: 4, connections: 64 });
    console.log(formatReport(reports));

    expect(reports.map((report) => report.endpoint)).toEqual([
      "GET /v1/guests",
      "GET /v1/guests/:id",
      "GET /v1/payments/:id",
      "GET /v1/search",
      "GET /v1/graph/neighborhood",
      "POST /v1/payments",
    ]);
    expect(reports.reduce((sum, report) => sum + report.connections, 0)).toBe(64);
    for (const report of reports) {
      expect(report.requests, report.endpoint).toBe(report.connections * 4);
      expect(report.status5xx, report.endpoint).toBe(0);
      expect(report.non2xx, report.endpoint).toBe(0);
      expect(report.errors, report.endpoint).toBe(0);
      expect(report.timeouts, report.endpoint).toBe(0);
      expect(Number.isFinite(report.p99), report.endpoint).toBe(true);
    }
  }, 120_000);
});
