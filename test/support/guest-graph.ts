import type { Payment } from "../../src/domain/payment.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";

export interface StoredAssignment {
  guest: string | null;
  /** How many BELONGS_TO edges the payment has: exactly 1 for a guest payment, 0 for a customer's. */
  guestEdges: number;
  /** The guest node's id behind the edge, when there is one. */
  edgeGuest: string | null;
}

/** Every payment of the account with the guest the graph gives it. */
export async function storedAssignments(
  db: Database,
  account: string,
): Promise<Map<string, StoredAssignment>> {
  const rows = await db.read<{
    id: string;
    guest: string | null;
    guestEdges: number;
    edgeGuest: string | null;
  }>(
    `MATCH (p:Payment) WHERE p.account = $account
     OPTIONAL MATCH (p)-[:BELONGS_TO]->(g:Guest)
     RETURN p.id AS id, p.guest AS guest, count(g) AS guestEdges, head(collect(g.id)) AS edgeGuest`,
    { account },
  );
  return new Map(rows.map(({ id, ...assignment }) => [id, assignment]));
}

/** Guest id → its payment ids, sorted, for guests that hold payments. */
export async function guestsWithPayments(db: Database, account: string): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>();
  for (const [id, assignment] of await storedAssignments(db, account)) {
    if (!assignment.guest) continue;
    groups.set(assignment.guest, [...(groups.get(assignment.guest) ?? []), id].sort());
  }
  return groups;
}

/**
 * Ingests `first`, then `late` (payments dated before some of the first ones), the way backfills arrive.
 * Answers the guest `retiring` founded before the late round (retired by it when the seed says so), and
 * every payment's guest after both rounds.
 */
export async function ingestInTwoRounds(
  db: Database,
  account: string,
  seed: { first: Payment[]; late: Payment[] },
  retiring: string,
): Promise<{ retiredGuest: string; guestOf: Map<string, string> }> {
  const first = await ingestPayments(db, account, seed.first);
  const retiredGuest = first.find((result) => result.id === retiring)?.guest ?? "";
  await ingestPayments(db, account, seed.late);
  const guestOf = new Map<string, string>();
  for (const [id, { guest }] of await storedAssignments(db, account)) if (guest) guestOf.set(id, guest);
  return { retiredGuest, guestOf };
}
