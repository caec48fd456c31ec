import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.ts";

/**
 * `npm run neo4j -- start|status|stop` as a user runs it: the CLI in a child process, with its own data folder
 * and free ports so that it never touches the Neo4j this test run uses. Tests run in order: start, then stop.
 */

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

let dataDir = "";
let env: NodeJS.ProcessEnv = {};

async function cli(command: "start" | "status" | "stop"): Promise<string> {
  const { stdout } = await run(process.execPath, ["src/cli/neo4j.ts", command], {
    cwd: root,
    env,
    timeout: 150_000,
  });
  return stdout;
}

const stateFile = () => join(dataDir, "neo4j", "run", "guestgraph-server.json");
const passwordFile = () => join(dataDir, "neo4j", "password");

function pidIn(output: string): number {
  return Number(/\(pid (\d+)\)/.exec(output)?.[1] ?? 0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "guestgraph-neo4j-cli-"));
  env = {
    ...process.env,
    GUESTGRAPH_DATA_DIR: dataDir,
    NEO4J_LOCAL_BOLT_PORT: String(await freePort()),
    NEO4J_LOCAL_HTTP_PORT: String(await freePort()),
    NEO4J_LOCAL_HEAP: "512m",
    NEO4J_URI: "",
    // Starts with "-" on purpose: the initial password must never be read as an option.
    NEO4J_PASSWORD: "-cli-test-password",
  };
  await cli("start");
}, 180_000);

afterAll(async () => {
  // Never leave a detached server behind, whatever happened above.
  await cli("stop").catch(() => {});
  if (existsSync(stateFile())) {
    const { pid } = JSON.parse(await readFile(stateFile(), "utf8")) as { pid: number };
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  await rm(dataDir, { recursive: true, force: true });
}, 120_000);

describe("npm run neo4j", () => {
  it("when the server has been started, then status says running and Bolt answers with the password file's password", async () => {
    const boltUri = `bolt://127.0.0.1:${env.NEO4J_LOCAL_BOLT_PORT}`;

    const status = await cli("status");

    expect(status).toContain("is running");
    expect(status).toContain(boltUri);
    expect(status).toMatch(/Neo4j Kernel 5\.26\.\d+ community/);
    const password = (await readFile(passwordFile(), "utf8")).trim();
    const driver = neo4j.driver(boltUri, neo4j.auth.basic("neo4j", password));
    try {
      const { records } = await driver.executeQuery("RETURN 1 AS one");
      expect(records[0]?.get("one").toNumber()).toBe(1);
    } finally {
      await driver.close();
    }
  });

  it("when start runs while the server is running, then it says so and keeps the same server", async () => {
    const before = pidIn(await cli("status"));

    const again = await cli("start");

    expect(again).toContain("already running");
    expect(pidIn(again)).toBe(before);
  });

  it("when the server is stopped, then status says stopped, the state file is gone and the process has exited", async () => {
    const pid = pidIn(await cli("status"));
    expect(isAlive(pid)).toBe(true);

    const stopped = await cli("stop");
    const status = await cli("status");

    expect(stopped).toContain("Stopped.");
    expect(status).toContain("is stopped");
    expect(existsSync(stateFile())).toBe(false);
    expect(isAlive(pid)).toBe(false);
  });
});
