import type { Request } from "express";
import type { z } from "zod";
import { type ApiError, invalidRequest } from "./errors.ts";
import { type ParamLocation, paramName } from "./param-name.ts";

/**
 * Request validation: zod schemas in, a 400 naming the offending parameter out. Route handlers call
 * these (or let api-routes.ts call them) instead of `schema.parse`, so that every client mistake
 * becomes the same Stripe-style answer and its `param` is spelt the way the client sent it.
 */

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parseRequestPart(schema, req.query, "query");
}

export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  // No body at all reads as an empty object, so a missing field is reported by name rather than "expected object".
  return parseRequestPart(schema, req.body ?? {}, "body");
}

export function parsePathParams<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parseRequestPart(schema, req.params, "path");
}

export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: ParamLocation,
): z.output<S> {
  // JSON bodies are checked for this as they are parsed (json-body.ts); query and path values here.
  if (location !== "body") refuseUnsafeText(input, location);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(result.error, location, { input });
}

/**
 * The first issue of a failed parse as one ApiError (Stripe reports one problem at a time). A schema can
 * choose the error code of a custom issue with `params: {code: "..."}`, e.g. parameters_exclusive.
 * Without the parsed input (a ZodError thrown from elsewhere), a missing value is reported as invalid.
 */
export function validationError(
  error: z.ZodError,
  location: ParamLocation,
  parsed?: { input: unknown },
): ApiError {
  const issue = error.issues[0];
  if (!issue) return invalidRequest("parameter_invalid", "The request is invalid.");

  if (issue.code === "unrecognized_keys") {
    const param = paramName([...issue.path, issue.keys[0] ?? ""], location);
    return invalidRequest("parameter_unknown", `Received unknown parameter: ${param}.`, param);
  }

  const param = paramName(issue.path, location);
  const where = param ?? (location === "body" ? "request body" : `${location} parameters`);
  if (
    issue.code === "invalid_type" &&
    parsed &&
    valueAt(parsed.input, issue.path) === undefined &&
    param !== null
  ) {
    return invalidRequest("parameter_missing", `Missing required param: ${param}.`, param);
  }
  if (issue.code === "custom") {
    // A custom rule's message is written for people already; its code may be chosen by the schema.
    const code = typeof issue.params?.code === "string" ? issue.params.code : "parameter_invalid";
    return invalidRequest(code, issue.message, param);
  }
  return invalidRequest("parameter_invalid", `Invalid ${where}: ${lowerFirst(issue.message)}.`, param);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * A NUL or a lone surrogate (%00, or an unpaired \ud800 from the query parser) is no text any parameter
 * may hold: 400 naming the parameter. Query values are bounded by the parser (5 levels, 1,000 parameters).
 */
function refuseUnsafeText(input: unknown, location: ParamLocation): void {
  const stack: [unknown, PropertyKey[]][] = [[input, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, PropertyKey[]];
    if (typeof value === "string") {
      if (value.includes("\u0000") || !value.isWellFormed()) {
        const param = paramName(path, location);
        throw invalidRequest(
          "parameter_invalid",
          `Invalid ${param ?? `${location} parameters`}: it holds a NUL character or a lone surrogate, which is not text.`,
          param,
        );
      }
    } else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key.includes("\u0000") || !key.isWellFormed()) {
          throw invalidRequest(
            "parameter_invalid",
            `A ${location} parameter's name holds a NUL character or a lone surrogate.`,
          );
        }
        stack.push([inner, [...path, Array.isArray(value) ? Number(key) : key]]);
      }
    }
  }
}
