import type { Server } from "node:http";
import { apiKey, apiKeySource } from "./config/api-keys.ts";
import type { Config } from "./config/env.ts";
import { type LocalAdminKey, loadOrCreateLocalAdminKey } from "./config/local-admin-key.ts";
import { Database } from "./graph/database.ts";
import { applyMigrations } from "./graph/migrations.ts";
import { provideNeo4j } from "./graph/neo4j-server.ts";
import { createApp } from "./http/app.ts";
import type { Logger } from "./logger.ts";

export interface RunningService {
  apiUrl: string;
  browserUrl: string | null;
  /** Set when no keys were configured and the local try-out key is in use. */
  localAdminKey: LocalAdminKey | null;
  stop(): Promise<void>;
}

/** A reason not to start that the person starting the service can act on; said in one line. */
export class StartupError extends Error {
  override name = "StartupError";
}

/**
 * The service's start, in order: API keys, Neo4j (NEO4J_URI, else the local server), the schema,
 * then the HTTP API. Anything started before a failure is stopped again.
 */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const { keys, localAdminKey } = await provideApiKeys(config);
  const neo4j = await provideNeo4j(config);
  const db = new Database(neo4j.connection);
  const release = async () => {
    await db.close().catch(() => {});
    await neo4j.release();
  };
  try {
    logger.info(
      { neo4j: await db.serverVersion(), startedInMs: neo4j.startedInMs, kind: neo4j.kind },
      "Neo4j is up",
    );
    logger.info({ applied: await applyMigrations(db) }, "schema is up to date");
    const app = createApp({ config: { ...config, GUESTGRAPH_API_KEYS: keys }, db, logger });
    const server = await listen(app, config.PORT, config.HOST);
    const apiUrl = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}`;
    logger.info({ apiUrl, neo4jBrowserUrl: neo4j.browserUrl }, "GuestGraph is ready");
    return {
      apiUrl,
      browserUrl: neo4j.browserUrl,
      localAdminKey,
      stop: async () => {
        await new Promise((done) => server.close(done));
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * The API's keys: GUESTGRAPH_API_KEYS when given; on a local try-out, the admin key kept in the data
 * folder (made on first start); otherwise the service does not start, since anyone could call it.
 */
async function provideApiKeys(
  config: Config,
): Promise<{ keys: Config["GUESTGRAPH_API_KEYS"]; localAdminKey: LocalAdminKey | null }> {
  const source = apiKeySource(config);
  if (source.kind === "configured") return { keys: config.GUESTGRAPH_API_KEYS, localAdminKey: null };
  if (source.kind === "refuse") throw new StartupError(source.message);
  const local = await loadOrCreateLocalAdminKey(config.GUESTGRAPH_DATA_DIR).catch((error: Error) => {
    throw new StartupError(error.message);
  });
  return { keys: [apiKey(local.key, "admin", null)], localAdminKey: local };
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((done, fail) => {
    const server = app.listen(port, host, (error?: Error) => (error ? fail(error) : done(server)));
  });
}
