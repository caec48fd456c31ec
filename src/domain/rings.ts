/**
 * Rings: groups of distinct guests tied together by shared identifiers. A ring is a connected component
 * of the guest–identifier graph (a guest is linked to every email, phone and card one of its payments
 * used) with at least two guests, where hub identifiers (used by more guests than the hub threshold)
 * link nothing: a shared office phone or a test card would otherwise make a whole account one ring.
 *
 * Ingest keeps ring membership up to date locally: it hands the guests whose links changed, with their
 * old rings and the guests next to them, to `componentsOf`, which recomputes exactly that closed part
 * of the graph. Pure: no database.
 */

/** An identifier a guest used, as the ring computation sees it. */
export interface GuestUse {
  /** The identifier's identity key (account/kind/value). */
  identity: string;
  /** A hub links nothing. */
  hub: boolean;
}

export interface RingGuest {
  id: string;
  /** The order key (`created|id`) of the guest's founding payment: the ring's founder is its oldest guest. */
  foundedAt: string;
  disputed: boolean;
  uses: GuestUse[];
}

export interface Component {
  /** `ring_…` for a ring (two guests or more), null for a guest alone. */
  ringId: string | null;
  /** The member guest with the oldest founding payment. */
  founder: string;
  guests: string[];
}

/** What each guest of the recomputed part learns. */
export interface GuestRingFacts {
  ring: string | null;
  /**
   * Guest-to-guest hops to the nearest guest with a disputed payment through shared (non-hub)
   * identifiers: 0 for a disputed guest, 1 for a guest sharing an identifier with one, … ; null when
   * no disputed guest is reachable.
   */
  disputeDistance: number | null;
  /** How many of the guest's non-hub identifiers another guest with a disputed payment also used. */
  identifiersSharedWithDisputed: number;
  /** How many hub identifiers the guest used. */
  hubIdentifiers: number;
}

/** The ring id of a ring whose founder is `founderGuestId` (gst_X → ring_X): stable while its founder stays. */
export function ringIdFor(founderGuestId: string): string {
  return `ring_${founderGuestId.replace(/^gst_/, "")}`;
}

/**
 * The components of these guests (which must be closed: every guest sharing a non-hub identifier with
 * one of them is among them), with the ring facts of each guest.
 */
export function componentsOf(guests: RingGuest[]): {
  components: Component[];
  facts: Map<string, GuestRingFacts>;
} {
  const byId = new Map(guests.map((guest) => [guest.id, guest]));
  const guestsOf = guestsByIdentifier(guests);
  const parent = new Map(guests.map((guest) => [guest.id, guest.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    for (let at = id; at !== root; ) {
      const next = parent.get(at) as string;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  for (const sharing of guestsOf.values()) {
    const [first, ...rest] = sharing;
    for (const other of rest) parent.set(find(other), find(first as string));
  }

  const members = new Map<string, string[]>();
  for (const guest of guests) {
    const root = find(guest.id);
    members.set(root, [...(members.get(root) ?? []), guest.id]);
  }
  const components = [...members.values()].map((ids): Component => {
    const founder = ids.reduce((oldest, id) =>
      compareFounding(byId.get(id) as RingGuest, byId.get(oldest) as RingGuest) < 0 ? id : oldest,
    );
    return { ringId: ids.length >= 2 ? ringIdFor(founder) : null, founder, guests: [...ids].sort() };
  });

  const distance = disputeDistances(guests, guestsOf);
  const ringOf = new Map(components.flatMap((c) => c.guests.map((id) => [id, c.ringId] as const)));
  const facts = new Map(
    guests.map((guest): [string, GuestRingFacts] => [
      guest.id,
      {
        ring: ringOf.get(guest.id) ?? null,
        disputeDistance: distance.get(guest.id) ?? null,
        identifiersSharedWithDisputed: linking(guest.uses).filter((identity) =>
          (guestsOf.get(identity) ?? []).some((other) => other !== guest.id && byId.get(other)?.disputed),
        ).length,
        hubIdentifiers: new Set(guest.uses.filter((use) => use.hub).map((use) => use.identity)).size,
      },
    ]),
  );
  return { components, facts };
}

/** Non-hub identities, each once. */
function linking(uses: GuestUse[]): string[] {
  return [...new Set(uses.filter((use) => !use.hub).map((use) => use.identity))];
}

function guestsByIdentifier(guests: RingGuest[]): Map<string, string[]> {
  const guestsOf = new Map<string, string[]>();
  for (const guest of guests) {
    for (const identity of linking(guest.uses))
      guestsOf.set(identity, [...(guestsOf.get(identity) ?? []), guest.id]);
  }
  return guestsOf;
}

/** Breadth-first from every disputed guest at once, one guest-to-guest hop per shared identifier. */
function disputeDistances(guests: RingGuest[], guestsOf: Map<string, string[]>): Map<string, number> {
  const byId = new Map(guests.map((guest) => [guest.id, guest]));
  const distance = new Map<string, number>();
  let frontier = guests.filter((guest) => guest.disputed).map((guest) => guest.id);
  for (const id of frontier) distance.set(id, 0);
  const seenIdentifiers = new Set<string>();
  for (let hops = 1; frontier.length > 0; hops++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const identity of linking(byId.get(id)?.uses ?? [])) {
        if (seenIdentifiers.has(identity)) continue;
        seenIdentifiers.add(identity);
        for (const other of guestsOf.get(identity) ?? []) {
          if (distance.has(other)) continue;
          distance.set(other, hops);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return distance;
}

function compareFounding(a: RingGuest, b: RingGuest): number {
  if (a.foundedAt !== b.foundedAt) return a.foundedAt < b.foundedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
