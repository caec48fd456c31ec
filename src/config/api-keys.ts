import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * API keys from GUESTGRAPH_API_KEYS: comma-separated `key:role` or `key:role:acct_a|acct_b` entries.
 * A key is hashed as soon as it is parsed, so the configuration never holds a key in clear and cannot
 * leak one if it is ever printed; error messages name the entry by position, never by its text.
 */

export const roles = ["reader", "investigator", "ingest", "admin"] as const;
export type Role = (typeof roles)[number];

export interface ApiKey {
  /** A short hash of the key: names it in logs without revealing it. */
  id: string;
  /** SHA-256 of the key: what a presented key is compared with, in constant time. */
  digest: Buffer;
  role: Role;
  /** The merchant accounts the key may act for; null means every account. */
  accounts: string[] | null;
}

/**
 * A merchant account id as Stripe writes it (acct_1Nv0FGQ9RKHgCVdK), at most 255 characters like every id
 * GuestGraph keeps: the account is part of every graph key, and an index refuses an overlong key.
 */
export const maxAccountIdLength = 255;
export const accountIdPattern = /^acct_[A-Za-z0-9]{1,250}$/;
// Printable and free of the separators (`,` `:` `|`) and of whitespace, so an entry can be split unambiguously.
const keyPattern = /^[A-Za-z0-9_.~+/=-]+$/;
const minimumKeyLength = 16;

export function keyDigest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

export function apiKey(key: string, role: Role, accounts: string[] | null): ApiKey {
  const digest = keyDigest(key);
  return { id: `key_${digest.toString("hex").slice(0, 10)}`, digest, role, accounts };
}

/** Why a key text is unusable, or null when it is fine. Shared by the variable and the local key file. */
export function keyProblem(key: string): string | null {
  if (key.length < minimumKeyLength) return `the key is shorter than ${minimumKeyLength} characters`;
  if (!keyPattern.test(key)) return "the key holds a character outside A-Z a-z 0-9 _ . ~ + / = -";
  return null;
}

export const apiKeysSchema = z
  .string()
  .optional()
  .transform((value, ctx): ApiKey[] => {
    if (value === undefined) return [];
    const keys: ApiKey[] = [];
    const seen = new Set<string>();
    const entries = value.split(",").map((entry) => entry.trim());
    for (const [index, entry] of entries.entries()) {
      const problem = (message: string) => {
        ctx.addIssue({ code: "custom", message: `entry ${index + 1} of ${entries.length}: ${message}` });
        return z.NEVER;
      };
      const [key = "", role = "", accountList, ...rest] = entry.split(":");
      if (entry === "") return problem("is empty (expected key:role or key:role:acct_a|acct_b)");
      if (rest.length > 0)
        return problem(
          "has more than three ':'-separated parts (expected key:role or key:role:acct_a|acct_b)",
        );
      const keyIssue = keyProblem(key);
      if (keyIssue) return problem(keyIssue);
      if (!roles.includes(role as Role)) return problem(`the role is not one of ${roles.join(", ")}`);
      let accounts: string[] | null = null;
      if (accountList !== undefined) {
        accounts = accountList.split("|");
        if (!accounts.every((account) => accountIdPattern.test(account))) {
          return problem("expected accounts such as acct_a|acct_b after the role");
        }
      }
      const created = apiKey(key, role as Role, accounts);
      if (seen.has(created.id)) return problem("repeats a key given earlier");
      seen.add(created.id);
      keys.push(created);
    }
    return keys;
  });

/**
 * Where the API's keys come from at start-up. A service others can reach (an external Neo4j, or
 * production) must be given keys; a local try-out gets an admin key made for it, as a notebook server makes a token.
 */
export type ApiKeySource =
  | { kind: "configured" }
  | { kind: "local-admin-key" }
  | { kind: "refuse"; message: string };

export function apiKeySource(config: {
  GUESTGRAPH_API_KEYS: ApiKey[];
  NEO4J_URI?: string | undefined;
  NODE_ENV: string;
}): ApiKeySource {
  if (config.GUESTGRAPH_API_KEYS.length > 0) return { kind: "configured" };
  if (!config.NEO4J_URI && config.NODE_ENV !== "production") return { kind: "local-admin-key" };
  const reason = config.NODE_ENV === "production" ? "NODE_ENV is production" : "NEO4J_URI is set";
  return {
    kind: "refuse",
    message: `Invalid configuration: GUESTGRAPH_API_KEYS: required when ${reason} (comma-separated key:role or key:role:acct_a|acct_b; roles: ${roles.join(", ")})`,
  };
}
