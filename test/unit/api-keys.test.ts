import { describe, expect, it } from "vitest";
import { apiKeySource, keyDigest } from "../../src/config/api-keys.ts";
import { ConfigError, loadConfig } from "../../src/config/env.ts";

const readerKey = "reader_key_0123456789abcdef";
const adminKey = "admin_key_0123456789abcdef";

describe("GUESTGRAPH_API_KEYS", () => {
  it("when it is unset, then there are no keys", () => {
    expect(loadConfig({}).GUESTGRAPH_API_KEYS).toEqual([]);
  });

  it("when entries give key:role and key:role:accounts, then each key gets its role and accounts, hashed", () => {
    const keys = loadConfig({
      GUESTGRAPH_API_KEYS: `${readerKey}:reader:acct_a|acct_b, ${adminKey}:admin`,
    }).GUESTGRAPH_API_KEYS;

    expect(keys.map(({ role, accounts }) => ({ role, accounts }))).toEqual([
      { role: "reader", accounts: ["acct_a", "acct_b"] },
      { role: "admin", accounts: null },
    ]);
    expect(keys[0]?.digest.equals(keyDigest(readerKey))).toBe(true);
    expect(keys[0]?.id).toMatch(/^key_[0-9a-f]{10}$/);
    expect(JSON.stringify(keys)).not.toContain(readerKey);
  });

  it.each([
    [
      "an unknown role",
      `${readerKey}:owner`,
      /entry 1 of 1: the role is not one of reader, investigator, ingest, admin/,
    ],
    ["a short key", "short:reader", /entry 1 of 1: the key is shorter than 16 characters/],
    [
      "a malformed account",
      `${readerKey}:reader:acct_a|bank`,
      /entry 1 of 1: expected accounts such as acct_a\|acct_b/,
    ],
    ["a trailing comma", `${readerKey}:reader,`, /entry 2 of 2: is empty/],
    ["a repeated key", `${readerKey}:reader,${readerKey}:admin`, /entry 2 of 2: repeats a key given earlier/],
    ["a missing role", readerKey, /entry 1 of 1: the role is not one of/],
    ["too many parts", `${readerKey}:reader:acct_a:extra`, /entry 1 of 1: has more than three/],
  ])(
    "when an entry has %s, then one line names GUESTGRAPH_API_KEYS and the entry, never the key",
    (_case, value, expected) => {
      let error: unknown;
      try {
        loadConfig({ GUESTGRAPH_API_KEYS: value });
      } catch (thrown) {
        error = thrown;
      }

      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/^Invalid configuration: GUESTGRAPH_API_KEYS: /);
      expect(message).toMatch(expected);
      expect(message).not.toContain("\n");
      expect(message).not.toContain(readerKey);
    },
  );
});

describe("where the API's keys come from at start-up", () => {
  const configured = loadConfig({ GUESTGRAPH_API_KEYS: `${adminKey}:admin` }).GUESTGRAPH_API_KEYS;

  it("when keys are configured, then they are used, locally as in production", () => {
    expect(apiKeySource({ GUESTGRAPH_API_KEYS: configured, NODE_ENV: "development" })).toEqual({
      kind: "configured",
    });
    expect(
      apiKeySource({ GUESTGRAPH_API_KEYS: configured, NEO4J_URI: "bolt://db:7687", NODE_ENV: "production" }),
    ).toEqual({
      kind: "configured",
    });
  });

  it("when no key is configured on the local default, then a local admin key is used", () => {
    expect(apiKeySource({ GUESTGRAPH_API_KEYS: [], NODE_ENV: "development" })).toEqual({
      kind: "local-admin-key",
    });
    expect(apiKeySource({ GUESTGRAPH_API_KEYS: [], NODE_ENV: "test" })).toEqual({ kind: "local-admin-key" });
  });

  it("when no key is configured against an external Neo4j, then start-up is refused naming GUESTGRAPH_API_KEYS and NEO4J_URI", () => {
    const source = apiKeySource({
      GUESTGRAPH_API_KEYS: [],
      NEO4J_URI: "bolt://db:7687",
      NODE_ENV: "development",
    });

    expect(source.kind).toBe("refuse");
    expect(source.kind === "refuse" && source.message).toMatch(
      /^Invalid configuration: GUESTGRAPH_API_KEYS: required when NEO4J_URI is set \(comma-separated key:role[^\n]*$/,
    );
  });

  it("when no key is configured in production, then start-up is refused naming GUESTGRAPH_API_KEYS and NODE_ENV", () => {
    const source = apiKeySource({ GUESTGRAPH_API_KEYS: [], NODE_ENV: "production" });

    expect(source.kind === "refuse" && source.message).toMatch(
      /^Invalid configuration: GUESTGRAPH_API_KEYS: required when NODE_ENV is production/,
    );
  });
});
