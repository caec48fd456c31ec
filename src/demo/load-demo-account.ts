import type { ReceivedItem } from "../ingest/receive-payments.ts";
import type { DemoAccount } from "./demo-account.ts";

/** Stores a batch of payments as they come from outside (Stripe objects) and says what became of each. */
export type SendPayments = (batch: unknown[]) => Promise<ReceivedItem[]>;

export interface DemoLoadSummary {
  deliveries: number;
  /** Distinct payments created. */
  created: number;
  /** Deliveries that changed a payment already there (a later copy: settled, refunded, disputed). */
  updated: number;
  unchanged: number;
  /** Deliveries of payments deleted after the copy was made (none in a fresh demo account). */
  deleted: number;
  refused: number;
  /** The first refusals, "id: param: message" (a refusal is a bug in the generator or the parser). */
  refusals: string[];
}

/**
 * Sends the demo account's deliveries in arrival order, in batches, through the real ingest path
 * (`send` is receivePayments on a database, or POST /v1/payments on a running API). Running it again
 * changes nothing: every delivery is then "unchanged".
 *
 *   await loadDemoAccount(demo, (batch) => receivePayments(db, demo.options.account, batch));
 */
export async function loadDemoAccount(
  demo: DemoAccount,
  send: SendPayments,
  options: { batchSize?: number; onProgress?: (sent: number, total: number) => void } = {},
): Promise<DemoLoadSummary> {
  const batchSize = options.batchSize ?? 250;
  const summary: DemoLoadSummary = {
    deliveries: demo.deliveries.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    refused: 0,
    refusals: [],
  };
  const created = new Set<string>();
  for (let start = 0; start < demo.deliveries.length; start += batchSize) {
    const batch = demo.deliveries.slice(start, start + batchSize).map((delivery) => delivery.object);
    for (const item of await send(batch)) {
      if (item.ok) {
        // Two copies of one payment in a batch both answer "created": the second one is an update.
        const again = item.result === "created" && created.has(item.id);
        created.add(item.id);
        summary[again ? "updated" : item.result]++;
        continue;
      }
      summary.refused++;
      if (summary.refusals.length < 5) {
        const id = String((batch[item.index] as { id?: unknown }).id);
        summary.refusals.push(`${id}: ${item.error.param}: ${item.error.message}`);
      }
    }
    options.onProgress?.(Math.min(start + batchSize, demo.deliveries.length), demo.deliveries.length);
  }
  return summary;
}
