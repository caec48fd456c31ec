import {
  type GuestSummary,
  type SummaryPayment,
  summarise,
  withChangedPayment,
  withoutPayment,
  withPayment,
} from "../domain/guest-summary.ts";
import type { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import type { Resolution } from "./reresolve-guest-payments.ts";

export interface SummaryChanges {
  /** Stored payments whose mutable fields changed, with the guest they were in. */
  changed: { guestId: string; before: SummaryPayment; after: SummaryPayment }[];
  /** New guest payments, by id. */
  created: Map<string, SummaryPayment>;
  /** Payments that left the guest rule (deleted, or a customer attached), with the guest they left. */
  departed: { guestId: string; payment: SummaryPayment }[];
  resolution: Resolution;
}

type Delta = { guestId: string; apply: (summary: GuestSummary) => GuestSummary };

/**
 * Moves guests' summaries by what this batch did, in deltas: changed payments, new payments, payments
 * that left the rule, and payments moved between guests. The cost follows the payments that changed,
 * never the size of the guests. A guest that lost payments rereads its first and last payment times
 * from the ends of its payment index. Answers the guests this left empty (retired now).
 */
export async function refreshGuestSummaries(
  repository: PaymentGraphRepository,
  changes: SummaryChanges,
): Promise<string[]> {
  const { newPaymentGuests, moves } = changes.resolution;
  const deltas: Delta[] = [
    ...changes.changed.map(({ guestId, before, after }) => ({
      guestId,
      apply: (summary: GuestSummary) => withChangedPayment(summary, before, after),
    })),
    ...[...newPaymentGuests].map(([paymentId, guestId]) => {
      const payment = changes.created.get(paymentId) as SummaryPayment;
      return { guestId, apply: (summary: GuestSummary) => withPayment(summary, payment) };
    }),
    ...changes.departed.map(({ guestId, payment }) => ({
      guestId,
      apply: (summary: GuestSummary) => withoutPayment(summary, payment),
    })),
    ...moves.flatMap(({ guestId, previousGuest, payment }) => [
      { guestId, apply: (summary: GuestSummary) => withPayment(summary, payment) },
      ...(previousGuest
        ? [{ guestId: previousGuest, apply: (summary: GuestSummary) => withoutPayment(summary, payment) }]
        : []),
    ]),
  ];
  if (deltas.length === 0) return [];

  const summaries = await repository.readSummaries([...new Set(deltas.map(({ guestId }) => guestId))]);
  const heldPayments = new Set(
    [...summaries].filter(([, summary]) => summary.paymentCount > 0).map(([id]) => id),
  );
  for (const { guestId, apply } of deltas)
    summaries.set(guestId, apply(summaries.get(guestId) ?? summarise([])));

  const shrunk = new Set([
    ...moves.flatMap(({ previousGuest }) => (previousGuest ? [previousGuest] : [])),
    ...changes.departed.map(({ guestId }) => guestId),
  ]);
  for (const [guestId, bounds] of await repository.activityBounds([...shrunk])) {
    summaries.set(guestId, { ...(summaries.get(guestId) ?? summarise([])), ...bounds });
  }
  await repository.writeSummaries(summaries);
  return [...summaries]
    .filter(([id, summary]) => summary.paymentCount === 0 && heldPayments.has(id))
    .map(([id]) => id);
}
