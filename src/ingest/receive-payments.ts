import type { FixedPaymentField } from "../domain/payment-conflicts.ts";
import type { Database } from "../graph/database.ts";
import { paymentsIngested } from "../metrics.ts";
import { TimeSlicer } from "../time-slice.ts";
import { ingestCoalesced } from "./coalesced-ingest.ts";
import type { IngestResult } from "./ingest-payments.ts";
import { applyPendingUpdates } from "./payment-updates.ts";
import { type CopyOptions, type ParseError, type ParseResult, parsePayment } from "./to-payment.ts";

/** A payment stored (with the fields in which a card number was masked), or refused with its error. */
export type ReceivedItem =
  | ({ ok: true; redacted: string[] } & Exclude<IngestResult, { result: "conflict" }>)
  | { ok: false; index: number; error: ParseError };

/**
 * Payments as they come from outside (Stripe objects or the canonical shape): each is validated on
 * its own; a refused one is reported with its error and nothing of it is written, and the valid rest
 * of the batch is stored and resolved together (with what other requests of the account send meanwhile:
 * see WriteCoalescer)). A webhook may pass its event's `created` in `copy`, so that an older event never rolls back a newer
 * one (see Payment.version).
 */
export async function receivePayments(
  db: Database,
  account: string,
  inputs: unknown[],
  copy: CopyOptions = {},
): Promise<ReceivedItem[]> {
  // Payment by payment, giving the event loop its turns: 1,000 payments are too much work for one go.
  const slicer = new TimeSlicer();
  const parsed: ParseResult[] = [];
  for (const input of inputs) {
    await slicer.pause();
    parsed.push(parsePayment(input, account, copy));
  }
  paymentsIngested.inc({ result: "refused" }, parsed.filter((result) => !result.ok).length);
  const valid = parsed.flatMap((result) => (result.ok ? [result.payment] : []));
  const stored = valid.length > 0 ? await ingestCoalesced(db, account, valid) : [];
  // A dispute (or other update) that came before its payment is applied now that the payment is here.
  await applyPendingUpdates(
    db,
    account,
    stored.filter((result) => result.result === "created").map((result) => result.id),
  );
  let next = 0;
  return parsed.map((result, index): ReceivedItem => {
    if (!result.ok) return { ok: false, index, error: result.error };
    const outcome = stored[next++] as IngestResult;
    if (outcome.result === "conflict") return { ok: false, index, error: conflictError(outcome.field) };
    return { ok: true, redacted: result.redacted, ...outcome };
  });
}

/** A copy that contradicts another on a fixed fact: refused as a conflict (409 for a single payment). */
function conflictError(field: FixedPaymentField): ParseError {
  return {
    param: field,
    code: "payment_conflict",
    message: `A payment with this id was received with another ${field}. A payment's amount, currency and created never change: send another payment under its own id.`,
  };
}
