import { createHash, randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { stringify } from "safe-stable-stringify";
import { containsCardNumber } from "../domain/card-number-guard.ts";
import type { Logger } from "../logger.ts";
import { TimeSlicer } from "../time-slice.ts";
import { requestContext } from "./auth.ts";
import { describeError } from "./error-handler.ts";
import { ApiError, invalidRequest } from "./errors.ts";
import type { IdempotencyStore } from "./idempotency-store.ts";
import { requestLogger } from "./request-log.ts";

/**
 * `Idempotency-Key` on POST, as Stripe's: the first answer to a key is stored per (account, key) and a
 * retry with the same key and the same request gets it again, with `Idempotent-Replayed: true`, instead
 * of running twice. The same key with another request → 400 idempotency_error; while the first request
 * still runs → 409. Only successes are stored: a refused or failed request wrote nothing (the project's
 * rule), so its key is let go and a retry, corrected or not, runs afresh. Keys live 24 hours.
 */

export const maxIdempotencyKeyLength = 255; // Stripe's limit.

/**
 * The app's idempotency step, run by each route after its role check (api-routes.ts), never before: a key
 * whose role does not allow the call gets its 403 without learning whether an Idempotency-Key exists.
 */
const steps = new WeakMap<Request, RequestHandler>();

/** Mounted once on /v1 by the app: makes `idempotency(...)` the step `idempotentWrite` runs. */
export function offerIdempotency(step: RequestHandler): RequestHandler {
  return (req, _res, next) => {
    steps.set(req, step);
    next();
  };
}

/** In a route's chain after its role check: runs the app's idempotency step (POST with an Idempotency-Key). */
export const idempotentWrite: RequestHandler = (req, res, next) => {
  const step = steps.get(req);
  if (!step) throw new Error("idempotentWrite ran for a request the app offered no idempotency step");
  return step(req, res, next);
};

/** A hash fed in pieces: node:crypto's Hash or Hmac. */
export interface RequestHasher {
  update(data: string): unknown;
  digest(encoding: "hex"): string;
}

/**
 * Requests are hashed with a key (an HMAC under the erasure key, Database.keyedHasher): a stored hash
 * then confirms nothing about a request's personal data, such as an email erased since, to anyone who
 * hashes guesses. Such hashes are stored as `hmac:<hex>`; a bare hex hash is an unkeyed SHA-256 stored
 * before (kept at most 24 hours), still matched so that a retry across an upgrade replays.
 */
const keyedPrefix = "hmac:";

export function idempotency(
  store: IdempotencyStore,
  logger: Logger,
  keyedHasher: () => RequestHasher,
): RequestHandler {
  return async (req, res, next) => {
    const key = req.get("idempotency-key");
    if (req.method !== "POST" || key === undefined) {
      next();
      return;
    }
    if (key.trim() === "" || key.length > maxIdempotencyKeyLength) {
      throw invalidRequest(
        "idempotency_key_invalid",
        `The Idempotency-Key header must hold 1 to ${maxIdempotencyKeyLength} characters.`,
      );
    }
    if (containsCardNumber(key)) {
      // The key is stored (24 hours) to answer retries: one holding a card number is refused, unrepeated.
      throw invalidRequest(
        "card_number_not_allowed",
        "The Idempotency-Key header holds a card number. Card numbers must never be sent to GuestGraph: use a random key such as a UUID.",
      );
    }
    const { account } = requestContext(req);
    const requestHash = `${keyedPrefix}${await hashRequest(req, keyedHasher())}`;
    const claimToken = randomUUID();

    const claim = await store.claim(account, key, requestHash, claimToken);
    if (!claim.claimed) {
      const sameRequest = claim.requestHash.startsWith(keyedPrefix)
        ? claim.requestHash === requestHash
        : claim.requestHash === (await hashRequest(req, createHash("sha256")));
      if (!sameRequest) {
        throw new ApiError(
          400,
          "idempotency_error",
          "idempotency_key_mismatch",
          "Keys for idempotent requests can only be used with the same method, path and parameters they were first used with. Use a new key for a different request.",
        );
      }
      if (claim.response === null) {
        throw new ApiError(
          409,
          "idempotency_error",
          "idempotency_key_in_use",
          "Another request with this Idempotency-Key is still in progress. Retry once it has completed.",
        );
      }
      res
        .status(claim.response.status)
        .set("Idempotent-Replayed", "true")
        .type("application/json")
        .send(claim.response.body);
      return;
    }

    storeResponseBeforeSending(res, {
      save: (status, body) => store.saveResponse(account, key, claimToken, status, body),
      release: () => store.release(account, key, claimToken),
      afterSave: () => store.deleteExpired(account),
      logger: requestLogger(req) ?? logger,
    });
    next();
  };
}

/**
 * Wraps `res.json` so the answer is stored (or the key let go) before it leaves: a client that retries
 * the instant it sees a response must find the stored one, never a request "still in progress".
 */
function storeResponseBeforeSending(
  res: Response,
  actions: {
    save(status: number, body: string): Promise<boolean>;
    release(): Promise<void>;
    afterSave(): Promise<unknown>;
    logger: Logger;
  },
): void {
  const sendJson = res.json.bind(res);
  let settled = false;
  const logFailure = (what: string) => (error: unknown) =>
    actions.logger.error({ error: describeError(error) }, what);

  res.json = (body: unknown) => {
    if (settled) return sendJson(body);
    settled = true;
    const status = res.statusCode;
    const recorded =
      status < 400
        ? actions.save(status, JSON.stringify(body)).then(() => {
            void actions.afterSave().catch(logFailure("could not delete expired idempotency keys"));
          })
        : actions.release();
    recorded
      .catch((error: unknown) => {
        logFailure("could not record the response of an idempotent request")(error);
        // Let the key go rather than answer 409 to every retry until the claim is abandoned.
        return actions.release().catch(logFailure("could not release an idempotency key"));
      })
      .finally(() => sendJson(body));
    return res;
  };

  // A response that bypassed res.json (res.end, res.sendStatus) stored nothing: let the key go.
  res.on("finish", () => {
    if (settled) return;
    settled = true;
    void actions.release().catch(logFailure("could not release an idempotency key"));
  });
}

/**
 * Method, path, query and body, with keys sorted so that the same JSON written in another order matches.
 * A batch's items are written one by one, giving the event loop its turns: a 10 MB body hashed in one go
 * would hold every other request up (the body's bounds are json-layout.ts's, so each item is small).
 */
export async function hashRequest(
  req: Pick<Request, "method" | "originalUrl" | "query" | "body">,
  hash: RequestHasher,
): Promise<string> {
  const path = req.originalUrl.split("?")[0];
  hash.update(stringify({ method: req.method, path, query: req.query }) ?? "");
  const body: unknown = req.body ?? null;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    hash.update(stringify(body) ?? "");
    return hash.digest("hex");
  }
  const slicer = new TimeSlicer();
  hash.update("{");
  for (const key of Object.keys(body).sort()) {
    const value = (body as Record<string, unknown>)[key];
    hash.update(`${JSON.stringify(key)}:`);
    if (Array.isArray(value)) {
      hash.update("[");
      for (const item of value) {
        await slicer.pause();
        hash.update(`${stringify(item) ?? "null"},`);
      }
      hash.update("],");
    } else {
      hash.update(`${stringify(value) ?? "null"},`);
    }
  }
  hash.update("}");
  return hash.digest("hex");
}
