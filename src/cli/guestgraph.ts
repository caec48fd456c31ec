#!/usr/bin/env node
import { spawn } from "node:child_process";
import { Command, CommanderError } from "commander";
import { exitCodes } from "./cli-errors.ts";
import { registerBackfill } from "./commands/backfill.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerImport } from "./commands/import.ts";
import { registerNeo4j } from "./commands/neo4j.ts";
import { registerRebuildRings } from "./commands/rebuild-rings.ts";
import { registerServe } from "./commands/serve.ts";
import { registerVerify } from "./commands/verify.ts";

/**
 * `guestgraph` (`npm run guestgraph -- <command>`, or the package's bin): every operation from a terminal,
 * against the same Neo4j that `npm start` uses. Exit codes: see cli-errors.ts and the README.
 */

const importHeapMb = 160;

// An import holds one batch at a time, but V8 lets garbage pile up to far more than that before it
// collects: the import runs with a small heap so that its memory stays flat (well under 300 MB) for any
// file size. Run again as a child with that heap when not already. The parent passes SIGTERM and SIGINT on
// to the child (which stops between batches and says where to resume) and exits as the child did.
if (
  process.argv[2] === "import" &&
  !process.execArgv.some((flag) => flag.startsWith("--max-old-space-size"))
) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${importHeapMb}`, ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  const status = await new Promise<number>((done) => {
    child.once("exit", (code, signal) => done(code ?? (signal === "SIGINT" ? exitCodes.interrupted : 1)));
    child.once("error", () => done(1));
  });
  process.exit(status);
}

// A reader that goes away early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

const program = new Command("guestgraph")
  .description("GuestGraph from the terminal: run the API, bring payments in, check an account")
  .showHelpAfterError("(add --help for the options)")
  .addHelpText(
    "after",
    `
Exit codes: 0 done; 1 done but some input refused (or verify found differences); 2 wrong option or argument;
3 wrong setting (environment variable) or unreadable file; 4 Neo4j, the API or Stripe unavailable (try again);
70 internal error; 130 interrupted.`,
  )
  .exitOverride();

registerServe(program);
registerDemo(program);
registerImport(program);
registerBackfill(program);
registerVerify(program);
registerRebuildRings(program);
registerNeo4j(program);

try {
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Help and version end well; any other complaint of commander's is about the command line.
  if (
    error.code === "commander.helpDisplayed" ||
    error.code === "commander.help" ||
    error.code === "commander.version"
  ) {
    process.exit(exitCodes.ok);
  }
  if (error.code === "commander.executeSubCommandAsync") process.exit(error.exitCode);
  process.exit(exitCodes.usage);
}
