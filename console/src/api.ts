import type { ApiErrorBody } from "./api-types.ts";

/** A refused or failed API call, with the API's error fields (Stripe's shape). */
export class ApiFailure extends Error {
  override name = "ApiFailure";
  readonly status: number;
  readonly code: string | null;
  readonly param: string | null;

  constructor(status: number, message: string, code: string | null = null, param: string | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

export interface Credentials {
  key: string;
  /** Sent as Stripe-Account; null sends none (the service's default account). */
  account: string | null;
}

/**
 * GET an API path with the key as a Bearer token (a header: never in a URL, so it reaches no history,
 * log or Referer) and the account as Stripe-Account. Answers the JSON, or throws an ApiFailure.
 */
export async function apiGet<T>(path: string, credentials: Credentials, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${credentials.key}`,
    Accept: "application/json",
  };
  if (credentials.account) headers["Stripe-Account"] = credentials.account;
  let response: Response;
  try {
    response = await fetch(path, { headers, signal: signal ?? null, credentials: "omit", cache: "no-store" });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiFailure(0, "The GuestGraph service did not answer: is it running?");
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as ApiErrorBody | undefined)?.error;
    throw new ApiFailure(
      response.status,
      error?.message ?? `The service answered ${response.status} ${response.statusText}.`,
      error?.code ?? null,
      error?.param ?? null,
    );
  }
  if (body === undefined) throw new ApiFailure(response.status, "The service's answer was not JSON.");
  return body as T;
}

/** A query string from the values that are set (undefined, null and "" left out). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
