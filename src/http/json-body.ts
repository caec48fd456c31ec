import express, { type RequestHandler } from "express";
import { TimeSlicer } from "../time-slice.ts";
import { ApiError, invalidRequest } from "./errors.ts";
import { JsonBodyError, type Span, scanJsonLayout } from "./json-layout.ts";
import { paramName } from "./param-name.ts";

/**
 * JSON request bodies. The limit fits POST /payments at its 1,000-payment maximum: a Stripe Charge with
 * its card details, outcome and metadata is a few kilobytes, so 1,000 of them stay well under 10 MB.
 *
 * Any 10 MB body must be answered without stalling other requests, so the body is not handed to one
 * JSON.parse (which takes most of a second over 10 MB of empty objects, on the event loop): its layout is
 * read first, linearly and within bounds (json-layout.ts), then it is parsed payment by payment, giving the
 * event loop back between pieces. Each piece is checked for text no field may hold (a NUL, a lone surrogate,
 * a key such as `__proto__`) before any route sees it.
 */
export const maxBodySize = "10mb";

const jsonTypes = ["application/json", "application/*+json"];

/** A body in anything but JSON is refused with 415 rather than silently read as empty. */
const requireJsonContentType: RequestHandler = (req, _res, next) => {
  if (hasBody(req.headers) && !req.is(jsonTypes)) {
    const given = req.headers["content-type"]
      ? `Content-Type ${req.headers["content-type"].split(";")[0]}`
      : "no Content-Type";
    next(
      new ApiError(
        415,
        "invalid_request_error",
        "content_type_unsupported",
        `The request body has ${given}: send JSON with Content-Type: application/json.`,
      ),
    );
    return;
  }
  next();
};

/** JSON is UTF-8 (RFC 8259); a body declared in another charset is refused rather than misread. */
const requireUtf8: RequestHandler = (req, _res, next) => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers["content-type"] ?? "")?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    next(
      new ApiError(
        415,
        "invalid_request_error",
        "content_type_unsupported",
        "Send the body as UTF-8 JSON (Content-Type: application/json).",
      ),
    );
    return;
  }
  next();
};

const readBytes = express.raw({ limit: maxBodySize, type: jsonTypes });

const parseJson: RequestHandler = async (req, _res, next) => {
  if (!Buffer.isBuffer(req.body)) {
    next();
    return;
  }
  try {
    req.body = await parseJsonBody(req.body);
  } catch (error) {
    if (error instanceof JsonBodyError) throw invalidRequest(error.code, error.message, error.param);
    throw error;
  }
  next();
};

export const jsonBody: RequestHandler[] = [requireJsonContentType, requireUtf8, readBytes, parseJson];

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return (
    headers["transfer-encoding"] !== undefined ||
    (headers["content-length"] !== undefined && headers["content-length"] !== "0")
  );
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The body's value, parsed piece by piece within jsonBodyLimits, or a JsonBodyError naming the field at
 * fault. An empty body reads as `{}` (as body-parser's), so a missing field is reported by name.
 */
export async function parseJsonBody(bytes: Uint8Array, slicer = new TimeSlicer()): Promise<unknown> {
  if (bytes.length === 0) return {};
  const layout = await scanJsonLayout(bytes, slicer);
  if (layout.kind === "whole") return checkedPiece(bytes, [0, bytes.length], []);

  const body: Record<string, unknown> = {};
  for (const member of layout.members) {
    const key = parsePiece(bytes, member.key) as string;
    let value: unknown;
    if (member.elements) {
      const items: unknown[] = [];
      for (const element of member.elements) {
        await slicer.pause();
        items.push(checkedPiece(bytes, element, [key, items.length]));
      }
      value = items;
    } else {
      value = checkedPiece(bytes, member.value, [key]);
    }
    const problem = keyProblem(key);
    if (problem) throw fieldProblem([key], problem);
    body[key] = value; // never __proto__ (keyProblem), so this is an own property as JSON.parse makes it
  }
  return body;
}

function parsePiece(bytes: Uint8Array, span: Span): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(span[0], span[1]));
  } catch {
    throw new JsonBodyError("json_invalid", "The request body is not valid UTF-8.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new JsonBodyError("json_invalid", "The request body is not valid JSON.");
  }
}

function checkedPiece(bytes: Uint8Array, span: Span, at: PropertyKey[]): unknown {
  const value = parsePiece(bytes, span);
  const found = findUnsafeText(value);
  if (found) throw fieldProblem([...at, ...found.path], found.problem);
  return value;
}

function fieldProblem(path: PropertyKey[], problem: string): JsonBodyError {
  const param = paramName(path, "body");
  return new JsonBodyError("parameter_invalid", `Invalid ${param ?? "request body"}: ${problem}.`, param);
}

/** Keys that would reach an object's prototype rather than be data (JSON.parse keeps them as plain keys). */
const reservedKeys = new Set(["__proto__", "constructor", "prototype"]);

function keyProblem(key: string): string | null {
  if (reservedKeys.has(key)) return "__proto__, constructor and prototype are not allowed as keys";
  return textProblem(key);
}

function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "it holds a NUL character (\\u0000)";
  if (!text.isWellFormed())
    return "it holds a lone surrogate (\\ud800-\\udfff without its pair), which is not text";
  return null;
}

/**
 * The first key or string in a parsed piece that no field may hold, with its path. Iterative: the piece's
 * depth is bounded already, but nothing here needs the call stack. The common case (nothing found) walks
 * with a plain stack; only a piece with a problem is walked again to say where.
 */
function findUnsafeText(root: unknown): { path: PropertyKey[]; problem: string } | null {
  return hasUnsafeText(root) ? locateUnsafeText(root, []) : null;
}

function hasUnsafeText(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (textProblem(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === "object") {
      for (const key in value) {
        if (keyProblem(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

function locateUnsafeText(
  value: unknown,
  path: PropertyKey[],
): { path: PropertyKey[]; problem: string } | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (value === null || typeof value !== "object") return null;
  const entries: [PropertyKey, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
  for (const [key, item] of entries) {
    const problem = typeof key === "string" ? keyProblem(key) : null;
    if (problem) return { path: [...path, key], problem };
    // Recursion is bounded here: the piece is at most jsonBodyLimits.maxDepth levels deep.
    const found = locateUnsafeText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}
