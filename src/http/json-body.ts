import express, { type RequestHandler } from "express";
import { ApiError } from "./errors.ts";

/**
 * JSON request bodies. The limit fits POST /payments at its 1,000-payment maximum: a Stripe Charge with
 * its card details, outcome and metadata is a few kilobytes, so 1,000 of them stay well under 10 MB.
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

const parseJson = express.json({ limit: maxBodySize, type: jsonTypes, strict: true });

export const jsonBody: RequestHandler[] = [requireJsonContentType, parseJson];

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return (
    headers["transfer-encoding"] !== undefined ||
    (headers["content-length"] !== undefined && headers["content-length"] !== "0")
  );
}
