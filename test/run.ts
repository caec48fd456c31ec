import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * `npm test`: Vitest, then the plain closing line "N passed, N failed" that CI reads, taken from
 * Vitest's JSON report. Extra arguments go to Vitest (`npm test -- test/unit`).
 */
const reportDir = ".data";
mkdirSync(reportDir, { recursive: true });
// One report per run: runs side by side (several engineers, watch mode) must not read each other's counts.
const report = join(reportDir, `vitest-report-${process.pid}.json`);

const vitest = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  passed = results.numPassedTests;
  // A file whose setup failed fails no test of its own (they are skipped): count the file, so that the
  // closing line never says "0 failed" for a red run.
  failed = results.numFailedTests + results.numFailedTestSuites;
  skipped = results.numPendingTests + results.numTodoTests;
} catch {
  failed = 1; // No report means Vitest itself failed; never let that look green.
}
rmSync(report, { force: true });
if (vitest.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(vitest.status === 0 && failed === 0 ? 0 : 1);
