import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Database } from "../../src/graph/database.ts";
import { type Answer, apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * Writers of one account wait for its lock (issue 7, Also): under 50 concurrent single-payment POSTs no
 * request may wait unboundedly. Every wait ends within the transaction timeout, as a stored payment or as a
 * retryable 503 with Retry-After in Stripe's error shape that wrote nothing. (A lock held from outside is
 * neo4j-timeouts.test.ts.)
 */

const timeoutMs = 3_000;
const db = openTestDatabase();
const appDb = new Database(inject("neo4j"), { queryTimeoutMs: timeoutMs });
const account = uniqueAccount();
const api = apiUnderTest({
  db: appDb,
  defaultAccount: account,
  keys: { ingest: "any account" },
  defaultKey: "ingest",
});

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  await Promise.all([db.close(), appDb.close()]);
});

function canonical(index: number) {
  const id = `lock-${index}-${randomBytes(4).toString("hex")}`;
  return {
    object: "payment",
    id,
    created: 1_700_000_000 + index,
    amount: 100 + index,
    currency: "usd",
    status: "succeeded",
    // Shared identifiers, so that every payment's resolution touches the same guests.
    email: `shared${index % 3}@example.com`,
  };
}

describe("50 writers of one account", () => {
  it("when 50 single-payment POSTs arrive at once, then each ends within the timeout: stored, or 503 with Retry-After and nothing written", async () => {
    const payments = Array.from({ length: 50 }, (_, index) => canonical(index));

    const answers = await Promise.all(
      payments.map(async (body) => {
        const started = performance.now();
        const answer: Answer = await api.call("POST", "/v1/payments", { body });
        return { answer, ms: performance.now() - started };
      }),
    );

    // The server's timeout, its check interval (about 2 s) and the client's grace: bounded, never a hang.
    const bound = timeoutMs + 2_000 + 5_000;
    for (const [index, { answer, ms }] of answers.entries()) {
      expect(ms).toBeLessThan(bound);
      expect([200, 503]).toContain(answer.status);
      const [row] = await db.read<{ n: number }>(
        "MATCH (p:Payment {account: $account, id: $id}) RETURN count(p) AS n",
        { account, id: payments[index]?.id },
      );
      if (answer.status === 200) {
        expect(row?.n).toBe(1);
      } else {
        expect(errorOf(answer)).toMatchObject({ type: "api_error" });
        expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(row?.n).toBe(0);
      }
    }
  }, 120_000);
});
