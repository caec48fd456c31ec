import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import { type Config, ConfigError, loadConfig } from "../config/env.ts";
import { Database } from "../graph/database.ts";
import {
  LocalNeo4jError,
  prepareLocalHome,
  runAdminTool,
  startLocalNeo4j,
  stopPid,
} from "../graph/local-neo4j/local-neo4j.ts";
import {
  type DetachedServerState,
  detachedStateFile,
  localHome,
  readDetachedServer,
} from "../graph/neo4j-server.ts";

/**
 * `npm run neo4j -- start|stop|status`: the local Neo4j as a long-lived background server, so that `npm start`
 * restarts in a second (it shares this server instead of starting its own) and analysts keep Neo4j Browser open.
 */

const say = (line = "") => process.stdout.write(`${line}\n`);
// A reader that goes away early (`| head -1`) must not abort a start half-way, before the state file is written.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

async function start(config: Config): Promise<void> {
  const running = await readDetachedServer(config);
  if (running) {
    say(`The local Neo4j is already running (pid ${running.pid}).`);
    printAddresses(config, running);
    return;
  }
  if (await portAnswers(config.NEO4J_LOCAL_BOLT_PORT)) {
    throw new LocalNeo4jError(
      `Cannot start: ${portTakenMessage(config)} Stop that server, or set NEO4J_LOCAL_BOLT_PORT.`,
    );
  }
  say("Starting the local Neo4j in the background...");
  // The server runs in its own process group, so Ctrl-C reaches only us: rather than leave it running unrecorded,
  // wait until it answers and stop it (a second Ctrl-C ends this process at once).
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    say("Interrupted: the server will be stopped as soon as it has started.");
  };
  process.once("SIGINT", onInterrupt);
  const server = await startLocalNeo4j({
    home: localHome(config),
    boltPort: config.NEO4J_LOCAL_BOLT_PORT,
    httpPort: config.NEO4J_LOCAL_HTTP_PORT,
    heap: config.NEO4J_LOCAL_HEAP,
    ...(config.NEO4J_PASSWORD ? { initialPassword: config.NEO4J_PASSWORD } : {}),
    tiedToThisProcess: false,
  });
  process.off("SIGINT", onInterrupt);
  if (interrupted) {
    await server.stop();
    say("Stopped.");
    process.exitCode = 130;
    return;
  }
  const state: DetachedServerState = { pid: server.pid, uri: server.uri, browserUrl: server.browserUrl };
  const stateFile = detachedStateFile(config);
  await mkdir(dirname(stateFile), { recursive: true });
  // Written whole or not at all (then renamed into place), since `npm start` reads it.
  await writeFile(`${stateFile}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${stateFile}.tmp`, stateFile);

  say(
    `Neo4j ${server.version} is running (pid ${server.pid}), started in ${(server.startedInMs / 1000).toFixed(1)} s.`,
  );
  printAddresses(config, state);
  say();
  say("`npm start` now uses this server. Stop it with `npm run neo4j -- stop`.");
  if (config.NEO4J_URI) say("Note: NEO4J_URI is set, so `npm start` will connect there instead.");
}

async function stop(config: Config): Promise<void> {
  const running = await readDetachedServer(config);
  if (running) {
    say(`Stopping the local Neo4j (pid ${running.pid})...`);
    await stopPid(running.pid);
  }
  // Also clears a state file left by a server that died on its own.
  await rm(detachedStateFile(config), { force: true });
  say(running ? "Stopped." : "The local Neo4j is not running.");
  if (!running && (await portAnswers(config.NEO4J_LOCAL_BOLT_PORT))) say(portTakenMessage(config));
}

async function status(config: Config): Promise<void> {
  const running = await readDetachedServer(config);
  if (!running) {
    say("The local Neo4j is stopped. Start it with `npm run neo4j -- start`.");
    if (await portAnswers(config.NEO4J_LOCAL_BOLT_PORT)) say(portTakenMessage(config));
    return;
  }
  const version = await serverVersion(config, running).catch((error: unknown) => {
    process.exitCode = 1;
    return `not answering on Bolt (${error instanceof Error ? error.message : String(error)})`;
  });
  say(`The local Neo4j is running (pid ${running.pid}): ${version}.`);
  printAddresses(config, running);
}

/**
 * `backup <file>`: the local store's database as one neo4j-admin dump archive. Community Neo4j dumps a
 * stopped database only, so a server started with `npm run neo4j -- start` is stopped for the dump and
 * started again (Browser and `npm start` reconnect by themselves); a server that an `npm start` runs for
 * itself cannot be stopped from here, so that case is refused with what to do.
 */
