import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/** Request ids, security headers, per-key rate limits and CORS, through the real app. */

const db = openTestDatabase();
const account = uniqueAccount();
const logLines: string[] = [];
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { admin: "any account", reader: [account] },
  defaultKey: "reader",
  logLines,
  env: { GUESTGRAPH_RATE_LIMIT_PER_MINUTE: "5" },
});
const consoleOrigin = "https://console.example.com";
const withCors = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { reader: [account] },
  defaultKey: "reader",
  env: { GUESTGRAPH_CORS_ORIGINS: `${consoleOrigin},http://127.0.0.1:5173` },
});

beforeAll(async () => {
  await api.start();
  await withCors.start();
});

afterAll(async () => {
  await api.stop();
  await withCors.stop();
  await db.close();
});

describe("request ids", () => {
  it("when requests are answered, then each carries its own Request-Id and that request's log lines carry it too", async () => {
    logLines.length = 0;

    const answers = [
      await api.get("/healthz"),
      await api.get("/v1/guests?limit=1", { key: "admin" }),
      await api.get("/v1/guests", { key: null }),
      await api.get("/v1/nothing_here", { key: "admin" }),
    ];

    const ids = answers.map((answer) => answer.headers.get("request-id"));
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const requestLines = logLines
      .map((line) => JSON.parse(line))
      .filter((record) => record.msg === "request");
    expect(requestLines.map((record) => record.requestId)).toEqual(ids);
  });
});

describe("security headers", () => {
  it.each(["/v1/guests", "/docs", "/healthz", "/no/such/page"])(
    "when %s is fetched, then a content security policy without inline scripts or other origins comes with it",
    async (path) => {
      const answer = await api.get(path, { key: "admin" });

      const policy = answer.headers.get("content-security-policy") ?? "";
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https:|\*)/);
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(answer.headers.get("x-powered-by")).toBeNull();
    },
  );
});

describe("rate limits per key", () => {
  it("when a key sends more requests a minute than allowed, then it gets 429 rate_limit with Retry-After, and other keys are served", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.get("/v1/guests?limit=1")).status);

    const limited = await api.get("/v1/guests?limit=1");
    const otherKey = await api.get("/v1/guests?limit=1", { key: "admin" });

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(errorOf(limited)).toMatchObject({
      type: "invalid_request_error",
      code: "rate_limit",
      param: null,
    });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(otherKey.status).toBe(200);
  });
});

describe("CORS", () => {
  it("when no origin is configured, then a cross-origin request and its preflight get no Access-Control header", async () => {
    const simple = await api.get("/v1/guests?limit=1", { key: "admin", headers: { origin: consoleOrigin } });
    const preflight = await api.call("OPTIONS", "/v1/guests", {
      key: null,
      headers: { origin: consoleOrigin, "access-control-request-method": "GET" },
    });

    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-headers")).toBeNull();
  });

  it("when origins are configured, then those origins are allowed with the API's headers and any other is not", async () => {
    const preflight = await withCors.call("OPTIONS", "/v1/guests", {
      key: null,
      headers: {
        origin: consoleOrigin,
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization,stripe-account",
      },
    });
    const allowed = await withCors.get("/v1/guests?limit=1", { headers: { origin: consoleOrigin } });
    const other = await withCors.get("/v1/guests?limit=1", {
      headers: { origin: "https://evil.example.net" },
    });

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Stripe-Account");
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
    expect(allowed.headers.get("access-control-expose-headers")).toContain("Request-Id");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
