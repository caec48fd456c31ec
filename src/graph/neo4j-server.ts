import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Config } from "../config/env.ts";
import type { Neo4jConnection } from "./database.ts";
import { isLocalNeo4jServing, startLocalNeo4j } from "./local-neo4j/local-neo4j.ts";

/** Where the Neo4j that this process talks to comes from, and how to let go of it. */
export interface ProvidedNeo4j {
  connection: Neo4jConnection;
  /** Neo4j Browser's address, when we know it. */
  browserUrl: string | null;
  /** "external" (NEO4J_URI), "local-shared" (a server started by `npm run neo4j -- start`), or "local-owned". */
  kind: "external" | "local-shared" | "local-owned";
  startedInMs: number;
  release(): Promise<void>;
}

export const localHome = (config: Config) => resolve(config.GUESTGRAPH_DATA_DIR, "neo4j");
export const detachedStateFile = (config: Config) => join(localHome(config), "run", "guestgraph-server.json");

export interface DetachedServerState {
  pid: number;
  uri: string;
  browserUrl: string;
}

export async function readDetachedServer(config: Config): Promise<DetachedServerState | null> {
  const file = detachedStateFile(config);
  if (!existsSync(file)) return null;
  let state: DetachedServerState;
  try {
    state = JSON.parse(await readFile(file, "utf8")) as DetachedServerState;
  } catch {
    return null; // An unreadable state file describes no server we could use.
  }
  return (await isLocalNeo4jServing(state.pid, localHome(config))) ? state : null;
}

/**
 * NEO4J_URI wins; otherwise a local server already started with `npm run neo4j -- start` is shared;
 * otherwise a local server is started for this process and ends with it.
 */
export async function provideNeo4j(config: Config): Promise<ProvidedNeo4j> {
  if (config.NEO4J_URI) {
    return {
      connection: {
        uri: config.NEO4J_URI,
        username: config.NEO4J_USERNAME,
        password: config.NEO4J_PASSWORD ?? "",
        database: config.NEO4J_DATABASE,
      },
      browserUrl: null,
      kind: "external",
      startedInMs: 0,
      release: async () => {},
    };
  }
  const home = localHome(config);
  const shared = await readDetachedServer(config);
  if (shared) {
    const password = (await readFile(join(home, "password"), "utf8")).trim();
    return {
      connection: { uri: shared.uri, username: "neo4j", password, database: config.NEO4J_DATABASE },
      browserUrl: shared.browserUrl,
      kind: "local-shared",
      startedInMs: 0,
      release: async () => {},
    };
  }
  const server = await startLocalNeo4j({
    home,
    boltPort: config.NEO4J_LOCAL_BOLT_PORT,
    httpPort: config.NEO4J_LOCAL_HTTP_PORT,
    heap: config.NEO4J_LOCAL_HEAP,
    ...(config.NEO4J_PASSWORD ? { initialPassword: config.NEO4J_PASSWORD } : {}),
  });
  return {
    connection: {
      uri: server.uri,
      username: server.username,
      password: server.password,
      database: config.NEO4J_DATABASE,
    },
    browserUrl: server.browserUrl,
    kind: "local-owned",
    startedInMs: server.startedInMs,
    release: () => server.stop(),
  };
}
