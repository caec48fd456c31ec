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

export interface ReferenceRingPayment extends ReferencePayment {
  disputed: boolean;
}

export interface ReferenceRings {
  /** Guest (by founding payment id) → the founding payment id of its ring's founder, or null. */
  ringOf: Map<string, string | null>;
  /** Guest → hops to the nearest guest with a disputed payment through shared non-hub identifiers. */
  disputeDistance: Map<string, number | null>;
  /** Identifier → how many distinct guests used it. */
  guestCount: Map<string, number>;
  /** "guest identifier" → how many of the guest's payments used it. */
  uses: Map<string, number>;
}

/**
 * Rings the plain way: group payments into guests with referenceFounders, link each guest to the
 * identifiers its payments used, drop identifiers used by more than `hubGuests` guests, and walk the
 * components depth-first; a component of two guests or more is a ring, founded by its oldest guest.
 */
export function referenceRings(payments: ReferenceRingPayment[], hubGuests: number): ReferenceRings {
  const founders = referenceFounders(payments);
  const byId = new Map(payments.map((payment) => [payment.id, payment]));
  const uses = new Map<string, number>();
  const identifiersOf = new Map<string, Set<string>>();
  const guestsOf = new Map<string, Set<string>>();
  const disputed = new Set<string>();
  for (const [paymentId, guest] of founders) {
    const payment = byId.get(paymentId) as ReferenceRingPayment;
    if (payment.disputed) disputed.add(guest);
    if (!identifiersOf.has(guest)) identifiersOf.set(guest, new Set());
    for (const identifier of new Set(payment.identifiers)) {
      uses.set(`${guest} ${identifier}`, (uses.get(`${guest} ${identifier}`) ?? 0) + 1);
      identifiersOf.get(guest)?.add(identifier);
      if (!guestsOf.has(identifier)) guestsOf.set(identifier, new Set());
      guestsOf.get(identifier)?.add(guest);
    }
  }
  const isHub = (identifier: string) => (guestsOf.get(identifier)?.size ?? 0) > hubGuests;
  const neighbours = (guest: string) =>
    [...(identifiersOf.get(guest) ?? [])]
      .filter((identifier) => !isHub(identifier))
      .flatMap((identifier) => [...(guestsOf.get(identifier) ?? [])]);

  const ringOf = new Map<string, string | null>();
  const guests = [...identifiersOf.keys()];
  for (const start of guests) {
    if (ringOf.has(start)) continue;
    const component: string[] = [];
    const stack = [start];
    const seen = new Set([start]);
    while (stack.length > 0) {
      const guest = stack.pop() as string;
      component.push(guest);
      for (const next of neighbours(guest)) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    const order = (guest: string) => {
      const founding = byId.get(guest) as ReferenceRingPayment;
      return `${String(founding.created).padStart(12, "0")}|${founding.id}`;
    };
    const founder = component.reduce((oldest, guest) => (order(guest) < order(oldest) ? guest : oldest));
    for (const guest of component) ringOf.set(guest, component.length >= 2 ? founder : null);
  }

  const disputeDistance = new Map<string, number | null>(guests.map((guest) => [guest, null]));
  for (const guest of guests) {
    // Breadth-first from each guest until a disputed one: quadratic, and independent of the code's multi-source walk.
    const depth = new Map([[guest, 0]]);
    const queue = [guest];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      if (disputed.has(current)) {
        disputeDistance.set(guest, depth.get(current) as number);
        break;
      }
      for (const next of neighbours(current)) {
        if (!depth.has(next)) {
          depth.set(next, (depth.get(current) as number) + 1);
          queue.push(next);
        }
      }
    }
  }
  const guestCount = new Map([...guestsOf].map(([identifier, set]) => [identifier, set.size]));
  return { ringOf, disputeDistance, guestCount, uses };
}

/**
 * The rule's full answer over the same plain scan: each payment's match (the most recent earlier payment
 * sharing an identifier; null for a founder) and the payment that founded its guest.
 */
export function referencePass(payments: ReferencePayment[]): {
  founderOf: Map<string, string>;
  matchOf: Map<string, string | null>;
} {
  const ordered = payments
    .filter((payment) => payment.customer === null)
    .sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const founderOf = new Map<string, string>();
  const matchOf = new Map<string, string | null>();
  ordered.forEach((payment, index) => {
    let match: ReferencePayment | null = null;
    for (let earlier = index - 1; earlier >= 0 && !match; earlier--) {
      const candidate = ordered[earlier] as ReferencePayment;
      if (candidate.identifiers.some((identifier) => payment.identifiers.includes(identifier)))
        match = candidate;
    }
    matchOf.set(payment.id, match?.id ?? null);
    founderOf.set(payment.id, match ? (founderOf.get(match.id) as string) : payment.id);
  });
  return { founderOf, matchOf };
}

