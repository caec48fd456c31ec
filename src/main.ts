import { type Config, ConfigError, loadConfig } from "./config/env.ts";
import { createLogger } from "./logger.ts";
import { type RunningService, StartupError, startService } from "./service.ts";

/** `npm start`: the service, a banner for the person who started it, and a clean stop on Ctrl-C. */

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) exitWith(error.message);
  throw error;
}
const logger = createLogger(config.LOG_LEVEL);
logger.info(
  config.NEO4J_URI
    ? "connecting to Neo4j at NEO4J_URI"
    : "using the local Neo4j (NEO4J_URI is unset): a server started with `npm run neo4j -- start`, else one of our own",
);

let service: RunningService;
try {
  service = await startService(config, logger);
} catch (error) {
  if (error instanceof StartupError) exitWith(error.message);
  logger.fatal({ err: error }, "GuestGraph could not start");
  process.exit(1);
}

printBanner(service);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) {
      logger.warn({ signal }, "second signal: stopping at once");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    await service.stop();
    process.exit(0);
  });
}

function printBanner({ apiUrl, browserUrl, localAdminKey }: RunningService): void {
  if (process.stdout.isTTY) {
    process.stdout.write(
      `\n  GuestGraph API  ${apiUrl}/v1   (docs: ${apiUrl}/docs)\n  Neo4j Browser   ${browserUrl ?? "(external Neo4j: open its own Browser)"}\n\n`,
    );
  }
  if (localAdminKey) {
    // On stdout for the person who started the service, as a notebook server prints its token; never in the JSON logs.
    process.stdout.write(
      `  Admin API key   ${localAdminKey.key}\n                  (${localAdminKey.created ? "made now, " : ""}kept in ${localAdminKey.file}; set GUESTGRAPH_API_KEYS for keys of your own)\n\n`,
    );
  }
}
