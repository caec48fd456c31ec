import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { apiKey, apiKeySource } from "./config/api-keys.ts";
import type { Config } from "./config/env.ts";
import { erasureHashKey } from "./config/erasure-key.ts";
import { type LocalAdminKey, loadOrCreateLocalAdminKey } from "./config/local-admin-key.ts";
import { AuditTrail } from "./graph/audit-trail.ts";
import { isConnectivityError } from "./graph/availability.ts";
import { Database } from "./graph/database.ts";
import { applyMigrations } from "./graph/migrations.ts";
import { provideNeo4j } from "./graph/neo4j-server.ts";
import { createApp } from "./http/app.ts";
import { listenForMetrics } from "./http/routes/metrics.ts";
import { configureRings } from "./ingest/maintain-rings.ts";
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
  configureRings({ hubGuests: config.GUESTGRAPH_HUB_GUESTS });
  const { keys, localAdminKey } = await provideApiKeys(config);
  const hashKey = await erasureHashKey(config).catch((error: Error) => {
    throw new StartupError(error.message);
  });
  const neo4j = await provideNeo4j(config);
  const db = new Database(neo4j.connection, { queryTimeoutMs: config.NEO4J_QUERY_TIMEOUT_MS, hashKey });
  const release = async () => {
    await db.close().catch(() => {});
    await neo4j.release();
  };
  try {
    logger.info(
      { neo4j: await waitForNeo4j(db, config, logger), startedInMs: neo4j.startedInMs, kind: neo4j.kind },
      "Neo4j is up",
    );
    db.availability.on("down", () =>
      logger.error("Neo4j stopped answering: requests get 503 with Retry-After until it is back"),
    );
    db.availability.on("up", (downForMs) => logger.info({ downForMs }, "Neo4j answers again: serving"));
    logger.info({ applied: await applyMigrations(db) }, "schema is up to date");
    const audit = new AuditTrail(db, logger, { retentionDays: config.GUESTGRAPH_AUDIT_RETENTION_DAYS });
    const app = createApp({ config: { ...config, GUESTGRAPH_API_KEYS: keys }, db, logger, audit });
    const server = await listen(app, config.PORT, config.HOST);
    const metricsServer = config.GUESTGRAPH_METRICS_ADDRESS
      ? await listenForMetrics(config.GUESTGRAPH_METRICS_ADDRESS)
      : null;
    const apiUrl = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}`;
    logger.info(
      {
        apiUrl,
        neo4jBrowserUrl: neo4j.browserUrl,
        metrics: config.GUESTGRAPH_METRICS_ADDRESS ?? `${apiUrl}/metrics (admin key)`,
      },
      "GuestGraph is ready",
    );
    return {
      apiUrl,
      browserUrl: neo4j.browserUrl,
      localAdminKey,
      stop: async () => {
        metricsServer?.close();
        await stopServing(server, config.GUESTGRAPH_SHUTDOWN_GRACE_MS, logger);
        await audit.close();
        await release();
        logger.info(neo4j.kind === "local-owned" ? "stopped (and the local Neo4j with it)" : "stopped");
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * Neo4j may still be starting (a container, a restart): ask it until it answers, for at most
 * NEO4J_STARTUP_TIMEOUT_S, saying so in the log; wrong credentials or any other refusal stop at once.
 */
async function waitForNeo4j(db: Database, config: Config, logger: Logger): Promise<string> {
  const started = Date.now();
  const deadline = started + config.NEO4J_STARTUP_TIMEOUT_S * 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.serverVersion();
    } catch (error) {
      if (!isConnectivityError(error)) {
        const code = (error as { code?: unknown }).code;
        if (code === "Neo.ClientError.Security.Unauthorized") {
          throw new StartupError("Neo4j refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD.");
        }
        throw error;
      }
      if (Date.now() >= deadline) {
        throw new StartupError(
          `Neo4j did not answer at ${db.uri} within ${config.NEO4J_STARTUP_TIMEOUT_S} s (NEO4J_STARTUP_TIMEOUT_S): is it running and reachable?`,
        );
      }
      if (attempt % 10 === 0) {
        logger.warn(
          {
            uri: db.uri,
            waitedS: Math.round((Date.now() - started) / 1000),
            timeoutS: config.NEO4J_STARTUP_TIMEOUT_S,
          },
          "waiting for Neo4j to answer (retrying every second)",
        );
      }
      await sleep(Math.min(1000, 100 * 2 ** attempt));
    }
  }
}

/**
 * Graceful stop: no new connections, idle keep-alive connections closed, requests in flight given up to
 * `graceMs` to finish (then their connections are closed too).
 */
async function stopServing(server: Server, graceMs: number, logger: Logger): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  logger.info({ graceMs }, "stopping: new connections refused, requests in flight may finish");
  const timer = setTimeout(() => {
    logger.warn({ graceMs }, "requests still in flight after the grace period: closing their connections");
    server.closeAllConnections();
  }, graceMs);
  await closed;
  clearTimeout(timer);
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
