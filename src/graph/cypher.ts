import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Root of the cypher/ folder: one query per file, each runnable as it is in Neo4j Browser. */
export const cypherRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "cypher");

const cache = new Map<string, string>();

/** The text of cypher/<name>.cypher (name without the extension, e.g. "resolution/upsert-payments"). */
export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(cypherRoot, `${name}.cypher`), "utf8");
    cache.set(name, text);
  }
  return text;
}
