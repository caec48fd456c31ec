import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { cypherRoot } from "./cypher.ts";
import type { Database } from "./database.ts";

/**
 * Applies cypher/schema/NNN-*.cypher in order and records each in the graph as (:SchemaMigration).
 * Every statement is written IF NOT EXISTS, so two processes starting at once both succeed: the one
 * that loses a race sees an equivalent rule already there and carries on.
 */

const schemaDir = join(cypherRoot, "schema");

export interface Migration {
  name: string;
  checksum: string;
  statements: string[];
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(schemaDir)).filter((file) => /^\d{3}-.+\.cypher$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(schemaDir, file), "utf8");
      return {
        name: file.replace(/\.cypher$/, ""),
        checksum: sha256(text),
        statements: splitStatements(text),
      };
    }),
  );
}

/** Statements end with a semicolon at the end of a line; `//` comment lines are dropped. */
export function splitStatements(text: string): string[] {
  const code = text
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
  return code
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export async function applyMigrations(db: Database): Promise<string[]> {
  await runIgnoringEquivalent(
    db,
    "CREATE CONSTRAINT schema_migration_name IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.name IS UNIQUE",
  );
  const applied = new Map(
    (
      await db.read<{ name: string; checksum: string }>(
        "MATCH (m:SchemaMigration) RETURN m.name AS name, m.checksum AS checksum",
      )
    ).map((row) => [row.name, row.checksum]),
  );
  const newlyApplied: string[] = [];
  for (const migration of await loadMigrations()) {
    const recorded = applied.get(migration.name);
    if (recorded === migration.checksum) continue;
    if (recorded !== undefined) {
      throw new Error(
        `Schema migration ${migration.name} changed after it was applied; add a new cypher/schema file instead of editing an applied one.`,
      );
    }
    for (const statement of migration.statements) await runIgnoringEquivalent(db, statement);
    await db.write(
      "MERGE (m:SchemaMigration {name: $name}) ON CREATE SET m.checksum = $checksum, m.appliedAt = datetime()",
      { name: migration.name, checksum: migration.checksum },
    );
    newlyApplied.push(migration.name);
  }
  await db.runAutoCommit("CALL db.awaitIndexes(300)");
  return newlyApplied;
}

/** True when every migration file is recorded as applied (what /readyz asks). */
export async function migrationsApplied(db: Database): Promise<boolean> {
  const expected = (await loadMigrations()).map((migration) => migration.name);
  const rows = await db.read<{ names: string[] }>(
    "MATCH (m:SchemaMigration) RETURN collect(m.name) AS names",
  );
  const recorded = new Set(rows[0]?.names ?? []);
  return expected.every((name) => recorded.has(name));
}

async function runIgnoringEquivalent(db: Database, statement: string): Promise<void> {
  try {
    await db.runAutoCommit(statement);
  } catch (error) {
    // A concurrent starter created the same rule between our IF NOT EXISTS check and our write.
    const code = (error as { code?: string }).code ?? "";
    if (!code.includes("EquivalentSchemaRuleAlreadyExists") && !code.includes("ConstraintAlreadyExists"))
      throw error;
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
