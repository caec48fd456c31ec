import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { applyMigrations, loadMigrations } from "../../src/graph/migrations.ts";
import { openTestDatabase } from "../support/neo4j.ts";

describe("the schema in cypher/schema", () => {
  const db: Database = openTestDatabase();
  afterAll(() => db.close());

  it("when the run's Neo4j is asked its version, then it is a real Neo4j 5.26", async () => {
    const rows = await db.read<{ name: string; version: string; edition: string }>(
      "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
    );

    console.log(`dbms.components(): ${rows[0]?.name} ${rows[0]?.version} ${rows[0]?.edition}`);
    expect(rows[0]?.version).toMatch(/^5\.26\./);
  });

  it("when migrations have run, then every identity constraint exists", async () => {
    const rows = await db.read<{ name: string; type: string; labelsOrTypes: string[]; properties: string[] }>(
      "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties",
    );
    const byName = new Map(rows.map((row) => [row.name, row]));

    expect(byName.get("payment_account_id")).toMatchObject({
      type: "UNIQUENESS",
      labelsOrTypes: ["Payment"],
      properties: ["account", "id"],
    });
    expect(byName.get("guest_account_id")).toMatchObject({
      type: "UNIQUENESS",
      labelsOrTypes: ["Guest"],
      properties: ["account", "id"],
    });
    expect(byName.get("email_account_address")?.properties).toEqual(["account", "address"]);
    expect(byName.get("phone_account_number")?.properties).toEqual(["account", "number"]);
    expect(byName.get("card_account_fingerprint")?.properties).toEqual(["account", "fingerprint"]);
    expect(byName.get("customer_account_id")?.properties).toEqual(["account", "id"]);
  });

  it("when migrations run again, then nothing new is applied and every file is recorded once", async () => {
    const appliedAgain = await applyMigrations(db);
    const recorded = await db.read<{ name: string; copies: number }>(
      "MATCH (m:SchemaMigration) RETURN m.name AS name, count(*) AS copies",
    );

    expect(appliedAgain).toEqual([]);
    const expected = (await loadMigrations()).map((migration) => migration.name);
    expect(recorded.map((row) => row.name).sort()).toEqual(expected);
    expect(recorded.every((row) => row.copies === 1)).toBe(true);
  });

  it("when two processes apply migrations at once, then both succeed", async () => {
    const results = await Promise.allSettled([applyMigrations(db), applyMigrations(db)]);

    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
  });

  it("when the resolution seek runs, then it is an ordered index seek, not a scan", async () => {
    const summary = await db.driver.executeQuery(
      "EXPLAIN MATCH ()-[r:HAS_CARD]->() WHERE r.identity = $identity AND r.at < $at RETURN r ORDER BY r.identity DESC, r.at DESC LIMIT 1",
      { identity: "acct_x/card/fp", at: "000000000001|ch_1" },
    );

    const operators = JSON.stringify(summary.summary.plan);
    expect(operators).toContain("RelationshipIndexSeek");
    expect(operators).not.toContain("Top@");
  });
});
