import type { Request, RequestHandler } from "express";
import type { Logger } from "../logger.ts";
import { findRequestContext } from "./auth.ts";

/**
 * One log line per request: method, route pattern, status, duration and key id. Never the path as sent,
 * the query string, the body or the Authorization header: each can hold an API key or personal data.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on("finish", () => {
      logger.info(
        {
          method: req.method,
          route: routeOf(req),
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          keyId: findRequestContext(req)?.keyId,
        },
        "request",
      );
    });
    next();
  };
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
