import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/**
 * Builds the console into console/dist when its sources changed since the last build (a hash of
 * console/ and package-lock.json, kept in dist/.source-hash), so `npm start` and the browser tests can
 * call it every time and pay only when there is something to build. `--force` builds regardless.
 * The build goes to a fresh folder that replaces dist/ at the end, so a service serving dist/ meanwhile
 * never sees half a build, and builders take turns (a lock folder), so test files starting together build once.
 *
 *   node console/build.ts [--force]
 */

const consoleDir = dirname(fileURLToPath(import.meta.url));
const rootDir = join(consoleDir, "..");
export const distDir = join(consoleDir, "dist");
const hashFile = join(distDir, ".source-hash");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (entry) => !(dir === consoleDir && entry.name.startsWith("dist")) && entry.name !== "node_modules",
    )
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of [...sourceFiles(consoleDir), join(rootDir, "package-lock.json")]) {
    hash.update(relative(rootDir, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export async function buildConsole(options: { force?: boolean } = {}): Promise<"built" | "up to date"> {
  if (!options.force && isUpToDate(sourceHash())) return "up to date";
  const release = await lock();
  try {
    return await buildUnlocked(options);
  } finally {
    release();
  }
}

function isUpToDate(hash: string): boolean {
  return existsSync(hashFile) && readFileSync(hashFile, "utf8") === hash;
}

const lockDir = join(consoleDir, "dist.lock");

/** Waits for another builder (a lock folder naming its pid; a dead one's lock is taken over). */
async function lock(): Promise<() => void> {
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, "pid"), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!holderAlive() || waited > 180_000) rmSync(lockDir, { recursive: true, force: true });
      else await sleep(200);
    }
  }
}

function holderAlive(): boolean {
  try {
    process.kill(Number(readFileSync(join(lockDir, "pid"), "utf8")), 0);
    return true;
  } catch (error) {
    // No pid file yet (the holder is between mkdir and write): alive. EPERM: alive, someone else's.
    return (
      (error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EPERM"
    );
  }
}

async function buildUnlocked(options: { force?: boolean }): Promise<"built" | "up to date"> {
  const hash = sourceHash();
  if (!options.force && isUpToDate(hash)) return "up to date";
  let vite: typeof import("vite");
  try {
    vite = await import("vite");
  } catch {
    if (existsSync(join(distDir, "index.html"))) return "up to date"; // A production install: serve the build it has.
    throw new Error(
      "The console is not built and Vite is not installed: run `npm ci` (with dev dependencies), then `npm run build`.",
    );
  }
  const staging = join(consoleDir, `dist.building-${process.pid}`);
  await vite.build({
    configFile: join(consoleDir, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir: staging, emptyOutDir: true },
  });
  writeFileSync(join(staging, ".source-hash"), hash);
  const old = join(consoleDir, `dist.old-${process.pid}`);
  if (existsSync(distDir)) renameSync(distDir, old);
  renameSync(staging, distDir);
  rmSync(old, { recursive: true, force: true });
  return "built";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const result = await buildConsole({ force: process.argv.includes("--force") });
    console.log(
      `console ${result === "built" ? `built in ${Math.round(performance.now() - started)} ms` : "is up to date"} (${relative(process.cwd(), distDir) || distDir})`,
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
