import type { Request } from "express";
import { containsCardNumber, maskCardNumbersDeep } from "../domain/card-number-guard.ts";
import { type ApiError, invalidRequest } from "./errors.ts";

/**
 * A card number in a URL (a path segment, a query parameter's name or value) is refused with a 400 that
 * does not repeat it: URLs end up in browser histories, proxies and access logs, so GuestGraph neither
 * looks it up nor echoes it. api-routes.ts asks this of every route before validating; the unknown-URL
 * handler asks it too.
 */
export function cardNumberInUrl(req: Request, params: Record<string, string> = {}): ApiError | null {
  for (const [name, value] of Object.entries(params)) {
    if (containsCardNumber(value)) return refusal(name);
  }
  const inQuery = maskCardNumbersDeep(req.query).redacted[0];
  if (inQuery !== undefined) return refusal(inQuery.split(/[.[]/, 1)[0] ?? null);
  const segments = req.path.split("/").map(safeDecode);
  if (segments.some((segment) => containsCardNumber(segment))) return refusal(null);
  return null;
}

function refusal(param: string | null): ApiError {
  return invalidRequest(
    "card_number_not_allowed",
    "The URL holds a card number. Card numbers must never be sent to GuestGraph: look payments up by their id, the card's fingerprint or its last four digits.",
    param,
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