/** One copy of a payment as it arrives: what it says now, and its version (Payment.version). */
export interface ReferenceCopy extends ReferencePayment {
  version: number;
}

/**
 * An account's payments as they are now, from the copies, deletions and erasures it received, in any
 * order: each payment as its highest-version copy says (the first received on a tie), without the
 * deleted payments, and without the erased identifiers. The histories tested make every copy before
 * any deletion (as a webhook retry or re-import of old data is), so a deleted payment stays deleted.
 */
export class ReferenceAccount {
  readonly #copies = new Map<string, ReferenceCopy>();
  readonly #deleted = new Set<string>();
  readonly #erased = new Set<string>();

  receive(copy: ReferenceCopy): void {
    if (this.#deleted.has(copy.id)) return;
    const stored = this.#copies.get(copy.id);
    if (!stored || copy.version > stored.version) this.#copies.set(copy.id, copy);
  }

  delete(id: string): void {
    this.#copies.delete(id);
    this.#deleted.add(id);
  }

  erase(identifier: string): void {
    this.#erased.add(identifier);
  }

  payments(): ReferencePayment[] {
    return [...this.#copies.values()].map(({ id, created, customer, identifiers }) => ({
      id,
      created,
      customer,
      identifiers: identifiers.filter((identifier) => !this.#erased.has(identifier)),
    }));
  }
}

/**
 * Where retired guest ids lead, over a serial history (one step per transaction: a batch, a deletion,
 * an erasure), written plainly from the rule in the README. Guests are named by their founding payment.
 * A guest that held payments before a step and none after is retired; if its founding payment is then no
 * guest payment (deleted, or a customer attached), it is succeeded by the guest holding the most of its
 * former payments (those it held before the step that are still guest payments), the one holding the
 * earliest of them on a tie, or by none. A retired guest whose founding payment leaves the rule later is
 * succeeded by the guest that payment was in. A retired id leads through its founding payment while that
 * is a guest payment, else on through its successor.
 */
export class ReferenceRedirects {
  readonly #existed = new Set<string>();
  readonly #successor = new Map<string, string | null>();
  #pass = referencePass([]);
  #payments = new Map<string, ReferencePayment>();

  step(paymentsNow: ReferencePayment[]): void {
    const before = this.#pass;
    const after = referencePass(paymentsNow);
    const live = (pass: typeof before) => new Set(pass.founderOf.values());
    const liveBefore = live(before);
    const liveAfter = live(after);
    const byId = new Map([
      ...this.#payments,
      ...paymentsNow.map((payment) => [payment.id, payment] as const),
    ]);

    for (const [id, founder] of before.founderOf) {
      const retiredBefore = this.#existed.has(id) && !liveBefore.has(id);
      if (!after.founderOf.has(id) && retiredBefore) this.#successor.set(id, founder);
    }
    for (const guest of liveBefore) {
      if (liveAfter.has(guest) || after.founderOf.has(guest)) continue;
      const held = new Map<string, { count: number; earliest: ReferencePayment }>();
      for (const [id, founder] of before.founderOf) {
        const now = after.founderOf.get(id);
        if (founder !== guest || now === undefined) continue;
        const payment = byId.get(id) as ReferencePayment;
        const entry = held.get(now);
        if (!entry) held.set(now, { count: 1, earliest: payment });
        else {
          entry.count += 1;
          if (earlier(payment, entry.earliest)) entry.earliest = payment;
        }
      }
      let best: [string, { count: number; earliest: ReferencePayment }] | undefined;
      for (const candidate of held) {
        if (
          !best ||
          candidate[1].count > best[1].count ||
          (candidate[1].count === best[1].count && earlier(candidate[1].earliest, best[1].earliest))
        ) {
          best = candidate;
        }
      }
      this.#successor.set(guest, best ? best[0] : null);
    }
    for (const guest of liveAfter) this.#existed.add(guest);
    this.#pass = after;
    this.#payments = new Map(paymentsNow.map((payment) => [payment.id, payment]));
  }

  /** Founders of every guest that ever held payments. */
  guestsEver(): Set<string> {
    return new Set(this.#existed);
  }

  /** The founder of the live guest a guest (named by its founder) leads to; null when none. */
  leadsTo(guest: string, hops = 0): string | null {
    if (new Set(this.#pass.founderOf.values()).has(guest)) return guest;
    const through = this.#pass.founderOf.get(guest);
    if (through !== undefined) return through;
    const successor = this.#successor.get(guest);
    return successor && hops < 32 ? this.leadsTo(successor, hops + 1) : null;
  }
}

function earlier(a: ReferencePayment, b: ReferencePayment): boolean {
  return a.created < b.created || (a.created === b.created && a.id < b.id);
}
