import autocannon from "autocannon";
import type { Database } from "../../src/graph/database.ts";
import { type Latency, latency, timed } from "./stats.ts";

/** The running service, as an API consumer with an admin key calls it. */
export class HttpClient {
  readonly base: string;
  readonly key: string;

  constructor(base: string, key: string) {
    this.base = base;
    this.key = key;
  }

  headers(account: string): Record<string, string> {
    return {
      authorization: `Bearer ${this.key}`,
      "content-type": "application/json",
      "stripe-account": account,
    };
  }

  async postBatch(account: string, batch: unknown[]): Promise<void> {
    await this.#send("POST", "/v1/payments", account, JSON.stringify({ data: batch }));
  }

  async postOne(account: string, payment: unknown): Promise<void> {
    await this.#send("POST", "/v1/payments", account, JSON.stringify(payment));
  }

  async get(account: string, path: string): Promise<number> {
    return (await this.#send("GET", path, account)).status;
  }

  async #send(method: string, path: string, account: string, body?: string): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, { method, headers: this.headers(account), body });
    const text = await response.text();
    if (response.status >= 500 || (method === "POST" && response.status >= 300)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response;
  }
}

/** The paths each read endpoint is measured on: the account's biggest guest, and a few others. */
async function readTargets(db: Database, account: string): Promise<Record<string, string[]>> {
  const [biggest] = await db.read<{ id: string }>(
    "MATCH (g:Guest) WHERE g.account = $account RETURN g.id AS id ORDER BY g.paymentCount DESC LIMIT 1",
    { account },
  );
  const some = await db.read<{ guest: string; payment: string; email: string | null; card: string | null }>(
    `MATCH (p:Payment) WHERE p.account = $account AND p.guest IS NOT NULL
     WITH p LIMIT 200
     OPTIONAL MATCH (p)-[:HAS_EMAIL]->(e:Email)
     RETURN p.guest AS guest, p.id AS payment, head(collect(e.address)) AS email, p.cardFingerprint AS card`,
    { account },
  );
  const pick = <T>(values: T[], count: number) =>
    values.filter((_, index) => index % Math.max(1, Math.floor(values.length / count)) === 0).slice(0, count);
  const guests = [
    biggest?.id,
    ...pick(
      some.map((row) => row.guest),
      4,
    ),
  ].filter((id): id is string => !!id);
  const emails = pick(
    some.flatMap((row) => (row.email ? [row.email] : [])),
    5,
  );
  const q = encodeURIComponent;
  return {
    guest_list: ["/v1/guests?limit=20", "/v1/guests?limit=20&has_dispute=true"],
    guest_view: guests.map((id) => `/v1/guests/${id}`),
    guest_payments: guests.map((id) => `/v1/guests/${id}/payments?limit=20`),
    search: emails.map((email) => `/v1/search?query=${q(email)}`),
    payment: pick(
      some.map((row) => `/v1/payments/${row.payment}`),
      5,
    ),
    identifier: emails.map((email) => `/v1/identifiers/email/${q(email)}`),
    neighborhood_depth2: guests.map((id) => `/v1/graph/neighborhood?node=${id}&depth=2`),
    rings: ["/v1/rings?limit=10"],
  };
}

/**
 * Read latency of each endpoint, sequential requests after a warm-up. An endpoint the service does
 * not have (404 on its route) is left out of the results rather than measured as an error.
 */
export async function readLatencies(
  http: HttpClient,
  db: Database,
  account: string,
  requests = 40,
): Promise<Record<string, Latency>> {
  const answer: Record<string, Latency> = {};
  for (const [endpoint, paths] of Object.entries(await readTargets(db, account))) {
    if (paths.length === 0) continue;
    if ((await http.get(account, paths[0] as string)) === 404) continue;
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const path = paths[i % paths.length] as string;
      times.push((await timed(() => http.get(account, path))).ms);
    }
    answer[endpoint] = latency(times);
  }
  return answer;
}

/** Requests per second that 32 connections get from the guest list and the guest view (autocannon). */
export async function httpThroughput(
  http: HttpClient,
  db: Database,
  account: string,
  seconds: number,
): Promise<Record<string, number>> {
  const targets = await readTargets(db, account);
  const answer: Record<string, number> = {};
  for (const endpoint of ["guest_list", "guest_view"] as const) {
    const path = targets[endpoint]?.[0];
    if (!path) continue;
    const result = await autocannon({
      url: `${http.base}${path}`,
      connections: 32,
      duration: seconds,
      headers: http.headers(account),
    });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${endpoint}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
    }
    answer[endpoint] = Math.round(result.requests.average);
  }
  return answer;
}
