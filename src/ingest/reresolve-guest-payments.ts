import { guestIdFor } from "../domain/resolution-keys.ts";
import type {
  MatchRow,
  MovedPayment,
  PaymentGraphRepository,
  RuleUse,
} from "../graph/payment-graph-repository.ts";

/** What changed in the guest rule's input, once the graph holds the payments as they are now. */
export interface RuleChanges {
  /** Guest payments new to the rule: created, or a customer removed from them. */
  joined: string[];
  /** Guest payments still in the rule whose identifiers changed. */
  reidentified: string[];
  /** Every use of an identifier added or removed (by joining, leaving, deletion, updates, erasure), at its place in the order. */
  changedUses: RuleUse[];
}

/** What resolving did to guests, for their summaries. */
export interface Resolution {
  /** Joined payment id → its guest, when no stored payment changed guest (the common case). */
  newPaymentGuests: Map<string, string>;
  /** Payments that moved guest (joined ones have no previous guest). */
  moves: (MovedPayment & { guestId: string })[];
  /** Joined payments that arrived late: they became the match of a stored, later payment (for metrics). */
  lateArrivals: number;
}

/**
 * Brings the graph back to "one chronological pass over the payments as they are now" after payments
 * joined or left the rule or changed identifiers, touching only the payments whose guest can change.
 *
 * A use of identifier i added or removed at P can change the match of just one other payment: the first
 * later payment using i (every later use of i already has a more recent earlier use than P). So: re-seek
 * the matches of the joined and reidentified payments and of those first later uses; where a match
 * changed, repoint it; then settle guests in (created, id) order, each payment taking its match's guest
 * (or founding its own), moving with it the payments that joined through it.
 */
export async function reresolveGuestPayments(
  repository: PaymentGraphRepository,
  account: string,
  changes: RuleChanges,
): Promise<Resolution> {
  const seeds = new Set([...changes.joined, ...changes.reidentified]);
  const laterIds = (await repository.findFirstLaterUses(changes.changedUses)).filter((id) => !seeds.has(id));
  if (seeds.size === 0 && laterIds.length === 0) {
    return { newPaymentGuests: new Map(), moves: [], lateArrivals: 0 };
  }

  const rows = await repository.findMatches([...seeds, ...laterIds]);
  const unsettled = rows
    .filter(
      (row) => row.guest === null || row.matchId !== row.currentMatchId || foundsElsewhere(account, row),
    )
    .sort((a, b) => (a.at < b.at ? -1 : 1));
  await repository.setMatches(
    unsettled
      .filter((row) => row.guest === null || row.matchId !== row.currentMatchId)
      .map(({ id, matchId }) => ({ id, matchId })),
  );

  const joined = new Set(changes.joined);
  const lateArrivals = new Set(
    unsettled.flatMap((row) =>
      !joined.has(row.id) && row.matchId && joined.has(row.matchId) && row.matchId !== row.currentMatchId
        ? [row.matchId]
        : [],
    ),
  ).size;

  if (unsettled.every((row) => row.guest === null)) {
    return { newPaymentGuests: await assignInOrder(repository, account, unsettled), moves: [], lateArrivals };
  }
  return {
    newPaymentGuests: new Map(),
    moves: await moveSubtrees(repository, account, unsettled),
    lateArrivals,
  };
}

/** A payment that founds a guest now but sits in another (its match was deleted or left the rule). */
function foundsElsewhere(account: string, row: MatchRow): boolean {
  return row.matchId === null && row.guest !== guestIdFor(account, row.id);
}

/**
 * The common case (payments arriving in order, or late ones that change nobody's match): no stored
 * payment changes guest, so every new payment's guest follows from its match alone.
 */
async function assignInOrder(
  repository: PaymentGraphRepository,
  account: string,
  rows: MatchRow[],
): Promise<Map<string, string>> {
  const guestOf = new Map<string, string>();
  for (const row of rows) {
    const guestId = row.matchId ? (guestOf.get(row.matchId) ?? row.matchGuest) : guestIdFor(account, row.id);
    if (!guestId) throw new Error(`payment ${row.matchId} has no guest`);
    guestOf.set(row.id, guestId);
  }
  await repository.assignNewGuestPayments([...guestOf].map(([id, guestId]) => ({ id, guestId })));
  return guestOf;
}

/**
 * Stored payments change guest: in (created, id) order, each unsettled payment and everything that
 * joined through it moves to its match's guest (or to the guest it founds).
 */
async function moveSubtrees(
  repository: PaymentGraphRepository,
  account: string,
  rows: MatchRow[],
): Promise<Resolution["moves"]> {
  const moves: Resolution["moves"] = [];
  for (const row of rows) {
    const result = await repository.moveToMatchGuest(row.id, guestIdFor(account, row.id));
    for (const move of result?.moved ?? []) moves.push({ ...move, guestId: result?.guestId as string });
  }
  return moves;
}
