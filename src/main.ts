import type { Server } from "node:http";
import { apiKey, apiKeySource } from "./config/api-keys.ts";
import { type Config, ConfigError, loadConfig } from "./config/env.ts";
import { type LocalAdminKey, loadOrCreateLocalAdminKey } from "./config/local-admin-key.ts";
import { Database } from "./graph/database.ts";
import { applyMigrations } from "./graph/migrations.ts";
import { provideNeo4j } from "./graph/neo4j-server.ts";
import { createApp } from "./http/app.ts";
import { createLogger } from "./logger.ts";

/** `npm start`: configuration, Neo4j (local when NEO4J_URI is unset), schema, then the HTTP API. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const keys = await provideApiKeys(config);
  config = keys.config;
  if (keys.localAdminKey) {
    logger.info(
      { keyId: config.GUESTGRAPH_API_KEYS[0]?.id, file: keys.localAdminKey.file },
      "using the local admin API key",
    );
  }

  logger.info(
    config.NEO4J_URI
      ? "connecting to Neo4j at NEO4J_URI"
      : "using the local Neo4j (NEO4J_URI is unset): a server started with `npm run neo4j -- start`, else one of our own",
  );
  const neo4jServer = await provideNeo4j(config);
  const db = new Database(neo4jServer.connection);
  let server: Server | undefined;

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    server?.close();
    await db.close().catch(() => {});
    await neo4jServer.release();
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    logger.info(
      { neo4j: await db.serverVersion(), startedInMs: neo4jServer.startedInMs, kind: neo4jServer.kind },
      "Neo4j is up",
    );
    const applied = await applyMigrations(db);
    logger.info({ applied }, "schema is up to date");
  } catch (error) {
    logger.fatal({ err: error }, "could not prepare Neo4j");
    await db.close().catch(() => {});
    await neo4jServer.release();
    process.exit(1);
  }

  const app = createApp({ config, db, logger });
  // Express 5 calls this with the error when listening fails; the "error" handler below deals with that.
  server = app.listen(config.PORT, config.HOST, (error?: Error) => {
    if (error) return;
    const apiUrl = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}`;
    logger.info({ apiUrl, neo4jBrowserUrl: neo4jServer.browserUrl }, "GuestGraph is ready");
    if (process.stdout.isTTY) {
      process.stdout.write(
        `\n  GuestGraph API  ${apiUrl}/v1   (docs: ${apiUrl}/docs)\n  Neo4j Browser   ${neo4jServer.browserUrl ?? "(external Neo4j: open its own Browser)"}\n\n`,
      );
    }
    if (keys.localAdminKey) {
      // On stdout for the person who started the service, as a notebook server prints its token; never in the JSON logs.
      process.stdout.write(
        `  Admin API key   ${keys.localAdminKey.key}\n                  (${keys.localAdminKey.created ? "made now, " : ""}kept in ${keys.localAdminKey.file}; set GUESTGRAPH_API_KEYS for keys of your own)\n\n`,
      );
    }
  });
  server.on("error", async (error) => {
    logger.fatal({ err: error }, "the HTTP server could not start");
    await shutdown("error", 1);
  });
}

/**
 * The API's keys: GUESTGRAPH_API_KEYS when given; on a local try-out, the admin key kept in the data
 * folder (made on first start); otherwise the service does not start, since anyone could call it.
 */
async function provideApiKeys(config: Config): Promise<{ config: Config; localAdminKey?: LocalAdminKey }> {
  const source = apiKeySource(config);
  if (source.kind === "configured") return { config };
  if (source.kind === "refuse") {
    process.stderr.write(`${source.message}\n`);
    process.exit(1);
  }
  let local: LocalAdminKey;
  try {
    local = await loadOrCreateLocalAdminKey(config.GUESTGRAPH_DATA_DIR);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  return {
    config: { ...config, GUESTGRAPH_API_KEYS: [apiKey(local.key, "admin", null)] },
    localAdminKey: local,
  };
}

await main();
