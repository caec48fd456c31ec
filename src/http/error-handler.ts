import type { ErrorRequestHandler, RequestHandler } from "express";
import { z } from "zod";
import { Neo4jUnavailableError } from "../graph/availability.ts";
import type { Logger } from "../logger.ts";
import { cardNumberInUrl } from "./card-numbers-in-url.ts";
import { ApiError, internalError, serviceUnavailable } from "./errors.ts";
import { maxBodySize } from "./json-body.ts";
import { requestLogger, routeOf } from "./request-log.ts";
import { validationError } from "./validation.ts";

/** Any path no router answered: Stripe's "Unrecognized request URL", as a 404 of the one error shape. */
export const unknownRoute: RequestHandler = (req, _res, next) => {
  const cardNumber = cardNumberInUrl(req);
  if (cardNumber) {
    next(cardNumber);
    return;
  }
  const path = req.originalUrl.split("?")[0];
  next(
    new ApiError(
      404,
      "invalid_request_error",
      "resource_missing",
      `Unrecognized request URL (${req.method}: ${path}).`,
    ),
  );
};

/**
 * The last middleware: renders every error in the one shape. A client's mistake is a 4xx, whatever
 * raised it; anything unexpected is a 500 with a generic message, and only that is logged.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error); // Too late for a JSON answer: Express closes the connection.
      return;
    }
    const apiError = toApiError(error);
    const log = requestLogger(req) ?? logger;
    if (apiError.code === "query_timeout") {
      log.warn(
        { method: req.method, route: routeOf(req) },
        "a Neo4j transaction ran past its timeout: answered 503",
      );
    } else if (apiError.status >= 500 && apiError.code !== "neo4j_unavailable") {
      // (While Neo4j is away its outage is logged once, by the service; each 503 is in the request log.)
      log.error({ method: req.method, route: routeOf(req), error: describeError(error) }, "unexpected error");
    }
    res.status(apiError.status).set(apiError.headers).json(apiError.toJSON());
  };
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Neo4jUnavailableError) return serviceUnavailable(error.reason);
  // Prefer parseQuery/parseBody, which know where the value came from; a bare ZodError is taken to be about the body.
  if (error instanceof z.ZodError) return validationError(error, "body");
  const bodyError = fromBodyParser(error);
  if (bodyError) return bodyError;
  return internalError();
}

/** body-parser's errors carry a `type` naming what went wrong while reading the body. */
function fromBodyParser(error: unknown): ApiError | null {
  if (typeof error !== "object" || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  switch (type) {
    case "entity.parse.failed":
      return new ApiError(
        400,
        "invalid_request_error",
        "json_invalid",
        "The request body is not valid JSON.",
      );
    case "entity.too.large":
      return new ApiError(
        413,
        "invalid_request_error",
        "body_too_large",
        `The request body is larger than the ${maxBodySize} limit: send fewer items per request.`,
      );
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError(
        415,
        "invalid_request_error",
        "content_type_unsupported",
        "Send the body as UTF-8 JSON (Content-Type: application/json).",
      );
  }
  // Any other error that says it is the client's (http-errors with a 4xx status, e.g. an aborted upload).
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new ApiError(status, "invalid_request_error", "request_invalid", "The request could not be read.");
  }
  return null;
}

/**
 * What the log keeps of an unexpected error: its class, code and stack frames. Not its message, which can
 * quote data (a Neo4j constraint error quotes the property values it clashed on).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { kind: typeof error };
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(typeof code === "string" ? { code } : {}),
    stack: frames.map((line) => line.trim()),
  };
}
