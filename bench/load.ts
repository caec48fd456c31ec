import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { generateDemoAccount } from "../src/demo/demo-account.ts";
import { loadDemoAccount } from "../src/demo/load-demo-account.ts";
import { Database } from "../src/graph/database.ts";
import type { ReceivedItem } from "../src/ingest/receive-payments.ts";
import { freePort } from "../test/support/free-port.ts";
import { formatReport, loadTargetFromDemo, runLoad } from "../test/support/load-run.ts";
import { startServiceProcess } from "../test/support/service-process.ts";

/**
 * Issue 13's load figure: `npm start` (its own process, logging at info as in production) on 127.0.0.1,
 * a demo account of 2,000 payments, then 64 connections of mixed reads, searches, traversals and writes
 * for 60 s. Prints p50/p99 per endpoint, 5xx and errors, and the memory of Node (RSS, heap) and of
 * Neo4j (JVM heap used) averaged over the first and the last 20 s.
 *
 *   NEO4J_URI=… NEO4J_PASSWORD=… npm run bench:load -- [seconds=60] [connections=64]
 *
 * Per-key rate limits are turned off for the run (GUESTGRAPH_RATE_LIMIT_PER_MINUTE=0): 64 busy connections
 * of one client are far above the default 6,000 requests a minute per key.
 */

const seconds = Number(process.argv[2] ?? 60);
const connections = Number(process.argv[3] ?? 64);
const uri = process.env.NEO4J_URI;
if (!uri) {
  process.stderr.write(
    "Set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD (e.g. a server from `npm run neo4j -- start`).\n",
  );
  process.exit(2);
}
const connection = {
  uri,
  username: process.env.NEO4J_USERNAME ?? "neo4j",
  password: process.env.NEO4J_PASSWORD ?? "",
  database: process.env.NEO4J_DATABASE ?? "neo4j",
};

const account = `acct_bench${randomBytes(4).toString("hex")}`;
const key = (role: string) => `${role}_${randomBytes(16).toString("hex")}`;
const keys = {
  reader: key("reader"),
  investigator: key("investigator"),
  ingest: key("ingest"),
  admin: key("admin"),
};
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const service = startServiceProcess({
  NEO4J_URI: connection.uri,
  NEO4J_USERNAME: connection.username,
  NEO4J_PASSWORD: connection.password,
  NEO4J_DATABASE: connection.database,
  PORT: String(port),
  GUESTGRAPH_DEFAULT_ACCOUNT: account,
  GUESTGRAPH_RATE_LIMIT_PER_MINUTE: "0",
  GUESTGRAPH_API_KEYS: Object.entries(keys)
    .map(([role, value]) => `${value}:${role}`)
    .join(","),
});
service.child.stdout?.resume();
const db = new Database(connection);

try {
  await service.waitForLog(/GuestGraph is ready/, 120_000);
  const demo = generateDemoAccount({ payments: 2000, account, seed: 42 });
  const seeded = await loadDemoAccount(demo, async (batch) => {
    const response = await fetch(`${baseUrl}/v1/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.ingest}`, "content-type": "application/json" },
      body: JSON.stringify({ data: batch }),
    });
    const body = (await response.json()) as {
      data: { result: string; id: string | null; guest: string | null }[];
    };
    return body.data.map(
      (item, index): ReceivedItem =>
        item.result === "refused"
          ? { ok: false, index, error: { code: "parameter_invalid", message: "refused", param: "(payload)" } }
          : {
              ok: true,
              id: item.id as string,
              guest: item.guest,
              result: item.result as "created",
              redacted: [],
            },
    );
  });
  console.log(
    `Seeded ${account}: ${seeded.created} payments (${seeded.deliveries} deliveries), ${demo.truth.guests.length} guests.`,
  );

  const samples: { at: number; rss: number; heap: number; neo4jHeap: number }[] = [];
  const started = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push({
        at: (Date.now() - started) / 1000,
        ...(await nodeMemory()),
        neo4jHeap: await neo4jHeap(),
      });
      await sleep(2000);
    }
  })();

  const reports = await runLoad(
    loadTargetFromDemo(demo.truth, {
      baseUrl,
      account,
      readerKey: keys.reader,
      investigatorKey: keys.investigator,
      ingestKey: keys.ingest,
    }),
    { durationS: seconds, connections },
  );
  sampling = false;
  await sampler;

  console.log(
    `\n${connections} connections for ${seconds} s against ${baseUrl} (Neo4j ${connection.uri}):\n`,
  );
  console.log(formatReport(reports));
  const total = reports.reduce(
    (sum, r) => ({
      requests: sum.requests + r.requests,
      s5xx: sum.s5xx + r.status5xx,
      errors: sum.errors + r.errors + r.timeouts,
      non2xx: sum.non2xx + r.non2xx,
    }),
    { requests: 0, s5xx: 0, errors: 0, non2xx: 0 },
  );
  console.log(
    `\nTotal: ${total.requests} requests, ${total.s5xx} 5xx, ${total.non2xx} non-2xx, ${total.errors} errors/timeouts.`,
  );
  const window = Math.round(Math.min(20, seconds / 3));
  const first = samples.filter((s) => s.at <= window);
  const last = samples.filter((s) => s.at >= seconds - window);
  const mb = (values: number[]) =>
    (values.reduce((a, b) => a + b, 0) / Math.max(1, values.length) / 1e6).toFixed(0);
  for (const [name, pickValue] of [
    ["Node RSS", (s: (typeof samples)[number]) => s.rss],
    ["Node heap used", (s: (typeof samples)[number]) => s.heap],
    ["Neo4j JVM heap used", (s: (typeof samples)[number]) => s.neo4jHeap],
  ] as const) {
    console.log(
      `${name.padEnd(20)} first ${window} s: ${mb(first.map(pickValue)).padStart(5)} MB   last ${window} s: ${mb(last.map(pickValue)).padStart(5)} MB`,
    );
  }
  process.exitCode = total.s5xx === 0 && total.errors === 0 ? 0 : 1;
} finally {
  service.child.kill("SIGTERM");
  await service.exited;
  await db
    .write("MATCH (n) WHERE n.account = $account OR n.id = $account DETACH DELETE n", { account })
    .catch(() => {});
  await db.close();
}

async function nodeMemory(): Promise<{ rss: number; heap: number }> {
  const text = await (
    await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${keys.admin}` } })
  ).text();
  const value = (name: string) =>
    Number(
      text
        .split("\n")
        .find((line) => line.startsWith(`${name} `))
        ?.split(" ")[1] ?? 0,
    );
  return { rss: value("process_resident_memory_bytes"), heap: value("nodejs_heap_size_used_bytes") };
}

async function neo4jHeap(): Promise<number> {
  const [row] = await db.read<{ used: number }>(
    'CALL dbms.queryJmx("java.lang:type=Memory") YIELD attributes RETURN attributes.HeapMemoryUsage.value.properties.used AS used',
  );
  return Number(row?.used ?? 0);
}
