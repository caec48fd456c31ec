import express, { type Express } from "express";
import type { Config } from "../config/env.ts";
import { AuditTrail } from "../graph/audit-trail.ts";
import type { Database } from "../graph/database.ts";
import type { Logger } from "../logger.ts";
import { type ApiRoutes, methodNotAllowed } from "./api-routes.ts";
import { auditRequests, auditWebhooks } from "./audit.ts";
import { authenticate } from "./auth.ts";
import { errorHandler, unknownRoute } from "./error-handler.ts";
import { idempotency, offerIdempotency } from "./idempotency.ts";
import { idempotencyStore } from "./idempotency-store.ts";
import { jsonBody } from "./json-body.ts";
import { ApiDocs } from "./openapi.ts";
import { requestLog } from "./request-log.ts";
import { apiKeyRoute } from "./routes/api-key.ts";
import { consoleRoutes } from "./routes/console.ts";
import { docsRoutes } from "./routes/docs.ts";
import { documentHealthRoutes, healthRoutes } from "./routes/health.ts";
import { metricsRoute } from "./routes/metrics.ts";
import { documentStripeWebhooks, stripeWebhookRoutes, webhookPath } from "./routes/stripe-webhooks.ts";
import { v1Routes } from "./routes/v1.ts";
import { crossOrigin, failedAuthenticationLimit, perKeyRateLimit, securityHeaders } from "./security.ts";

export interface AppDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  /** The /v1 endpoints (see api-routes.ts); by default the whole API of routes/v1.ts. */
  routes?: readonly ApiRoutes[];
  /** The built console served at `/` (console/dist by default). */
  consoleDir?: string;
  /** Where every /v1 request is recorded (audit.ts); by default a trail of its own on `db`. */
  audit?: AuditTrail;
}

/** The Express application: routes only wire HTTP to use-cases; no Cypher and no business rules here. */
export function createApp({
  config,
  db,
  logger,
  routes = v1Routes(db),
  consoleDir,
  audit = new AuditTrail(db, logger, { retentionDays: config.GUESTGRAPH_AUDIT_RETENTION_DAYS }),
}: AppDependencies): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "extended"); // `last_payment[gte]=…` arrives as {last_payment: {gte: …}}, as Stripe's clients send it.
  const docs = new ApiDocs();
  documentHealthRoutes(docs);
  const apiKey = apiKeyRoute({
    db,
    keys: config.GUESTGRAPH_API_KEYS,
    defaultAccount: config.GUESTGRAPH_DEFAULT_ACCOUNT,
  });
  apiKey.document(docs);
  documentStripeWebhooks(docs);
  for (const api of routes) api.document?.(docs);

  if (config.GUESTGRAPH_TRUST_PROXY) app.set("trust proxy", trustProxy(config.GUESTGRAPH_TRUST_PROXY));
  app.use(requestLog(logger));
  app.use(securityHeaders());
  const cors = crossOrigin(config.GUESTGRAPH_CORS_ORIGINS);
  if (cors) app.use(cors);

  // Public: no key.
  app.use(healthRoutes(db));
  app.use(docsRoutes(docs));
  app.use(consoleRoutes(consoleDir));
  // Stripe's deliveries: signed, not keyed (see stripe-webhooks.ts).
  app.use(webhookPath, auditWebhooks(audit, config.GUESTGRAPH_DEFAULT_ACCOUNT));
  app.use(
    stripeWebhookRoutes({
      db,
      secrets: config.STRIPE_WEBHOOK_SECRET ?? [],
      defaultAccount: config.GUESTGRAPH_DEFAULT_ACCOUNT,
    }),
  );

  app.use(["/v1", "/metrics"], failedAuthenticationLimit());
  app.use(
    metricsRoute({ keys: config.GUESTGRAPH_API_KEYS, defaultAccount: config.GUESTGRAPH_DEFAULT_ACCOUNT }),
  );

  // The key first, so that a caller without one costs no body parsing and learns nothing about the routes.
  // Before the account is resolved: the console asks it to learn which accounts the key can pick.
  app.use(apiKey.router);
  app.use(
    "/v1",
    authenticate({ keys: config.GUESTGRAPH_API_KEYS, defaultAccount: config.GUESTGRAPH_DEFAULT_ACCOUNT }),
  );
  const rateLimit = perKeyRateLimit(config.GUESTGRAPH_RATE_LIMIT_PER_MINUTE);
  if (rateLimit) app.use("/v1", rateLimit);
  app.use("/v1", auditRequests(audit));
  app.use("/v1", jsonBody);
  // Run by each route after its role check (api-routes.ts), so that a 403 comes first, always.
  app.use("/v1", offerIdempotency(idempotency(idempotencyStore(db), logger, () => db.keyedHasher())));
  for (const api of routes) app.use("/v1", api.router);
  app.use("/v1", methodNotAllowed(routes));

  app.use(unknownRoute);
  app.use(errorHandler(logger));
  return app;
}

/** Express's "trust proxy": a hop count, or the addresses of the proxies whose X-Forwarded-For is believed. */
function trustProxy(setting: string): number | string {
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}
