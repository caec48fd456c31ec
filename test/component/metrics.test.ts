import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenForMetrics } from "../../src/http/routes/metrics.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import { freePort } from "../support/free-port.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/** /metrics in Prometheus format: behind an admin key, or keyless on a separate address; the numbers move with the work done. */

const db = openTestDatabase();
const account = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { admin: "any account", reader: [account], ingest: [account] },
  defaultKey: "admin",
});
let separate: Server;
let separatePort: number;

beforeAll(async () => {
  await api.start();
  separatePort = await freePort();
  separate = await listenForMetrics(`127.0.0.1:${separatePort}`);
});

afterAll(async () => {
  await api.stop();
  separate.close();
  await db.write("MATCH (n) WHERE n.account = $account OR n.id = $account DETACH DELETE n", { account });
  await db.close();
});

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function metrics(): Promise<string> {
  const answer = await api.get("/metrics");
  expect(answer.status).toBe(200);
  return answer.text;
}

function payment(id: string, created: number, extra: Record<string, unknown>) {
  return { object: "payment", id, created, amount: 700, currency: "usd", status: "succeeded", ...extra };
}

describe("/metrics", () => {
  it("when asked without a key or with a reader's, then 401 and 403; with an admin key, Prometheus text", async () => {
    const anonymous = await api.get("/metrics", { key: null });
    const reader = await api.get("/metrics", { key: "reader" });
    const admin = await api.get("/metrics");

    expect(anonymous.status).toBe(401);
    expect(reader.status).toBe(403);
    expect(admin.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      "guestgraph_http_request_duration_seconds",
      "guestgraph_payments_ingested_total",
      "guestgraph_guests_created_total",
      "guestgraph_guests_retired_total",
      "guestgraph_late_arrivals_total",
      "guestgraph_payments_moved_total",
      "guestgraph_account_lock_wait_seconds",
      "guestgraph_webhook_events_total",
      "guestgraph_neo4j_query_duration_seconds",
      "guestgraph_neo4j_sessions_in_use",
      "guestgraph_neo4j_pool_max_size",
      "guestgraph_audit_events_total",
      "nodejs_eventloop_lag_p99_seconds",
      "process_resident_memory_bytes",
    ]) {
      expect(admin.text).toContain(`# TYPE ${name}`);
    }
  });

  it("when a late payment moves two guests' payments into a new guest, then ingest, guest, late-arrival, lock and latency numbers move by exactly that", async () => {
    const before = await metrics();
    await api.call("POST", "/v1/payments", {
      key: "ingest",
      body: payment("m-2", 1_700_000_200, { email: "m@example.com" }),
    });
    await api.call("POST", "/v1/payments", {
      key: "ingest",
      body: payment("m-3", 1_700_000_300, {
        card: { fingerprint: "fpMetrics1", brand: "visa", last4: "4242" },
      }),
    });
    const late = await api.call("POST", "/v1/payments", {
      key: "ingest",
      body: {
        data: [
          payment("m-1", 1_700_000_100, {
            email: "m@example.com",
            card: { fingerprint: "fpMetrics1", brand: "visa", last4: "4242" },
          }),
          payment("m-2", 1_700_000_200, { email: "m@example.com" }),
          { object: "payment", id: "m-bad" },
        ],
      },
    });
    await api.get("/v1/guests?limit=5", { key: "reader" });
    const after = await metrics();
    const delta = (series: string) => sample(after, series) - sample(before, series);

    expect(late.json.data.map((item: { result: string }) => item.result)).toEqual([
      "created",
      "unchanged",
      "refused",
    ]);
    expect(delta('guestgraph_payments_ingested_total{result="created"}')).toBe(3);
    expect(delta('guestgraph_payments_ingested_total{result="unchanged"}')).toBe(1);
    expect(delta('guestgraph_payments_ingested_total{result="refused"}')).toBe(1);
    expect(delta("guestgraph_guests_created_total")).toBe(3);
    expect(delta("guestgraph_guests_retired_total")).toBe(2);
    expect(delta("guestgraph_late_arrivals_total")).toBe(1);
    expect(delta("guestgraph_payments_moved_total")).toBe(2);
    expect(delta("guestgraph_account_lock_wait_seconds_count")).toBe(3);
    expect(
      delta('guestgraph_http_request_duration_seconds_count{method="GET",route="/v1/guests",status="200"}'),
    ).toBe(1);
    expect(
      delta(
        'guestgraph_http_request_duration_seconds_count{method="POST",route="/v1/payments",status="200"}',
      ),
    ).toBe(3);
    expect(
      delta('guestgraph_neo4j_query_duration_seconds_count{kind="transaction",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(sample(after, "guestgraph_neo4j_up")).toBe(1);
    expect(sample(after, "guestgraph_neo4j_pool_max_size")).toBe(100);
  });

  it("when GUESTGRAPH_METRICS_ADDRESS is set, then the same page is served there without a key, and nothing else", async () => {
    const page = await fetch(`http://127.0.0.1:${separatePort}/metrics`);
    const other = await fetch(`http://127.0.0.1:${separatePort}/v1/guests`);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain("# TYPE guestgraph_http_request_duration_seconds histogram");
    expect(other.status).toBe(404);
  });
});
