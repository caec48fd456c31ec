import cors from "cors";
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import { rateLimited } from "../metrics.ts";
import { findRequestContext } from "./auth.ts";
import { ApiError } from "./errors.ts";

/**
 * Security headers for everything served (the API, /docs and the console at /). The content security
 * policy allows only this origin's own scripts, styles, images, fonts and API calls: no inline script,
 * no CDN, no framing. Inline *styles* stay allowed (Swagger UI and component libraries set them; a style
 * cannot run code). HTTPS upgrades are left to the TLS proxy in front, since GuestGraph itself speaks HTTP.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}

/**
 * Cross-origin calls: closed (no Access-Control-* header, so browsers refuse them) unless origins are
 * configured in GUESTGRAPH_CORS_ORIGINS; then those origins may call with the API's own headers.
 */
export function crossOrigin(origins: readonly string[]): RequestHandler | null {
  if (origins.length === 0) return null;
  return cors({
    origin: [...origins],
    methods: ["GET", "POST", "DELETE"],
    allowedHeaders: ["Authorization", "Content-Type", "Stripe-Account", "Idempotency-Key"],
    exposedHeaders: ["Request-Id", "Retry-After", "Idempotent-Replayed", "RateLimit", "RateLimit-Policy"],
    maxAge: 600,
  });
}

/**
 * At most `perMinute` requests a minute per API key (counted by its key id, in this process's memory), so
 * that one runaway client cannot starve the others. Over it: 429 `rate_limit` in the one error shape,
 * with Retry-After, as Stripe answers. Runs after authenticate. 0 turns the limit off.
 */
export function perKeyRateLimit(perMinute: number): RequestHandler | null {
  if (perMinute === 0) return null;
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req) => findRequestContext(req)?.keyId ?? "unauthenticated",
    handler: (req, _res, next) => next(tooManyRequests(req, "This API key sent too many requests.")),
  });
}

/**
 * Failed authentications per client address (600 a minute): guessing keys is hopeless (they are long and
 * random), but a client looping on a wrong key should be slowed, not served at full speed.
 */
export function failedAuthenticationLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: 600,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: (req, _res, next) =>
      next(tooManyRequests(req, "Too many requests with a missing or invalid API key from this address.")),
  });
}

function tooManyRequests(req: Parameters<RequestHandler>[0], message: string): ApiError {
  rateLimited.inc();
  const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
  return new ApiError(429, "invalid_request_error", "rate_limit", `${message} Retry after ${seconds} s.`, {
    headers: { "Retry-After": String(seconds) },
  });
}
