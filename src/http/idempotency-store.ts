import neo4j from "neo4j-driver";
import { Neo4jUnavailableError } from "../graph/availability.ts";
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
  /** Deletes the account's records whose stored response holds one of these values (an erasure's); answers how many. */
  deleteResponsesHolding(account: string, values: string[]): Promise<number>;
}

/** Records an erasure's clean-up reads per transaction. */
const holdingBatch = 500;

/**
 * Lets a claim go in the background, however long Neo4j is away: while it is unreachable the next try
 * waits for it to answer again (the availability probe); other failures (a timeout) are tried again after
 * 0.5, 1, 2 … 64 s, after which the claim is left to be abandoned.
 */
function retryInBackground(db: Database, work: () => Promise<unknown>, attempt = 0): void {
  if (attempt >= 8) return;
  const again = () => {
    work().catch((error: unknown) =>
      retryInBackground(
        db,
        work,
        error instanceof Neo4jUnavailableError && error.reason === "unreachable" ? attempt : attempt + 1,
      ),
    );
  };
  if (db.availability.state === "down") db.availability.once("up", again);
  else setTimeout(again, 500 * 2 ** attempt).unref();
}

export function idempotencyStore(db: Database): IdempotencyStore {
  return {
    async claim(account, key, requestHash, claimToken) {
      const claim = db.write<{
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
      // A claim whose answer was lost (Neo4j went away as it committed) may hold the key: let it go once Neo4j is back.
      const [row] = await claim.catch((error: unknown) => {
        retryInBackground(db, () =>
          db.write(cypher("idempotency/release"), { account, key, claim: claimToken }),
        );
        throw error;
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
      const release = () => db.write(cypher("idempotency/release"), { account, key, claim: claimToken });
      try {
        await release();
      } catch (error) {
        // Neo4j is away (or slow) just when a failed request lets its key go: keep trying in the background, or
        // the client's retry would be answered 409 until the claim is abandoned, ten minutes later.
        retryInBackground(db, release);
        throw error;
      }
    },

    async deleteResponsesHolding(account, values) {
      let deleted = 0;
      let after = { createdAt: "1970-01-01T00:00:00Z", key: "" };
      for (;;) {
        const [page] = await db.write<{
          read: number;
          deleted: number;
          lastCreatedAt: string | null;
          lastKey: string | null;
        }>(cypher("idempotency/delete-responses-holding"), {
          account,
          afterCreatedAt: after.createdAt,
          afterKey: after.key,
          batch: neo4j.int(holdingBatch),
          values,
        });
        deleted += page?.deleted ?? 0;
        if (!page || page.read < holdingBatch || page.lastCreatedAt === null) return deleted;
        after = { createdAt: page.lastCreatedAt, key: page.lastKey ?? "" };
      }
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
