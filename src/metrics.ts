import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (served at /metrics, see http/routes/metrics.ts). One registry per
 * process, like the logger: every layer counts what it does here, and nothing else reads these numbers.
 * Label values are route patterns, statuses, outcomes and types, never ids or personal data.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry }); // memory, CPU, GC, and event-loop delay (nodejs_eventloop_lag_*)

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequestDuration = new Histogram({
  name: "guestgraph_http_request_duration_seconds",
  help: "API request latency by route pattern, method and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: seconds,
  registers: [metricsRegistry],
});

export const paymentsIngested = new Counter({
  name: "guestgraph_payments_ingested_total",
  help: "Payments received, by result (created, updated, unchanged, refused, conflict)",
  labelNames: ["result"] as const,
  registers: [metricsRegistry],
});

export const guestsCreated = new Counter({
  name: "guestgraph_guests_created_total",
  help: "Guests founded by a new payment",
  registers: [metricsRegistry],
});

export const guestsRetired = new Counter({
  name: "guestgraph_guests_retired_total",
  help: "Guests retired because a late payment moved their founding payment into an older guest",
  registers: [metricsRegistry],
});

export const lateArrivals = new Counter({
  name: "guestgraph_late_arrivals_total",
  help: "Payments that arrived after a later payment sharing an identifier (they can move stored payments)",
  registers: [metricsRegistry],
});

export const paymentsMoved = new Counter({
  name: "guestgraph_payments_moved_total",
  help: "Stored payments moved to another guest by late arrivals",
  registers: [metricsRegistry],
});

export const accountLockWait = new Histogram({
  name: "guestgraph_account_lock_wait_seconds",
  help: "Time a writer waited for its merchant account's lock",
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const webhookEvents = new Counter({
  name: "guestgraph_webhook_events_total",
  help: "Stripe webhook events by event type and outcome",
  labelNames: ["type", "outcome"] as const,
  registers: [metricsRegistry],
});

export const neo4jQueryDuration = new Histogram({
  name: "guestgraph_neo4j_query_duration_seconds",
  help: "Neo4j transactions by kind (read, write, transaction) and outcome (ok, error, unavailable, timeout)",
  labelNames: ["kind", "outcome"] as const,
  buckets: seconds,
  registers: [metricsRegistry],
});

export const neo4jSessionsInUse = new Gauge({
  name: "guestgraph_neo4j_sessions_in_use",
  help: "Neo4j driver sessions (pooled connections) in use by this process now",
  registers: [metricsRegistry],
});

export const neo4jPoolSize = new Gauge({
  name: "guestgraph_neo4j_pool_max_size",
  help: "The most connections the Neo4j driver's pool opens",
  registers: [metricsRegistry],
});

export const neo4jUp = new Gauge({
  name: "guestgraph_neo4j_up",
  help: "1 while Neo4j answers, 0 while it is unreachable (requests then answer 503)",
  registers: [metricsRegistry],
});
neo4jUp.set(1);

export const auditEvents = new Counter({
  name: "guestgraph_audit_events_total",
  help: "Audit events by outcome: written to Neo4j, or dropped (the queue overflowed during a long outage)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

export const rateLimited = new Counter({
  name: "guestgraph_rate_limited_total",
  help: "Requests refused with 429 because their key (or address, for failed authentication) sent too many",
  registers: [metricsRegistry],
});

export const coalescedRequests = new Histogram({
  name: "guestgraph_ingest_requests_per_transaction",
  help: "Ingest requests (API calls, webhook events) merged into one write transaction of an account",
  buckets: [1, 2, 4, 8, 16, 32, 64, 128],
  registers: [metricsRegistry],
});
