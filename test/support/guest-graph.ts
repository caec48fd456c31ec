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

export interface GuestRecount {
  id: string;
  stored: Record<string, unknown>;
  recounted: Record<string, unknown>;
}

/** Recounts every guest of the account from the payments it holds, next to what the guest node says. */
export async function recountGuests(db: Database, account: string): Promise<GuestRecount[]> {
  const rows = await db.read<{
    id: string;
    node: Record<string, unknown>;
    payments: {
      created: number;
      amount: number;
      currency: string;
      status: string;
      amountRefunded: number | null;
      disputeStatus: string | null;
    }[];
  }>(
    `MATCH (g:Guest) WHERE g.account = $account
     OPTIONAL MATCH (g)<-[:BELONGS_TO]-(p:Payment)
     RETURN g.id AS id, properties(g) AS node,
            collect(p {.created, .amount, .currency, .status, .amountRefunded, .disputeStatus}) AS payments`,
    { account },
  );
  return rows.map(({ id, node, payments }) => {
    const totals: Record<
      string,
      { spent: number; refunded: number; disputed: number; failed: number; payments: number }
    > = {};
    for (const p of payments) {
      const entry = totals[p.currency] ?? { spent: 0, refunded: 0, disputed: 0, failed: 0, payments: 0 };
      entry.payments += 1;
      entry.spent += p.status === "succeeded" ? p.amount : 0;
      entry.refunded += p.amountRefunded ?? 0;
      entry.disputed += p.disputeStatus ? p.amount : 0;
      entry.failed += p.status === "failed" ? p.amount : 0;
      totals[p.currency] = entry;
    }
    const disputes = payments.filter((p) => p.disputeStatus).length;
    const refunded = payments.filter((p) => (p.amountRefunded ?? 0) > 0).length;
    const created = payments.map((p) => p.created);
    return {
      id,
      stored: {
        paymentCount: node.paymentCount,
        firstPaymentAt: node.firstPaymentAt ?? null,
        lastPaymentAt: node.lastPaymentAt ?? null,
        disputeCount: node.disputeCount,
        refundedPaymentCount: node.refundedPaymentCount,
        failedPaymentCount: node.failedPaymentCount,
        hasDispute: node.hasDispute,
        hasRefund: node.hasRefund,
        retired: node.retired,
        totals: JSON.parse(String(node.totals)),
      },
      recounted: {
        paymentCount: payments.length,
        firstPaymentAt: created.length ? Math.min(...created) : null,
        lastPaymentAt: created.length ? Math.max(...created) : null,
        disputeCount: disputes,
        refundedPaymentCount: refunded,
        failedPaymentCount: payments.filter((p) => p.status === "failed").length,
        hasDispute: disputes > 0,
        hasRefund: refunded > 0,
        retired: payments.length === 0,
        totals,
      },
    };
  });
}
