import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { Database } from "../../src/graph/database.ts";

/** A Database on the run's shared Neo4j (see global-setup.ts). Close it in afterAll. */
export function openTestDatabase(): Database {
  return new Database(inject("neo4j"));
}

/** A merchant account id no other test file uses, so files can run in parallel on one server. */
export function uniqueAccount(): string {
  return `acct_test${randomBytes(6).toString("hex")}`;
}
