import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Neo4jConnection } from "../src/graph/database.ts";
import { startLocalNeo4j } from "../src/graph/local-neo4j/local-neo4j.ts";

/** NEO4J_URI (with NEO4J_USERNAME/NEO4J_PASSWORD) when set, else a throw-away local Neo4j for one benchmark. */
export async function neo4jForBench(): Promise<{ connection: Neo4jConnection; stop(): Promise<void> }> {
  if (process.env.NEO4J_URI) {
    const connection = {
      uri: process.env.NEO4J_URI,
      username: process.env.NEO4J_USERNAME ?? "neo4j",
      password: process.env.NEO4J_PASSWORD ?? "",
      database: process.env.NEO4J_DATABASE ?? "neo4j",
    };
    return { connection, stop: async () => {} };
  }
  const home = await mkdtemp(join(tmpdir(), "guestgraph-bench-"));
  const server = await startLocalNeo4j({
    home: join(home, "neo4j"),
    boltPort: 27787,
    httpPort: 27574,
    heap: "2g",
  });
  return {
    connection: { uri: server.uri, username: server.username, password: server.password, database: "neo4j" },
    stop: async () => {
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
