import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { type FakeStripeApi, fakeStripeApi } from "../support/fake-stripe-api.ts";
import { storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * `guestgraph backfill` against a local server that answers like the Stripe API (the `stripe` package
 * pointed at it by STRIPE_API_URL): pages, rate limiting, errors, dropped connections, a resumed run.
 */

const run = promisify(execFile);
const charge = JSON.parse(
  readFileSync(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
) as Record<string, unknown> & { billing_details: Record<string, unknown> };
const db: Database = openTestDatabase();
let stripe: FakeStripeApi | undefined;

afterEach(() => stripe?.stop());
afterAll(() => db.close());

/** `count` charges, newest first (as Stripe lists them), one created every minute before 2024-01-01. */
function charges(count: number, prefix: string): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    ...charge,
    id: `ch_${prefix}${String(count - i).padStart(4, "0")}`,
    created: 1_704_067_200 - i * 60,
    billing_details: { ...charge.billing_details, email: `buyer${i % 9}@${prefix}.example` },
  }));
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function backfill(api: FakeStripeApi, args: string[], key = "sk_test_fakeBackfillKey"): Promise<Outcome> {
  const neo4j = inject("neo4j");
  const env = {
    ...process.env,
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: neo4j.username,
    NEO4J_PASSWORD: neo4j.password,
    STRIPE_API_URL: api.url,
    STRIPE_API_KEY: key,
  };
  return run(process.execPath, ["src/cli/guestgraph.ts", "backfill", ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Outcome) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

const report = (outcome: Outcome) => JSON.parse(outcome.stdout.trim());
const chargeRequests = (api: FakeStripeApi) =>
  api.requests.filter((request) => request.path === "/v1/charges");

describe("guestgraph backfill", () => {
  it("when Stripe rate-limits, fails once and drops a connection along the way, then every charge is stored once and the 429 is waited out as Retry-After says", async () => {
    const account = uniqueAccount();
    stripe = await fakeStripeApi({ charges: charges(250, "bf") });
    stripe.failPage(1, "429");
    stripe.failPage(2, "500", "drop");

    const outcome = await backfill(stripe, ["--account", account]);
    const requests = chargeRequests(stripe);
    const limited = requests.findIndex((request) => request.answered === 429);

    expect(outcome.code).toBe(0);
    expect(report(outcome)).toMatchObject({
      accounts: [{ account, read: 250, created: 250, refused: 0, finished: true }],
      rate_limited: 1,
    });
    expect(requests.map((request) => request.answered)).toEqual([200, 429, 200, 500, "dropped", 200]);
    expect((requests[limited + 1]?.at ?? 0) - (requests[limited]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(requests[limited + 1]?.query.starting_after).toBe("ch_bf0151");
    expect((await storedAssignments(db, account)).size).toBe(250);
  }, 60_000);

  it("when a run stops half-way, then the next one resumes after the checkpoint, and a finished range run again changes nothing", async () => {
    const account = uniqueAccount();
    stripe = await fakeStripeApi({ charges: charges(250, "rs") });
    stripe.failPage(2, "400");

    const stopped = await backfill(stripe, ["--account", account]);
    const storedAfterStop = (await storedAssignments(db, account)).size;
    const before = chargeRequests(stripe).length;
    const resumed = await backfill(stripe, ["--account", account]);
    const firstResumed = chargeRequests(stripe)[before];
    const again = await backfill(stripe, ["--account", account]);

    expect(stopped.code).toBe(4);
    expect(stopped.stderr.trim().split("\n")).toHaveLength(1);
    expect(stopped.stderr).toContain("the checkpoint is kept: run the same command again to resume");
    expect(storedAfterStop).toBe(200);
    expect(firstResumed?.query.starting_after).toBe("ch_rs0051");
    expect(report(resumed)).toMatchObject({
      accounts: [{ read: 50, created: 50, resumedAfter: 200, finished: true }],
    });
    expect(report(again)).toMatchObject({
      accounts: [{ read: 250, created: 0, unchanged: 250, resumedAfter: 0 }],
    });
    expect((await storedAssignments(db, account)).size).toBe(250);
  }, 60_000);

  it("when --since and --until are given, then Stripe is asked for that range only and only its charges are stored", async () => {
    const account = uniqueAccount();
    stripe = await fakeStripeApi({ charges: charges(120, "rg") });
    const since = 1_704_067_200 - 100 * 60;
    const until = 1_704_067_200 - 10 * 60;

    const outcome = await backfill(stripe, [
      "--account",
      account,
      "--since",
      String(since),
      "--until",
      "2023-12-31T23:50:00Z",
    ]);

    expect(chargeRequests(stripe)[0]?.query).toMatchObject({
      "created[gte]": String(since),
      "created[lt]": String(until),
      limit: "100",
    });
    expect(report(outcome)).toMatchObject({ accounts: [{ read: 90 }] });
    expect((await storedAssignments(db, account)).size).toBe(90);
  }, 60_000);

  it("when --connect names a connected account, then Stripe is asked with Stripe-Account and the charges land in that account", async () => {
    const connected = uniqueAccount();
    stripe = await fakeStripeApi({ charges: [], chargesOf: { [connected]: charges(30, "cn") } });

    const outcome = await backfill(stripe, ["--connect", "--account", connected]);

    expect(outcome.code).toBe(0);
    expect(chargeRequests(stripe).every((request) => request.stripeAccount === connected)).toBe(true);
    expect((await storedAssignments(db, connected)).size).toBe(30);
  }, 60_000);

  it("when --connect names no account, then every connected account of the platform is backfilled into its own account", async () => {
    const [first, second] = [uniqueAccount(), uniqueAccount()];
    stripe = await fakeStripeApi({
      charges: [],
      accounts: [first, second],
      chargesOf: { [first]: charges(5, "ca"), [second]: charges(7, "cb") },
    });

    const outcome = await backfill(stripe, ["--connect"]);

    expect(
      report(outcome).accounts.map((summary: { account: string; read: number }) => [
        summary.account,
        summary.read,
      ]),
    ).toEqual([
      [first, 5],
      [second, 7],
    ]);
  }, 60_000);

  it("when the API key is wrong or missing, then the one-line error says which setting to fix", async () => {
    stripe = await fakeStripeApi({ charges: charges(3, "ky") });

    const refused = await backfill(stripe, ["--account", uniqueAccount()], "sk_test_wrongKey");
    const missing = await backfill(stripe, ["--account", uniqueAccount()], "");

    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("Stripe refused the API key: set STRIPE_API_KEY");
    expect(refused.stderr).not.toContain("sk_test_wrongKey");
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim()).toBe(
      "guestgraph: STRIPE_API_KEY is not set: give it a restricted key (rk_…) with read access to charges.",
    );
  }, 60_000);
});
