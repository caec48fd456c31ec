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
