import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * On a Node older than 24, `npm ci`, `npm start` and `npm test` stop with one line saying what to do, instead
 * of an obscure ERR_UNKNOWN_FILE_EXTENSION: package.json runs scripts/require-node-24.cjs before each.
 */

const script = "scripts/require-node-24.cjs";

function check(version?: string) {
  const args = version === undefined ? [script] : [script, version];
  return spawnSync(process.execPath, args, { encoding: "utf8" });
}

describe("the Node version check", () => {
  it("when the Node version is older than 24, then it exits 1 with one line naming the version and Node 24", () => {
    const run = check("20.20.2");

    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Node.js 20.20.2");
    expect(lines[0]).toContain("needs Node.js 24");
  });

  it("when the Node version is 24 or newer, then it says nothing and exits 0", () => {
    for (const version of ["24.0.0", "24.11.1", "25.2.0"]) {
      const run = check(version);
      expect(run.status, version).toBe(0);
      expect(run.stderr + run.stdout, version).toBe("");
    }
    expect(check().status).toBe(0); // the Node running this test is 24
  });

  it("when npm ci, npm start, npm test or a CLI script runs, then the check runs first", () => {
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as {
      scripts: Record<string, string>;
    };

    for (const hook of ["preinstall", "prestart", "pretest", "preneo4j", "preguestgraph"]) {
      // First, before anything else the hook does (`prestart` also builds the console, with Node 24).
      expect(scripts[hook]?.split(" && ")[0], hook).toBe(`node ${script}`);
    }
  });

  it("when the script is read, then it uses no syntax newer than what old Node versions parse (CommonJS, no ?. or ??)", () => {
    const source = readFileSync(script, "utf8");

    expect(source).not.toMatch(/\bimport\b|\?\.|\?\?|\bexport\b/);
    expect(source).toContain('"use strict"');
  });
});
