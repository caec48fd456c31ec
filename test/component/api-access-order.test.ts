import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { apiUnderTest, errorOf, randomKey } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * Who may do what, checked in one order for every request (issue 7, findings 10 and 13 and "Also"): the key,
 * then one check of Stripe-Account for every method, then the route's role and account — always before
 * Idempotency-Key, so that a key that may not make the call learns nothing about stored keys.
 */

const db: Database = openTestDatabase();
const defaultAccount = uniqueAccount();
const onlyAccount = uniqueAccount(); // the ingest key's one account
const otherAccount = uniqueAccount();

const api = apiUnderTest({
  db,
  defaultAccount,
  keys: {
    admin: "any account",
    reader: [onlyAccount, otherAccount],
    ingest: [onlyAccount],
  },
  defaultKey: "admin",
});

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  await db.close();
});

function canonical(id = `order_${randomBytes(5).toString("hex")}`) {
  return {
    object: "payment",
    id,
    created: 1_700_000_000,
    amount: 1500,
    currency: "usd",
    status: "succeeded",
    email: `${id.replace(/[^a-z0-9]/gi, "")}@example.com`,
  };
}

async function paymentExists(account: string, id: string): Promise<boolean> {
  const rows = await db.read("MATCH (p:Payment {account: $account, id: $id}) RETURN p.id AS id", {
    account,
    id,
  });
  return rows.length > 0;
}

describe("role before idempotency (finding 10)", () => {
  it("when a reader key replays an admin's Idempotency-Key with the same body, then 403, not the stored answer", async () => {
    const sent = canonical();
    const idempotencyKey = randomKey("idem");
    const first = await api.call("POST", "/v1/payments", {
      key: "admin",
      account: onlyAccount,
      body: sent,
      idempotencyKey,
    });
    expect(first.status).toBe(200);

    const replay = await api.call("POST", "/v1/payments", {
      key: "reader",
      account: onlyAccount,
      body: sent,
      idempotencyKey,
    });

    expect(replay.status).toBe(403);
    expect(errorOf(replay)).toMatchObject({ type: "permission_error", code: "insufficient_permissions" });
    expect(replay.headers.get("idempotent-replayed")).toBeNull();
  });

  it("when a reader key sends another body under an admin's Idempotency-Key, then 403, not a mismatch that tells the key exists", async () => {
    const idempotencyKey = randomKey("idem");
    await api.call("POST", "/v1/payments", {
      key: "admin",
      account: onlyAccount,
      body: canonical(),
      idempotencyKey,
    });
    const other = canonical();

    const answer = await api.call("POST", "/v1/payments", {
      key: "reader",
      account: onlyAccount,
      body: other,
      idempotencyKey,
    });

    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe("insufficient_permissions");
    expect(await paymentExists(onlyAccount, other.id)).toBe(false);
  });

  it("when a key that may not act for the account sends an Idempotency-Key, then 403 account_forbidden and the key is not claimed", async () => {
    const idempotencyKey = randomKey("idem");
    const sent = canonical();

    const refused = await api.call("POST", "/v1/payments", {
      key: "ingest",
      account: otherAccount,
      body: sent,
      idempotencyKey,
    });
    const admin = await api.call("POST", "/v1/payments", {
      key: "admin",
      account: otherAccount,
      body: sent,
      idempotencyKey,
    });

    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe("account_forbidden");
    expect(admin.status).toBe(200);
    expect(admin.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("one Stripe-Account check in auth, for every method (finding 13)", () => {
  const tooLong = `acct_${"a".repeat(9_000)}`;

  it("when Stripe-Account is 9,000 characters, then GET and POST (with an Idempotency-Key) both answer 400 account_invalid", async () => {
    const get = await api.get("/v1/guests", { account: tooLong });
    const post = await api.call("POST", "/v1/payments", {
      account: tooLong,
      body: canonical(),
      idempotencyKey: randomKey("idem"),
    });

    for (const answer of [get, post]) {
      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({
        type: "invalid_request_error",
        code: "account_invalid",
        param: "Stripe-Account",
      });
      expect(answer.text).not.toContain("a".repeat(300));
    }
  });

  it("when Stripe-Account is 255 characters, then it is a valid account; at 256, 400 account_invalid", async () => {
    const longest = `acct_${"b".repeat(250)}`;

    const fits = await api.get("/v1/guests", { account: longest });
    const over = await api.get("/v1/guests", { account: `${longest}b` });

    expect(fits.status).toBe(200);
    expect(over.status).toBe(400);
    expect(errorOf(over).code).toBe("account_invalid");
  });

  it("when Stripe-Account is not an account id, then 400 account_invalid whatever the method or route", async () => {
    for (const [method, path] of [
      ["GET", "/v1/guests"],
      ["POST", "/v1/payments"],
      ["GET", "/v1/payments/ch_1"],
      ["GET", "/v1/no-such-route"],
    ] as const) {
      const answer = await api.call(method, path, {
        account: "acct-with-dash",
        ...(method === "POST" ? { body: canonical() } : {}),
      });
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect(errorOf(answer).code, `${method} ${path}`).toBe("account_invalid");
    }
  });
});

describe("keys and accounts (issue 7, Also)", () => {
  it("when a key for exactly one account sends no Stripe-Account, then it acts for that account", async () => {
    const sent = canonical();

    const posted = await api.call("POST", "/v1/payments", { key: "ingest", body: sent });

    expect(posted.status).toBe(200);
    expect(await paymentExists(onlyAccount, sent.id)).toBe(true);
    expect(await paymentExists(defaultAccount, sent.id)).toBe(false);
  });

  it("when a key for several accounts sends no Stripe-Account, then a route answers 403 account_forbidden naming the default account", async () => {
    const answer = await api.get("/v1/guests", { key: "reader" });

    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe("account_forbidden");
    expect(errorOf(answer).message).toContain(defaultAccount);
  });

  it("when any valid key asks for an unknown route, then 404, whatever accounts it may act for", async () => {
    const cases = [
      { key: "reader" as const },
      { key: "reader" as const, account: uniqueAccount() },
      { key: "ingest" as const },
      { key: "admin" as const },
    ];
    for (const options of cases) {
      const answer = await api.get("/v1/no-such-route", options);
      expect(answer.status, JSON.stringify(options)).toBe(404);
      expect(errorOf(answer).code).toBe("resource_missing");
    }
  });

  it("when a known path is asked with a method it does not take, then 405 for any valid key", async () => {
    const answer = await api.call("DELETE", "/v1/guests", { key: "reader" });

    expect(answer.status).toBe(405);
  });
});
