import {
  type GuestSummary,
  type SummaryPayment,
  summarise,
  withChangedPayment,
  withPayment,
} from "../domain/guest-summary.ts";
import type { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import type { Resolution } from "./resolve-new-guest-payments.ts";

export interface SummaryChanges {
  /** Stored payments whose mutable fields changed, with the guest they were in. */
  changed: { guestId: string; before: SummaryPayment; after: SummaryPayment }[];
  /** New guest payments, by id. */
  created: Map<string, SummaryPayment>;
  resolution: Resolution;
}

/**
 * Moves guests' summaries by what this batch did: deltas for new and changed payments, a recount for
 * guests a late payment reshaped (the recount already sees every change of the batch).
 */
export async function refreshGuestSummaries(
  repository: PaymentGraphRepository,
  changes: SummaryChanges,
): Promise<void> {
  const { reshapedGuests, newPaymentGuests } = changes.resolution;
  const deltas: { guestId: string; apply: (summary: GuestSummary) => GuestSummary }[] = [
    ...changes.changed.map(({ guestId, before, after }) => ({
      guestId,
      apply: (s: GuestSummary) => withChangedPayment(s, before, after),
    })),
    ...[...newPaymentGuests].map(([paymentId, guestId]) => {
      const payment = changes.created.get(paymentId) as SummaryPayment;
      return { guestId, apply: (s: GuestSummary) => withPayment(s, payment) };
    }),
  ].filter(({ guestId }) => !reshapedGuests.has(guestId));

  const summaries = await repository.readSummaries([...new Set(deltas.map(({ guestId }) => guestId))]);
  for (const { guestId, apply } of deltas)
    summaries.set(guestId, apply(summaries.get(guestId) ?? summarise([])));
  for (const [guestId, payments] of await repository.listGuestPaymentAmounts([...reshapedGuests])) {
    summaries.set(guestId, summarise(payments));
  }
  await repository.writeSummaries(summaries);
}
