import neo4j from "neo4j-driver";
import { cypher } from "../graph/cypher.ts";
import type { Database } from "../graph/database.ts";

/** Idempotency-Key records in Neo4j, as (:IdempotencyKey {account, key, requestHash, status, body, createdAt}). */

/** Stripe keeps a key's result for 24 hours; so does GuestGraph. */
export const idempotencyKeyTtlSeconds = 24 * 60 * 60;
/** A claim left unanswered this long belongs to a process that died; no request of this API runs so long. */
export const abandonedClaimSeconds = 10 * 60;

export type ClaimResult =
  | { claimed: true }
  | { claimed: false; requestHash: string; response: { status: number; body: string } | null };

export interface IdempotencyStore {
  claim(account: string, key: string, requestHash: string, claimToken: string): Promise<ClaimResult>;
  saveResponse(
    account: string,
    key: string,
    claimToken: string,
    status: number,
    body: string,
  ): Promise<boolean>;
  release(account: string, key: string, claimToken: string): Promise<void>;
  deleteExpired(account: string): Promise<number>;
}

export function idempotencyStore(db: Database): IdempotencyStore {
  return {
    async claim(account, key, requestHash, claimToken) {
      const [row] = await db.write<{
        claimed: boolean;
        requestHash: string;
        status: number | null;
        body: string | null;
      }>(cypher("idempotency/claim"), {
        account,
        key,
        requestHash,
        claim: claimToken,
        ttlSeconds: idempotencyKeyTtlSeconds,
        staleSeconds: abandonedClaimSeconds,
      });
      if (!row) throw new Error("idempotency/claim returned no row");
      if (row.claimed) return { claimed: true };
      const response =
        row.status === null || row.body === null ? null : { status: row.status, body: row.body };
      return { claimed: false, requestHash: row.requestHash, response };
    },

    async saveResponse(account, key, claimToken, status, body) {
      const [row] = await db.write<{ saved: number }>(cypher("idempotency/save-response"), {
        account,
        key,
        claim: claimToken,
        status: neo4j.int(status),
        body,
      });
      return (row?.saved ?? 0) > 0;
    },

    async release(account, key, claimToken) {
      await db.write(cypher("idempotency/release"), { account, key, claim: claimToken });
    },

    async deleteExpired(account) {
      const [row] = await db.write<{ deleted: number }>(cypher("idempotency/delete-expired"), {
        account,
        ttlSeconds: idempotencyKeyTtlSeconds,
        batch: neo4j.int(100),
      });
      return row?.deleted ?? 0;
    },
  };
}
