import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * `npm run mutation-check`: proves that the tests notice when the guest rule stops re-resolving the
 * payments a removal can change (issue 8: "disabling the re-resolution of first later uses on removal
 * must fail the suite"). Each patch in test/mutation/mutants/ disables it on one path (an identifier
 * update or a customer attached, a deletion, an erasure). For each, the working tree (tracked and
 * untracked files, not ignored ones) is copied to a temporary directory, the patch applied there, and
 * the named test files run; the mutant is killed when they fail. The repository itself is never touched.
 *
 *   npm run mutation-check                      every mutant, against test/component/api-payment-changes.test.ts
 *   npm run mutation-check -- --mutant deletion-removals -- test/component/guest-changes-properties.test.ts
 *
 * Exit 0 when every mutant was killed, 1 when one survived, 2 when a patch no longer applies (the code
 * moved: update the patch, or the check proves nothing).
 */
const root = resolve(import.meta.dirname, "../..");
const mutantsDir = join(root, "test/mutation/mutants");
const defaultTests = ["test/component/api-payment-changes.test.ts"];

const args = process.argv.slice(2);
const separator = args.indexOf("--");
const options = separator === -1 ? args : args.slice(0, separator);
const testFiles = separator === -1 ? defaultTests : args.slice(separator + 1);
const chosen = options.flatMap((option, index) => (options[index - 1] === "--mutant" ? [option] : []));
const mutants = readdirSync(mutantsDir)
  .filter((name) => name.endsWith(".patch"))
  .map((name) => name.slice(0, -".patch".length))
  .filter((name) => chosen.length === 0 || chosen.includes(name));
if (mutants.length === 0) {
  console.error(`no such mutant: ${chosen.join(", ")}`);
  process.exit(2);
}

/** The working tree as it is now (committed or not), without ignored files; node_modules linked. */
function copyOfWorkingTree(): string {
  const copy = mkdtempSync(join(tmpdir(), "guestgraph-mutant-"));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const target = join(copy, file);
    mkdirSync(dirname(target), { recursive: true });
    try {
      cpSync(join(root, file), target);
    } catch {
      // A tracked file deleted in the working tree is not part of it.
    }
  }
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

const outcomes: { mutant: string; outcome: "killed" | "SURVIVED" | "does not apply" }[] = [];
for (const mutant of mutants) {
  const copy = copyOfWorkingTree();
  try {
    const patch = join(mutantsDir, `${mutant}.patch`);
    const applied = spawnSync("git", ["apply", patch], { cwd: copy, encoding: "utf8" });
    if (applied.status !== 0) {
      console.error(`mutant ${mutant}: the patch no longer applies\n${applied.stderr}`);
      outcomes.push({ mutant, outcome: "does not apply" });
      continue;
    }
    console.log(`\n=== mutant ${mutant}: running ${testFiles.join(" ")}`);
    const run = spawnSync(process.execPath, ["test/run.ts", ...testFiles], { cwd: copy, stdio: "inherit" });
    outcomes.push({ mutant, outcome: run.status === 0 ? "SURVIVED" : "killed" });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

console.log("\nmutation check:");
for (const { mutant, outcome } of outcomes) console.log(`  ${mutant}: ${outcome}`);
const killed = outcomes.filter(({ outcome }) => outcome === "killed").length;
console.log(`${killed} of ${outcomes.length} mutants killed`);
process.exit(
  outcomes.some(({ outcome }) => outcome === "does not apply")
    ? 2
    : outcomes.some(({ outcome }) => outcome === "SURVIVED")
      ? 1
      : 0,
);
