import { randomInt } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { keyProblem } from "./api-keys.ts";

/**
 * The admin key of a local try-out (no GUESTGRAPH_API_KEYS, no external Neo4j, not production): made
 * on the first start, kept in `<data dir>/api-key` readable by its owner only, and reused afterwards so
 * that scripts and notebooks keep working across restarts.
 */

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export interface LocalAdminKey {
  key: string;
  file: string;
  /** True when this start made the key (and the file). */
  created: boolean;
}

/** `gg_admin_` and 32 base62 characters: about 190 random bits, drawn without modulo bias. */
export function generateAdminKey(): string {
  let suffix = "";
  for (let i = 0; i < 32; i++) suffix += base62[randomInt(base62.length)];
  return `gg_admin_${suffix}`;
}

export async function loadOrCreateLocalAdminKey(dataDir: string): Promise<LocalAdminKey> {
  const file = join(dataDir, "api-key");
  await mkdir(dataDir, { recursive: true });
  try {
    // "wx": when two starts race, exactly one creates the file and the other reads what it wrote.
    const key = generateAdminKey();
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" });
    return { key, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = (await readFile(file, "utf8")).trim();
  const problem = keyProblem(key);
  if (problem)
    throw new Error(`The local API key file ${file} is unusable: ${problem}. Delete it to get a new key.`);
  // A copy restored from a backup or made by hand may be readable by others: keep the key to its owner.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return { key, file, created: false };
}
