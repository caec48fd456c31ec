import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import neo4j from "neo4j-driver";

/**
 * A real Neo4j 5.26 Community server, started from Maven Central artifacts on the machine's Java:
 * the default database when NEO4J_URI is unset and for tests where no Docker engine answers.
 */

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const pomPath = join(here, "pom.xml");
const launcherPath = join(here, "LocalNeo4j.java");
const startTimeoutMs = 90_000;

export interface LocalNeo4jOptions {
  /** Folder holding the server's home (config, data, logs). Created when missing. */
  home: string;
  boltPort: number;
  httpPort: number;
  heap: string;
  /** Used for a new store only; an existing store keeps the password it was created with. */
  initialPassword?: string;
  /** When true (the default) the JVM ends with this process, however it ends. */
  tiedToThisProcess?: boolean;
}

export interface RunningNeo4j {
  uri: string;
  username: string;
  password: string;
  browserUrl: string;
  version: string;
  pid: number;
  startedInMs: number;
  stop(): Promise<void>;
}

export class LocalNeo4jError extends Error {
  override name = "LocalNeo4jError";
}

/** Fails with an install hint when Java 17+ or Maven is missing. */
export async function checkPrerequisites(): Promise<void> {
  let javaVersion: string;
  try {
    const { stderr, stdout } = await run("java", ["-version"]);
    javaVersion = `${stderr}${stdout}`;
  } catch {
    throw new LocalNeo4jError(
      "Java was not found. The local Neo4j needs Java 17 or 21: install a JDK (e.g. `apt-get install openjdk-17-jdk-headless`), or set NEO4J_URI to use an existing Neo4j, or run `docker compose up`.",
    );
  }
  const major = Number(/version "(\d+)/.exec(javaVersion)?.[1] ?? 0);
  if (major < 17) {
    throw new LocalNeo4jError(`Java ${major} was found; the local Neo4j 5.26 needs Java 17 or 21.`);
  }
  try {
    await run("mvn", ["-v"]);
  } catch {
    throw new LocalNeo4jError(
      "Maven was not found. The local Neo4j resolves its jars with Maven: install it (e.g. `apt-get install maven`), or set NEO4J_URI to use an existing Neo4j.",
    );
  }
}

/** Resolves the server's jars once (Maven's cache), remembering the classpath until pom.xml changes. */
export async function resolveClasspath(cacheDir: string): Promise<string> {
  const pom = await readFile(pomPath, "utf8");
  const pomHash = createHash("sha256").update(pom).digest("hex").slice(0, 16);
  const cacheFile = resolve(cacheDir, `neo4j-classpath-${pomHash}.txt`);
  if (existsSync(cacheFile)) {
    const classpath = (await readFile(cacheFile, "utf8")).trim();
    if (classpath.split(":").every((jar) => existsSync(jar))) return classpath;
  }
  await mkdir(cacheDir, { recursive: true });
  try {
    await run(
      "mvn",
      ["-q", "-B", "-f", pomPath, "dependency:build-classpath", `-Dmdep.outputFile=${cacheFile}`],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const output =
      error instanceof Error && "stdout" in error ? String(error.stdout).slice(-2000) : String(error);
    throw new LocalNeo4jError(`Maven could not resolve the Neo4j server's jars:\n${output}`);
  }
  return (await readFile(cacheFile, "utf8")).trim();
}

/**
 * Compiles LocalNeo4j.java once (until it changes) instead of at every start, which saves the JVM's
 * in-memory compile of single-file programs (seconds on a small machine). Without javac (a JRE only),
 * Java runs the source file directly. Returns what goes after the classpath: a class name or a file.
 */
async function compiledLauncher(
  cacheDir: string,
  classpath: string,
): Promise<{ classpath: string; main: string }> {
  const source = await readFile(launcherPath, "utf8");
  const launcherDir = resolve(
    cacheDir,
    `launcher-${createHash("sha256").update(source).digest("hex").slice(0, 16)}`,
  );
  if (!existsSync(join(launcherDir, "LocalNeo4j.class"))) {
    // Compile beside, then rename: a second process starting at the same moment never sees half a class file.
    const building = `${launcherDir}.${process.pid}`;
    try {
      await mkdir(building, { recursive: true });
      await run("javac", ["-cp", classpath, "-d", building, launcherPath]);
      await rename(building, launcherDir).catch(() => rm(building, { recursive: true, force: true }));
    } catch {
      await rm(building, { recursive: true, force: true });
      return { classpath, main: launcherPath };
    }
  }
  return { classpath: `${classpath}:${launcherDir}`, main: "LocalNeo4j" };
}

function serverConfig(home: string, boltPort: number, httpPort: number): string {
  return [
    "# Written by GuestGraph at every start; edit local-neo4j.ts rather than this file.",
    "server.default_listen_address=127.0.0.1",
    "server.default_advertised_address=127.0.0.1",
    `server.bolt.listen_address=127.0.0.1:${boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${boltPort}`,
    `server.http.listen_address=127.0.0.1:${httpPort}`,
    `server.http.advertised_address=127.0.0.1:${httpPort}`,
    "server.https.enabled=false",
    `server.directories.data=${join(home, "data")}`,
    `server.directories.logs=${join(home, "logs")}`,
    `server.directories.run=${join(home, "run")}`,
    `server.directories.import=${join(home, "import")}`,
    "dbms.security.auth_enabled=true",
    "dbms.usage_report.enabled=false",
    "server.memory.pagecache.size=256m",
    "db.tx_log.rotation.retention_policy=2 files",
    // Bolt otherwise idles 5 s per network event loop once the store is closed: ~10 s added to every stop.
    "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    "",
  ].join("\n");
}

async function readOrCreatePassword(
  home: string,
  initialPassword: string | undefined,
): Promise<{ password: string; isNewStore: boolean }> {
  const passwordFile = join(home, "password");
  const isNewStore = !existsSync(join(home, "data", "dbms", "auth.ini"));
  if (!isNewStore && existsSync(passwordFile)) {
    return { password: (await readFile(passwordFile, "utf8")).trim(), isNewStore };
  }
  // Hex: nothing a shell or an option parser could take for something else.
  const password = initialPassword ?? randomBytes(18).toString("hex");
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  return { password, isNewStore: true };
}

/** A local server's home made ready to start or to be worked on offline (neo4j-admin): config, and a password on a new store. */
export async function prepareLocalHome(
  options: Pick<LocalNeo4jOptions, "home" | "boltPort" | "httpPort" | "initialPassword">,
): Promise<{ home: string; confDir: string; classpath: string; password: string }> {
  await checkPrerequisites();
  const home = resolve(options.home);
  const confDir = join(home, "conf");
  await mkdir(confDir, { recursive: true });
  const classpath = await resolveClasspath(dirname(home));
  await writeFile(join(confDir, "neo4j.conf"), serverConfig(home, options.boltPort, options.httpPort));

  const { password, isNewStore } = await readOrCreatePassword(home, options.initialPassword);
  if (isNewStore) {
    await rm(join(home, "data"), { recursive: true, force: true });
    await run(
      "java",
      // "--": a password may start with "-", which the tool would otherwise read as an option.
      ["-cp", classpath, "org.neo4j.cli.AdminTool", "dbms", "set-initial-password", "--", password],
      {
        env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: confDir },
      },
    );
  }
  return { home, confDir, classpath, password };
}

/**
 * neo4j-admin on a local home whose server is stopped: `database dump|load …`. The tool's own output is
 * answered on failure, since it says why (a database in use, a damaged archive).
 */
export async function runAdminTool(
  prepared: { home: string; confDir: string; classpath: string },
  args: string[],
): Promise<void> {
  try {
    await run("java", ["-cp", prepared.classpath, "org.neo4j.cli.AdminTool", ...args], {
      env: { ...process.env, NEO4J_HOME: prepared.home, NEO4J_CONF: prepared.confDir },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const output =
      error instanceof Error && "stderr" in error
        ? `${String(error.stderr)}${String((error as { stdout?: unknown }).stdout ?? "")}`
        : String(error);
    throw new LocalNeo4jError(
      `neo4j-admin ${args.slice(0, 2).join(" ")} failed:\n${output.trim().slice(-2000)}`,
    );
  }
}

export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<RunningNeo4j> {
  const startedAt = Date.now();
  const { home, confDir, password } = await prepareLocalHome(options);
  const classpath = await resolveClasspath(dirname(home));

  const tied = options.tiedToThisProcess ?? true;
  const launcher = await compiledLauncher(dirname(home), classpath);
  const args = [
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
    "-cp",
    launcher.classpath,
    launcher.main,
    ...(tied ? ["--watch-parent"] : []),
    `--home-dir=${home}`,
    `--config-dir=${confDir}`,
  ];
  const child = spawn("java", args, {
    stdio: [tied ? "pipe" : "ignore", "ignore", "pipe"],
    detached: !tied,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  if (!tied) {
    child.unref();
    child.stderr?.destroy();
  }

  const uri = `bolt://127.0.0.1:${options.boltPort}`;
  const version = await waitForBolt(uri, password, child, () => stderr, home);
  const stop = tied ? () => stopChild(child) : () => stopPid(child.pid ?? 0);
  if (tied) {
    // Ctrl-C and normal exits stop the server here; anything harsher is caught by the stdin watchdog.
    process.once("exit", () => child.kill("SIGTERM"));
  }
  return {
    uri,
    username: "neo4j",
    password,
    browserUrl: `http://127.0.0.1:${options.httpPort}/browser/`,
    version,
    pid: child.pid ?? 0,
    startedInMs: Date.now() - startedAt,
    stop,
  };
}

async function waitForBolt(
  uri: string,
  password: string,
  child: ChildProcess,
  stderr: () => string,
  home: string,
): Promise<string> {
  const deadline = Date.now() + startTimeoutMs;
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) {
      const log = await readFile(join(home, "logs", "neo4j.log"), "utf8").catch(() => "");
      throw new LocalNeo4jError(
        `The local Neo4j exited with code ${exited} while starting.\n${stderr()}\n${log.split("\n").slice(-15).join("\n")}`,
      );
    }
    // No driver retries: they back off exponentially (1 s, 2 s, 4 s...) and notice a ready server late.
    const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", password), {
      connectionTimeout: 1000,
      maxTransactionRetryTime: 0,
    });
    try {
      const result = await driver.executeQuery(
        "CALL dbms.components() YIELD versions RETURN versions[0] AS version",
        {},
        { database: "system" },
      );
      return String(result.records[0]?.get("version"));
    } catch {
      await new Promise((done) => setTimeout(done, 250));
    } finally {
      await driver.close();
    }
  }
  child.kill("SIGKILL");
  throw new LocalNeo4jError(
    `The local Neo4j did not answer on ${uri} within ${startTimeoutMs / 1000} s. Logs: ${join(home, "logs")}`,
  );
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}

export async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/**
 * True when `pid` is a local Neo4j serving `home`: a pid in an old state file (after a reboot, say) may since
 * belong to an unrelated process, which must never be stopped or mistaken for the server.
 */
export async function isLocalNeo4jServing(pid: number, home: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    const { stdout } = await run("ps", ["-ww", "-o", "command=", "-p", String(pid)], {
      maxBuffer: 1024 * 1024,
    });
    return stdout.includes("LocalNeo4j") && stdout.includes(`--home-dir=${resolve(home)}`);
  } catch {
    return true; // No `ps` to ask: trust the live pid, as before.
  }
}

export function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
