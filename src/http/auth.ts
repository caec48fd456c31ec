import { timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import {
  type ApiKey,
  accountIdPattern,
  keyDigest,
  maxAccountIdLength,
  type Role,
  roles,
} from "../config/api-keys.ts";
import { containsCardNumber } from "../domain/card-number-guard.ts";
import { ApiError } from "./errors.ts";

/**
 * Who is calling and for which merchant account. `authenticate` runs before every /v1 route: it finds
 * the API key (401 when missing or unknown) and the account (`Stripe-Account`, else the configured
 * default, or the key's one account when it has exactly one). Each route then states the role it needs with
 * `requireRole` (403 otherwise).
 *
 * Accounts: a key limited to some accounts that names another one in Stripe-Account gets 403
 * permission_error `account_forbidden`, as Stripe answers for an account a key has no access to. The
 * answer depends only on the key's own list, so it tells nothing about what other accounts hold. Objects
 * are another matter: every query is scoped to the request's account, so an object of an account the key
 * cannot see is simply not found, and its answer (404 resource_missing) is that of an object that does not exist.
 */

export interface RequestContext {
  /** The merchant account every query of this request is scoped to. */
  account: string;
  role: Role;
  /** A short hash naming the key in logs; never the key. */
  keyId: string;
}

/** What each role may do: an investigator reads too; ingest only writes; admin does everything. */
const rolesGranted: Record<Role, readonly Role[]> = {
  reader: ["reader"],
  investigator: ["reader", "investigator"],
  ingest: ["ingest"],
  admin: roles,
};

export function roleAllows(held: Role, required: Role): boolean {
  return rolesGranted[held].includes(required);
}

interface Caller {
  context: RequestContext;
  /** Set when the key may not act for the account: the 403 that any use of the context answers. */
  forbidden: ApiError | null;
}

// Kept beside the request rather than on it: typed, and without augmenting Express's global types.
const callers = new WeakMap<Request, Caller>();

/**
 * The caller of an authenticated request. Throws 403 account_forbidden when the key may not act for the
 * request's account, so that no route (one of routes.add, or a plain router) can read the account without
 * that check; a URL that no route answers never asks, and stays a 404 for any valid key.
 * Calling it on a route outside /v1 is a programming error.
 */
export function requestContext(req: Request): RequestContext {
  const caller = callers.get(req);
  if (!caller) throw new Error("requestContext() was called for a request that did not pass authenticate()");
  if (caller.forbidden) throw caller.forbidden;
  return caller.context;
}

/** The caller if the request was authenticated (for logs, which also see public and refused requests). */
export function findRequestContext(req: Request): RequestContext | undefined {
  return callers.get(req)?.context;
}

export function authenticate(options: { keys: readonly ApiKey[]; defaultAccount: string }): RequestHandler {
  return (req, _res, next) => {
    const authorization = req.get("authorization");
    if (!authorization) {
      throw unauthenticated(
        "api_key_missing",
        "You did not provide an API key. Send it as `Authorization: Bearer <key>`.",
      );
    }
    const key = identifyKey(options.keys, authorization);

    // One check of the header, for every method and route, before anything (idempotency, a query) uses it.
    const header = req.get("stripe-account");
    if (header !== undefined && (!accountIdPattern.test(header) || containsCardNumber(header))) {
      // An account id is stored on every node of the account: one holding a card number is no account id.
      throw new ApiError(
        400,
        "invalid_request_error",
        "account_invalid",
        `The Stripe-Account header is not an account id such as acct_1Nv0FGQ9RKHgCVdK (acct_ and letters or digits, at most ${maxAccountIdLength} characters).`,
        { param: "Stripe-Account" },
      );
    }
    // A key for exactly one account acts for it without naming it, as a Stripe key belongs to its account.
    const onlyAccount = key.accounts?.length === 1 ? key.accounts[0] : undefined;
    const account = header ?? onlyAccount ?? options.defaultAccount;
    let forbidden: ApiError | null = null;
    if (key.accounts !== null && !key.accounts.includes(account)) {
      const hint =
        header === undefined
          ? " (the default account: name one of the key's accounts in the Stripe-Account header)"
          : "";
      forbidden = new ApiError(
        403,
        "permission_error",
        "account_forbidden",
        `This API key cannot act for account ${account}${hint}.`,
      );
    }
    callers.set(req, { context: { account, role: key.role, keyId: key.id }, forbidden });
    next();
  };
}

/**
 * The configured key an Authorization header presents (401 when it is malformed or unknown). Shared by
 * authenticate and GET /v1/api_key, which answers before any account is chosen.
 */
export function identifyKey(keys: readonly ApiKey[], authorization: string): ApiKey {
  const presented = presentedKey(authorization);
  if (presented === null) {
    throw unauthenticated("api_key_invalid", "The Authorization header is not of the form `Bearer <key>`.");
  }
  const key = findKey(keys, presented);
  if (!key) throw unauthenticated("api_key_invalid", "Invalid API key provided.");
  return key;
}

/** A route's permission: e.g. `router.get("/guests", requireRole("reader"), handler)`. */
export function requireRole(required: Role): RequestHandler {
  const allowed = roles.filter((role) => roleAllows(role, required));
  return (req, _res, next) => {
    const { role } = requestContext(req);
    if (!roleAllows(role, required)) {
      throw new ApiError(
        403,
        "permission_error",
        "insufficient_permissions",
        `This API key's role (${role}) does not allow this request; it needs one of: ${allowed.join(", ")}.`,
      );
    }
    next();
  };
}

/** `Bearer <key>`, or Stripe's other form, Basic auth with the key as user name (`curl -u key:`). */
function presentedKey(authorization: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization);
  if (basic?.[1]) {
    const user = Buffer.from(basic[1], "base64").toString("utf8").split(":")[0];
    return user || null;
  }
  return null;
}

/**
 * Compares SHA-256 digests (equal lengths whatever was sent) with timingSafeEqual, against every
 * configured key without stopping early, so the time taken says nothing about how close a guess was.
 */
function findKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const digest = keyDigest(presented);
  let found: ApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, digest) && found === undefined) found = key;
  }
  return found;
}

export function unauthenticated(code: string, message: string): ApiError {
  return new ApiError(401, "authentication_error", code, message, {
    headers: { "WWW-Authenticate": 'Bearer realm="GuestGraph"' },
  });
}
