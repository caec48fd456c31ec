import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/** The merchant accounts that hold data, in id order, up to `limit` (an index range seek on Account.id). */
export async function listAccountsWithData(db: Database, limit: number): Promise<string[]> {
  const rows = await db.read<{ id: string }>(cypher("console/accounts-with-data"), {
    after: "",
    take: limit,
  });
  return rows.map((row) => row.id);
}
