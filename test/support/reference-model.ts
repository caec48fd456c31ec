/**
 * The guest rule written as plainly as possible, to check the graph against: sort the payments, and
 * for each one scan every earlier payment for a shared identifier. Quadratic on purpose; it shares no
 * code with src/ so that a mistake in one does not hide in the other.
 */

export interface ReferencePayment {
  id: string;
  created: number;
  /** Registered customer's payments take no part. */
  customer: string | null;
  /** Anything that identifies: "email:a@x", "card:F1", … */
  identifiers: string[];
}

/** Payment id → id of the payment that founded its guest. */
export function referenceFounders(payments: ReferencePayment[]): Map<string, string> {
  const unique = new Map<string, ReferencePayment>();
  for (const payment of payments) if (!unique.has(payment.id)) unique.set(payment.id, payment);
  const ordered = [...unique.values()]
    .filter((payment) => payment.customer === null)
    .sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const founderOf = new Map<string, string>();
  ordered.forEach((payment, index) => {
    let founder = payment.id;
    for (let earlier = index - 1; earlier >= 0; earlier--) {
      const candidate = ordered[earlier] as ReferencePayment;
      if (candidate.identifiers.some((identifier) => payment.identifiers.includes(identifier))) {
        founder = founderOf.get(candidate.id) as string;
        break;
      }
    }
    founderOf.set(payment.id, founder);
  });
  return founderOf;
}
