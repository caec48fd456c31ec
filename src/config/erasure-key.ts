import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "./env.ts";

/**
 * The secret that erased identifiers are hashed with (Database.keyedHash): GUESTGRAPH_ERASURE_KEY when
 * set; otherwise one made on first use and kept in `<data dir>/erasure-key`, readable by its owner only.
 * It must stay the same for the life of the data: with another key an erased value is no longer
 * recognised when an old copy of a payment brings it again. Never stored in Neo4j.
 */
export async function erasureHashKey(
  config: Pick<Config, "GUESTGRAPH_ERASURE_KEY" | "GUESTGRAPH_DATA_DIR">,
): Promise<string> {
  if (config.GUESTGRAPH_ERASURE_KEY) return config.GUESTGRAPH_ERASURE_KEY;
  const file = join(config.GUESTGRAPH_DATA_DIR, "erasure-key");
  await mkdir(config.GUESTGRAPH_DATA_DIR, { recursive: true });
  try {
    const key = randomBytes(32).toString("base64url");
    // "wx": when two processes race, exactly one creates the file and the other reads what it wrote.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = (await readFile(file, "utf8")).trim();
  if (key.length < 32) throw new Error(`The erasure key file ${file} is unusable (too short).`);
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return key;
}
