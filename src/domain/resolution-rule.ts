/**
 * The guest rule as one chronological pass, in memory. Per account, guest payments in (created, id)
 * order: a payment founds a new guest when no earlier payment used any of its identifiers; otherwise it
 * joins the guest of the most recent earlier payment that shares at least one identifier with it.
 *
 * The graph reaches the same result incrementally (cypher/resolution); this pass is what `verify`
 * recomputes an account with, and costs O(identifiers) per payment through per-identifier last use.
 */

export interface RulePayment {
  id: string;
  /** orderKey(created, id). */
  at: string;
  /** identityKey(...) of each identifier the payment used. */
  identities: readonly string[];
}

export interface RuleAssignment {
  /** The earlier payment this one joined; null when it founded its guest. */
  matchId: string | null;
  /** The payment that founded this payment's guest (itself when it founded one). */
  founderId: string;
}

export class ChronologicalResolver {
  readonly #lastUse = new Map<string, RulePayment>();
  readonly #founderOf = new Map<string, string>();
  #previousAt = "";

  /** Takes the next payment in (created, id) order and says where it belongs. */
  next(payment: RulePayment): RuleAssignment {
    if (payment.at <= this.#previousAt) {
      throw new Error(`payments must arrive in (created, id) order: ${payment.at} after ${this.#previousAt}`);
    }
    this.#previousAt = payment.at;
    let match: RulePayment | undefined;
    for (const identity of payment.identities) {
      const candidate = this.#lastUse.get(identity);
      if (candidate && (!match || candidate.at > match.at)) match = candidate;
    }
    for (const identity of payment.identities) this.#lastUse.set(identity, payment);
    const founderId = match ? (this.#founderOf.get(match.id) ?? match.id) : payment.id;
    this.#founderOf.set(payment.id, founderId);
    return { matchId: match?.id ?? null, founderId };
  }
}
