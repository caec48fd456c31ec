import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.ts";

describe("configuration from the environment", () => {
  it("when nothing is set, then the local defaults apply", () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      NEO4J_DATABASE: "neo4j",
      LOG_LEVEL: "info",
    });
    expect(config.NEO4J_URI).toBeUndefined();
  });

  it("when NEO4J_URI is not a Neo4j URI, then one line names NEO4J_URI and what was expected", () => {
    const load = () => loadConfig({ NEO4J_URI: "nonsense", NEO4J_PASSWORD: "password123" });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /^Invalid configuration: NEO4J_URI: expected a URI such as bolt:\/\/host:7687[^\n]*$/,
    );
  });

  it.each(["bolt://db:7687", "neo4j+s://abc.databases.neo4j.io", "neo4j://a,b"])(
    "when NEO4J_URI is %s, then it is accepted",
    (uri) => {
      const config = loadConfig({ NEO4J_URI: uri, NEO4J_PASSWORD: "password123" });

      expect(config.NEO4J_URI).toBe(uri);
    },
  );

  it("when NEO4J_URI is set without a password, then NEO4J_PASSWORD is named", () => {
    expect(() => loadConfig({ NEO4J_URI: "bolt://db:7687" })).toThrow(
      /NEO4J_PASSWORD: required when NEO4J_URI is set/,
    );
  });

  it("when PORT is not a port number, then PORT is named", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/^Invalid configuration: PORT: /);
  });

  it("when a variable is empty, then it counts as unset", () => {
    expect(loadConfig({ PORT: "", NEO4J_URI: "" }).PORT).toBe(3000);
  });
});
