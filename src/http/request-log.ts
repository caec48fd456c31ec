import { randomBytes } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { Logger } from "../logger.ts";
import { httpRequestDuration } from "../metrics.ts";
import { findRequestContext } from "./auth.ts";

/**
 * Every request gets an id (`req_…`, as Stripe's), echoed in the `Request-Id` response header and carried by
 * every log line written for the request (`requestId`), so that a client's report leads to its log lines.
 * Then one log line per request: method, route pattern, status, duration and key id. Never the path as
 * sent, the query string, the body or the Authorization header: each can hold an API key or personal data.
 * The same numbers feed the latency histogram of /metrics.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const id = newRequestId();
    const log = logger.child({ requestId: id });
    requestIds.set(req, id);
    loggers.set(req, log);
    res.setHeader("Request-Id", id);
    res.on("finish", () => {
      const route = routeOf(req);
      const ms = performance.now() - started;
      httpRequestDuration.observe(
        { method: req.method, route: route ?? "unmatched", status: String(res.statusCode) },
        ms / 1000,
      );
      log.info(
        {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(ms),
          keyId: findRequestContext(req)?.keyId,
        },
        "request",
      );
    });
    next();
  };
}

const requestIds = new WeakMap<Request, string>();
const loggers = new WeakMap<Request, Logger>();

function newRequestId(): string {
  return `req_${randomBytes(12).toString("base64url")}`;
}

/** The request's id (`req_…`), as sent in its Request-Id header. */
export function requestIdOf(req: Request): string | undefined {
  return requestIds.get(req);
}

/** The logger for anything written about this request: each line carries its requestId. */
export function requestLogger(req: Request): Logger | undefined {
  return loggers.get(req);
}

const matchedRoutes = new WeakMap<Request, string>();

/** Records the pattern a request matched (`/v1/guests/:id`), since Express forgets the mount path once a router is left. */
export function noteRoute(req: Request, pattern: string): void {
  matchedRoutes.set(req, pattern);
}

/** The route pattern the request matched, or null when no route did (a 404, or a request refused before routing). */
export function routeOf(req: Request): string | null {
  const noted = matchedRoutes.get(req);
  if (noted) return noted;
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === "string" ? `${req.baseUrl}${path}` : null;
}
