import type { Payment } from "../domain/payment.ts";
import type { Database } from "../graph/database.ts";
import { coalescedRequests } from "../metrics.ts";
import { type IngestResult, ingestPayments } from "./ingest-payments.ts";
import { WriteCoalescer } from "./write-coalescer.ts";

/** One coalescer per database connection (per process, in practice): see WriteCoalescer. */
const coalescers = new WeakMap<Database, WriteCoalescer<IngestResult>>();

/**
 * ingestPayments, with the requests of one account that arrive while its transaction runs merged into
 * the next transaction: what a burst of single-payment requests (webhooks) needs to not queue one
 * transaction at a time behind the account lock.
 */
export function ingestCoalesced(db: Database, account: string, payments: Payment[]): Promise<IngestResult[]> {
  let coalescer = coalescers.get(db);
  if (!coalescer) {
    coalescer = new WriteCoalescer((batchAccount, batch) => ingestPayments(db, batchAccount, batch), {
      onCommit: (submissions) => coalescedRequests.observe(submissions),
    });
    coalescers.set(db, coalescer);
  }
  return coalescer.submit(account, payments);
}

/** Transactions committed through this connection's coalescer and the requests they carried. */
export function coalescingStats(db: Database): { transactions: number; submissions: number } {
  return { ...(coalescers.get(db)?.stats ?? { transactions: 0, submissions: 0 }) };
}
