import { z } from "zod";
import { maskCardNumbers } from "../domain/card-number-guard.ts";

/**
 * The API's one error shape, as Stripe's: `{error: {type, code, message, param}}`, every key present
 * (null when it does not apply) so that clients can switch on `type` and `code` without guarding.
 *
 * Codes used by the framework (route modules may add their own, in the same snake_case style):
 *   400 invalid_request_error  parameter_invalid, parameter_missing, parameter_unknown, parameters_exclusive,
 *                              card_number_not_allowed (a card number in the URL: a path segment or query parameter),
 *                              json_invalid (the body is not JSON), account_invalid (a malformed Stripe-Account),
 *                              idempotency_key_invalid (a malformed Idempotency-Key),
 *                              resource_missing (a starting_after/ending_before naming no object of the list),
 *                              request_invalid (the body could not be read, e.g. an aborted upload)
 *   400 idempotency_error      idempotency_key_mismatch (the key was used with another request)
 *   401 authentication_error   api_key_missing, api_key_invalid
 *   403 permission_error       insufficient_permissions (the key's role), account_forbidden (the Stripe-Account)
 *   404 invalid_request_error  resource_missing (an unknown object or URL)
 *   405 invalid_request_error  method_not_allowed
 *   409 idempotency_error      idempotency_key_in_use (a request with the same key is still running)
 *   409 invalid_request_error  payment_conflict (a payment's amount, currency or created differ from a copy already received)
 *   413 invalid_request_error  body_too_large
 *   415 invalid_request_error  content_type_unsupported
 *   429 invalid_request_error  rate_limit (too many requests for the key; Retry-After says when to try again)
 *   500 api_error              null (the details are in the log, never in the answer)
 *   503 api_error              neo4j_unavailable (Neo4j does not answer), query_timeout (a query ran past
 *                              NEO4J_QUERY_TIMEOUT_MS); both with Retry-After, nothing half-written
 */

export const errorTypes = [
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "idempotency_error",
  "api_error",
] as const;
export type ErrorType = (typeof errorTypes)[number];

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string | null;
  readonly param: string | null;
  /** Extra response headers, such as WWW-Authenticate on a 401 or Allow on a 405. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    type: ErrorType,
    code: string | null,
    message: string,
    options: { param?: string | null; headers?: Record<string, string> } = {},
  ) {
    // Messages and params can quote what the client sent (an unknown parameter's name, a URL): a card
    // number in them is masked here, once for every error of every route.
    super(maskCardNumbers(message));
    this.status = status;
    this.type = type;
    this.code = code;
    this.param =
      options.param === null || options.param === undefined ? null : maskCardNumbers(options.param);
    this.headers = options.headers ?? {};
  }

  toJSON(): ErrorBody {
    return { error: { type: this.type, code: this.code, message: this.message, param: this.param } };
  }
}

export interface ErrorBody {
  error: { type: ErrorType; code: string | null; message: string; param: string | null };
}

/** A 400 naming the offending parameter: the most common answer to a client's mistake. */
export function invalidRequest(code: string, message: string, param: string | null = null): ApiError {
  return new ApiError(400, "invalid_request_error", code, message, { param });
}

/** A 404 for an object that is not there, or not in an account the key can see: the two look alike on purpose. */
export function resourceMissing(message: string, param: string | null = null): ApiError {
  return new ApiError(404, "invalid_request_error", "resource_missing", message, { param });
}

export function internalError(): ApiError {
  return new ApiError(
    500,
    "api_error",
    null,
    "Something went wrong on GuestGraph's side. The error is logged; retrying may help.",
  );
}

/** Neo4j is away or too slow: nothing was (half) written, and the same request may be retried after `Retry-After`. */
export function serviceUnavailable(reason: "unreachable" | "timeout"): ApiError {
  return reason === "unreachable"
    ? new ApiError(
        503,
        "api_error",
        "neo4j_unavailable",
        "GuestGraph's database is not reachable right now. Retry after the Retry-After delay; nothing of this request was half-written.",
        { headers: { "Retry-After": "1" } },
      )
    : new ApiError(
        503,
        "api_error",
        "query_timeout",
        "The database took too long to answer this request and it was stopped. Retry after the Retry-After delay; nothing of it was half-written.",
        { headers: { "Retry-After": "1" } },
      );
}

/** The error shape as a zod schema, for the OpenAPI document. */
export const errorBodySchema = z.object({
  error: z.object({
    type: z.enum(errorTypes),
    code: z
      .string()
      .nullable()
      .meta({ description: "A short string naming the error, for programs", example: "parameter_invalid" }),
    message: z.string().meta({ description: "What went wrong, for people" }),
    param: z.string().nullable().meta({
      description:
        "The parameter at fault, in Stripe's form (`limit`, `last_payment[gte]`, `data[3].amount`)",
    }),
  }),
});
