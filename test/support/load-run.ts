import autocannon from "autocannon";

/**
 * The load of issue 13: 64 connections of mixed reads and writes against a running GuestGraph, for a
 * bounded time. Each endpoint gets its own autocannon instance (its share of the connections, all running
 * at once), so that latency percentiles and errors are reported per endpoint. Shared by the load test
 * (a few seconds) and bench/load.ts (the 60 s figure).
 */

export interface LoadTarget {
  baseUrl: string;
  account: string;
  /** One key per endpoint group keeps per-key rate limits per group (or configure the limit). */
  readerKey: string;
  investigatorKey: string;
  ingestKey: string;
  /** Ids that exist in the account: guests, payments, and words that find something. */
  guestIds: string[];
  paymentIds: string[];
  searchTerms: string[];
  /** Payment objects for writes: POST /v1/payments sends them, `batch` per request, with fresh ids. */
  paymentTemplates: Record<string, unknown>[];
}

export interface EndpointReport {
  endpoint: string;
  connections: number;
  requests: number;
  /** Requests per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  status5xx: number;
  errors: number;
  timeouts: number;
}

interface Endpoint {
  name: string;
  connections: number;
  method: "GET" | "POST";
  key: string;
  path: () => string;
  body?: () => string;
}

export async function runLoad(
  target: LoadTarget,
  options: {
    /** Run for this long (the benchmark)… */
    durationS?: number;
    /** …or send exactly this many requests per connection, however long it takes (the test's bounded loop). */
    requestsPerConnection?: number;
    connections?: number;
    writeBatch?: number;
    onTick?: (elapsedS: number) => void;
  },
): Promise<EndpointReport[]> {
  const total = options.connections ?? 64;
  const pick = <T>(list: T[], i: number) => list[i % list.length] as T;
  const counters = { guest: 0, payment: 0, search: 0, walk: 0, write: 0 };
  const writeBatch = options.writeBatch ?? 5;
  const runId = Date.now().toString(36);
  const share = (fraction: number) => Math.max(1, Math.round(total * fraction));
  const endpoints: Endpoint[] = [
    {
      name: "GET /v1/guests",
      connections: share(0.25),
      method: "GET",
      key: target.readerKey,
      path: () => "/v1/guests?limit=10",
    },
    {
      name: "GET /v1/guests/:id",
      connections: share(0.25),
      method: "GET",
      key: target.readerKey,
      path: () => `/v1/guests/${pick(target.guestIds, counters.guest++)}`,
    },
    {
      name: "GET /v1/payments/:id",
      connections: share(0.125),
      method: "GET",
      key: target.readerKey,
      path: () => `/v1/payments/${encodeURIComponent(pick(target.paymentIds, counters.payment++))}`,
    },
    {
      name: "GET /v1/search",
      connections: share(0.125),
      method: "GET",
      key: target.readerKey,
      path: () => `/v1/search?query=${encodeURIComponent(pick(target.searchTerms, counters.search++))}`,
    },
    {
      name: "GET /v1/graph/neighborhood",
      connections: share(1 / 16),
      method: "GET",
      key: target.investigatorKey,
      path: () => `/v1/graph/neighborhood?node=${pick(target.guestIds, counters.walk++)}&depth=1`,
    },
  ];
  const used = endpoints.reduce((sum, endpoint) => sum + endpoint.connections, 0);
  endpoints.push({
    name: "POST /v1/payments",
    connections: Math.max(1, total - used),
    method: "POST",
    key: target.ingestKey,
    path: () => "/v1/payments",
    body: () => {
      const data = Array.from({ length: writeBatch }, () => {
        const n = counters.write++;
        const template = pick(target.paymentTemplates, n);
        return {
          ...template,
          id: `load_${runId}_${n}`,
          created: Number(template.created ?? 1_800_000_000) + n,
        };
      });
      return JSON.stringify({ data });
    },
  });

  const started = Date.now();
  const tick = setInterval(() => options.onTick?.((Date.now() - started) / 1000), 1000);
  try {
    const results = await Promise.all(
      endpoints.map((endpoint) =>
        autocannon({
          url: target.baseUrl,
          connections: endpoint.connections,
          ...(options.requestsPerConnection
            ? { amount: options.requestsPerConnection * endpoint.connections }
            : { duration: options.durationS ?? 60 }),
          timeout: 30,
          headers: {
            authorization: `Bearer ${endpoint.key}`,
            "stripe-account": target.account,
            ...(endpoint.body ? { "content-type": "application/json" } : {}),
          },
          requests: [
            {
              method: endpoint.method,
              setupRequest: (request) => ({
                ...request,
                path: endpoint.path(),
                ...(endpoint.body ? { body: endpoint.body() } : {}),
              }),
            },
          ],
        }),
      ),
    );
    return results.map((result, i) => {
      const endpoint = endpoints[i] as Endpoint;
      return {
        endpoint: endpoint.name,
        connections: endpoint.connections,
        requests: result.requests.total,
        rps: Math.round(result.requests.total / result.duration),
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        status5xx: result["5xx"],
        errors: result.errors,
        timeouts: result.timeouts,
      };
    });
  } finally {
    clearInterval(tick);
  }
}

export function formatReport(reports: EndpointReport[]): string {
  const header =
    "endpoint                      conns   requests   req/s   p50 ms   p99 ms   max ms  non2xx  5xx  errors";
  const lines = reports.map((r) =>
    [
      r.endpoint.padEnd(28),
      String(r.connections).padStart(6),
      String(r.requests).padStart(10),
      String(r.rps).padStart(7),
      String(r.p50).padStart(8),
      String(r.p99).padStart(8),
      String(r.max).padStart(8),
      String(r.non2xx).padStart(7),
      String(r.status5xx).padStart(4),
      String(r.errors).padStart(7),
    ].join(" "),
  );
  return [header, ...lines].join("\n");
}

/** The ids, search words and write templates of a demo account, for runLoad. */
export function loadTargetFromDemo(
  truth: {
    guests: { id: string; payments: string[]; emails: string[]; phones: string[]; cards: string[] }[];
  },
  connection: Omit<LoadTarget, "guestIds" | "paymentIds" | "searchTerms" | "paymentTemplates">,
): LoadTarget {
  const guests = truth.guests.slice(0, 500);
  return {
    ...connection,
    guestIds: guests.map((guest) => guest.id),
    paymentIds: guests.flatMap((guest) => guest.payments.slice(0, 3)),
    searchTerms: guests.flatMap((guest) => guest.emails.slice(0, 1).map((email) => email.slice(0, 5))),
    // Writes: new payments reusing the account's identifiers, after its history, so that they join real guests.
    paymentTemplates: guests.map((guest, i) => ({
      object: "payment",
      created: 1_800_000_000,
      amount: 1500 + i,
      currency: "usd",
      status: "succeeded",
      ...(guest.emails[0] ? { email: guest.emails[0] } : {}),
      ...(guest.phones[0] ? { phone: guest.phones[0] } : {}),
      ...(guest.cards[0] ? { card: { fingerprint: guest.cards[0], brand: "visa", last4: "4242" } } : {}),
    })),
  };
}
