import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Neo4jConnection } from "../../src/graph/database.ts";
import { startLocalNeo4j } from "../../src/graph/local-neo4j/local-neo4j.ts";
import { freePort } from "../../test/support/free-port.ts";

export interface BenchNeo4j {
  connection: Neo4jConnection;
  source: string;
  stop(): Promise<void>;
}

/** NEO4J_URI when set (with NEO4J_USERNAME/NEO4J_PASSWORD), else a throw-away local Neo4j with a fresh store. */
export async function benchNeo4j(heap = "4g"): Promise<BenchNeo4j> {
  if (process.env.NEO4J_URI) {
    return {
      connection: {
        uri: process.env.NEO4J_URI,
        username: process.env.NEO4J_USERNAME ?? "neo4j",
        password: process.env.NEO4J_PASSWORD ?? "",
        database: process.env.NEO4J_DATABASE ?? "neo4j",
      },
      source: "NEO4J_URI",
      stop: async () => {},
    };
  }
  const home = await mkdtemp(join(tmpdir(), "guestgraph-bench-"));
  const server = await startLocalNeo4j({
    home: join(home, "neo4j"),
    boltPort: await freePort(),
    httpPort: await freePort(),
    heap,
  });
  return {
    connection: { uri: server.uri, username: server.username, password: server.password, database: "neo4j" },
    source: `a fresh local Neo4j (heap ${heap})`,
    stop: async () => {
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
