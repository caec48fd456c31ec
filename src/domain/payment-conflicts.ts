import type { Payment } from "./payment.ts";

/**
 * A payment's amount, currency and creation time are facts of the charge: no later copy of it may say
 * otherwise. A copy that does is not "the same payment again" but another payment sent under a reused id
 * (or a broken integration), and taking either version silently would lose money from the guest's totals,
 * so it is refused and nothing of it is written. Identifiers, customer, description and the mutable fields
 * (status, refunds, dispute, outcome) may change and are merged elsewhere.
 */
export const fixedPaymentFields = ["amount", "currency", "created"] as const;
export type FixedPaymentField = (typeof fixedPaymentFields)[number];

export type FixedFacts = Pick<Payment, FixedPaymentField>;

/**
 * For each payment id whose copies disagree, with the stored payment or with each other in the batch,
 * the first fixed field they disagree on. A PaymentIntent not yet charged (object "payment_intent") is
 * exempt: Stripe lets its amount and currency be updated until it is confirmed.
 */
export function findConflicts(
  batch: readonly Payment[],
  stored: ReadonlyMap<string, FixedFacts>,
): Map<string, FixedPaymentField> {
  const reference = new Map<string, FixedFacts>();
  const conflicts = new Map<string, FixedPaymentField>();
  for (const payment of batch) {
    if (payment.object === "payment_intent") continue;
    const known = reference.get(payment.id) ?? stored.get(payment.id);
    if (!known) {
      reference.set(payment.id, payment);
      continue;
    }
    reference.set(payment.id, known);
    const field = fixedPaymentFields.find((name) => known[name] !== payment[name]);
    if (field && !conflicts.has(payment.id)) conflicts.set(payment.id, field);
  }
  return conflicts;
}