async function backup(config: Config, file: string): Promise<void> {
  const target = resolve(file);
  if (existsSync(target)) throw new LocalNeo4jError(`${target} exists already: choose a new file name.`);
  const seconds = await whileStopped(config, "the dump", async (prepared) => {
    const folder = await mkdtemp(join(dirname(target), ".guestgraph-dump-"));
    try {
      await runAdminTool(prepared, ["database", "dump", config.NEO4J_DATABASE, `--to-path=${folder}`]);
      await rename(join(folder, `${config.NEO4J_DATABASE}.dump`), target);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
  const size = (await stat(target)).size;
  say(
    `Backed up database ${config.NEO4J_DATABASE} to ${target} (${(size / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s.`,
  );
}

/**
 * `restore <file>`: replaces the local store's database with a dump (made by `backup`, or by
 * neo4j-admin database dump from any Neo4j 5). A new store (a fresh GUESTGRAPH_DATA_DIR) is created
 * first, with its own password. The schema migrations newer than the dump are applied by `npm start`.
 */
async function restore(config: Config, file: string): Promise<void> {
  const source = resolve(file);
  if (!existsSync(source)) throw new LocalNeo4jError(`${source} does not exist.`);
  const seconds = await whileStopped(config, "the restore", async (prepared) => {
    const folder = await mkdtemp(join(localHome(config), ".guestgraph-load-"));
    try {
      // load reads <database>.dump from a folder.
      await copyFile(source, join(folder, `${config.NEO4J_DATABASE}.dump`));
      await runAdminTool(prepared, [
        "database",
        "load",
        config.NEO4J_DATABASE,
        `--from-path=${folder}`,
        "--overwrite-destination=true",
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
  say(`Restored database ${config.NEO4J_DATABASE} from ${source} in ${seconds.toFixed(1)} s.`);
  say(
    "`npm start` applies any schema migration newer than the backup when it starts; `npm run guestgraph -- verify --account acct_…` checks an account.",
  );
}

/** Runs neo4j-admin work on the local store with its server stopped, starting it again if it ran before. */
async function whileStopped(
  config: Config,
  what: string,
  work: (prepared: Awaited<ReturnType<typeof prepareLocalHome>>) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  const running = await readDetachedServer(config);
  if (!running && (await portAnswers(config.NEO4J_LOCAL_BOLT_PORT))) {
    throw new LocalNeo4jError(
      `Cannot do ${what} now: ${portTakenMessage(config)} Stop it first (Ctrl-C on \`npm start\`), or run the server with \`npm run neo4j -- start\`, which ${what} stops and restarts by itself.`,
    );
  }
  if (running) {
    say(`Stopping the local Neo4j (pid ${running.pid}) for ${what}...`);
    await stopPid(running.pid);
    await rm(detachedStateFile(config), { force: true });
  }
  try {
    await mkdir(localHome(config), { recursive: true });
    await work(
      await prepareLocalHome({
        home: localHome(config),
        boltPort: config.NEO4J_LOCAL_BOLT_PORT,
        httpPort: config.NEO4J_LOCAL_HTTP_PORT,
        ...(config.NEO4J_PASSWORD ? { initialPassword: config.NEO4J_PASSWORD } : {}),
      }),
    );
  } finally {
    if (running) {
      say("Starting the local Neo4j again...");
      await start(config);
    }
  }
  return (performance.now() - started) / 1000;
}

function printAddresses(config: Config, state: DetachedServerState): void {
  say(`  Bolt           ${state.uri}  (user neo4j)`);
  say(`  Neo4j Browser  ${state.browserUrl}`);
  say(`  Password file  ${join(localHome(config), "password")}`);
}

async function serverVersion(config: Config, state: DetachedServerState): Promise<string> {
  const password = (await readFile(join(localHome(config), "password"), "utf8")).trim();
  const db = new Database({ uri: state.uri, username: "neo4j", password, database: config.NEO4J_DATABASE });
  try {
    return await db.serverVersion();
  } finally {
    await db.close();
  }
}

function portTakenMessage(config: Config): string {
  return `Port ${config.NEO4J_LOCAL_BOLT_PORT} is in use by another server, e.g. the Neo4j that an \`npm start\` started for itself (it stops with it).`;
}

/** True when something accepts TCP connections on the port, e.g. a server `npm start` started for itself. */
function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port, timeout: 1000 });
    const finish = (answered: boolean) => {
      socket.destroy();
      done(answered);
    };
    socket.once("connect", () => finish(true));
    socket.once("timeout", () => finish(false));
    socket.once("error", () => finish(false));
  });
}

/** Runs a command with the configuration; a configuration or server error is one clear line and exit code 1. */
function withConfig(command: (config: Config) => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await command(loadConfig());
    } catch (error) {
      if (error instanceof ConfigError || error instanceof LocalNeo4jError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
  };
}

const program = new Command("npm run neo4j --")
  .description(
    "The local Neo4j 5.26 server in the background (Java 17+ and Maven needed). Settings come from the same environment as `npm start`: GUESTGRAPH_DATA_DIR, NEO4J_LOCAL_BOLT_PORT, NEO4J_LOCAL_HTTP_PORT, NEO4J_LOCAL_HEAP.",
  )
  .showHelpAfterError();
program.command("start").description("start the local Neo4j and leave it running").action(withConfig(start));
program.command("stop").description("stop the local Neo4j started with `start`").action(withConfig(stop));
program
  .command("backup")
  .description(
    "dump the local store's database into one file (stops and restarts a server started with `start`)",
  )
  .argument("<file>", "the dump file to write, e.g. backups/guestgraph-2024-06-01.dump")
  .action((file: string) => withConfig((config) => backup(config, file))());
program
  .command("restore")
  .description(
    "replace the local store's database with a dump file (a new store is created when there is none)",
  )
  .argument("<file>", "a dump written by `backup` (or by neo4j-admin database dump)")
  .action((file: string) => withConfig((config) => restore(config, file))());
program
  .command("status")
  .description("say whether the local Neo4j is running, and where")
  .action(withConfig(status));

await program.parseAsync();
