import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole } from "../../console/build.ts";
import type { Database } from "../../src/graph/database.ts";
import { apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The service serves the built console at `/` and at each of its deep links (so a reload works), its
 * assets from the package, and GET /v1/api_key tells the console a key's role and accounts. Everything
 * else keeps answering as the API does.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const other = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { investigator: [account, other], reader: [other], admin: "any account", ingest: "any account" },
  defaultKey: "investigator",
});
const unbuilt = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { reader: "any account" },
  defaultKey: "reader",
  consoleDir: join(import.meta.dirname, "no-such-console-build"),
});

beforeAll(async () => {
  await buildConsole();
  await api.start();
  await unbuilt.start();
  // An account that holds data, for the all-accounts key's list.
  const sent = await api.call("POST", "/v1/payments", {
    key: "ingest",
    account,
    body: {
      object: "payment",
      id: "py_console_1",
      created: 1_700_000_000,
      amount: 100,
      currency: "usd",
      status: "succeeded",
      email: "c@example.com",
    },
  });
  expect(sent.status).toBe(200);
});

afterAll(async () => {
  await api.stop();
  await unbuilt.stop();
  await db.close();
});

describe("the console's pages and assets", () => {
  it.each([
    "/",
    "/customers?has_dispute=true",
    "/search?query=ann",
    "/guests/gst_abc",
    "/payments/ch_1",
    "/identifiers/email/a%40b.c",
    "/graph?node=gst_abc",
    "/rings",
    "/rings/ring_1",
  ])("when %s is opened without a key, then it answers the console's page", async (path) => {
    const answer = await api.get(path, { key: null, headers: { accept: "text/html" } });

    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    expect(answer.headers.get("cache-control")).toBe("no-cache");
    expect(answer.text).toContain('<div id="root"></div>');
  });

  it("when the page's script and stylesheet are fetched, then they come from the package with a long cache life", async () => {
    const page = await api.get("/", { key: null });
    const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map(
      (match) => match[1] as string,
    );

    expect(assets.some((asset) => asset.endsWith(".js"))).toBe(true);
    expect(assets.some((asset) => asset.endsWith(".css"))).toBe(true);
    expect(page.text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//); // nothing from another host
    for (const asset of assets) {
      const answer = await api.get(asset, { key: null });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("cache-control")).toContain("immutable");
    }
  });

  it("when an unknown path or asset is asked, then the answer is still the API's JSON 404", async () => {
    for (const path of ["/nope", "/assets/missing.js", "/guests"]) {
      const answer = await api.get(path, { key: null });
      expect(answer.status).toBe(404);
      expect(errorOf(answer).code).toBe("resource_missing");
    }
  });

  it("when the console is not built, then its pages say how to build it and the API still answers", async () => {
    const page = await unbuilt.get("/customers", { key: null });
    const health = await unbuilt.get("/healthz", { key: null });

    expect(page.status).toBe(503);
    expect(page.text).toContain("npm run build");
    expect(health.status).toBe(200);
  });
});

describe("GET /v1/api_key", () => {
  it("when a key limited to two accounts asks without Stripe-Account, then it learns its role and both accounts", async () => {
    const answer = await api.get("/v1/api_key", { key: "investigator" });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      object: "api_key",
      id: expect.stringMatching(/^key_[0-9a-f]{10}$/),
      role: "investigator",
      all_accounts: false,
      accounts: [account, other],
      default_account: account,
    });
  });

  it("when a key whose accounts leave out the default asks, then its default account is null", async () => {
    const answer = await api.get("/v1/api_key", { key: "reader" });

    expect(answer.json).toMatchObject({
      role: "reader",
      accounts: [other],
      default_account: null,
      all_accounts: false,
    });
  });

  it("when a key of all accounts asks, then it lists the default account and the accounts holding data", async () => {
    const answer = await api.get("/v1/api_key", { key: "admin" });

    expect(answer.json.all_accounts).toBe(true);
    expect(answer.json.default_account).toBe(account);
    expect(answer.json.accounts).toContain(account);
    expect(answer.json.accounts).toEqual([...answer.json.accounts].sort());
  });

  it("when no key or an unknown one is sent, then the answer is 401 and says nothing of any account", async () => {
    const missing = await api.get("/v1/api_key", { key: null });
    const unknown = await api.get("/v1/api_key", { authorization: "Bearer not_a_key_0123456789" });

    expect([missing.status, errorOf(missing).code]).toEqual([401, "api_key_missing"]);
    expect([unknown.status, errorOf(unknown).code]).toEqual([401, "api_key_invalid"]);
    expect(unknown.text).not.toContain(account);
  });

  it("when the OpenAPI document is read, then it describes GET /v1/api_key", async () => {
    const answer = await api.get("/openapi.json", { key: null });

    expect(answer.json.paths["/v1/api_key"].get.responses["200"]).toBeDefined();
  });
});
