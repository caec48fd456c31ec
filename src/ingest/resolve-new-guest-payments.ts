import { guestIdFor } from "../domain/resolution-keys.ts";
import type { MatchRow, MovedPayment, PaymentGraphRepository } from "../graph/payment-graph-repository.ts";

/** What resolving did to guests, for their summaries. */
export interface Resolution {
  /** New payment id → its guest, when no stored payment changed guest (the common case). */
  newPaymentGuests: Map<string, string>;
  /** Payments that moved guest because a late payment arrived (new ones have no previous guest). */
  moves: (MovedPayment & { guestId: string })[];
  /** New payments that arrived late: they became the match of a stored, later payment (for metrics). */
  lateArrivals: number;
}

/**
 * Brings the graph back to "one chronological pass over every payment" after new guest payments
 * were created, touching only the payments whose guest can change.
 *
 * A new payment P can change the match of just one stored payment per identifier it used: the first
 * later payment with that identifier (any later use already has a more recent earlier use than P).
 * So: re-seek the matches of the new payments and those first later uses; where a match changed,
 * repoint it; then settle guests in (created, id) order, each payment taking its match's guest.
 */
export async function resolveNewGuestPayments(
  repository: PaymentGraphRepository,
  account: string,
  newIds: string[],
): Promise<Resolution> {
  if (newIds.length === 0) return { newPaymentGuests: new Map(), moves: [], lateArrivals: 0 };
  const isNew = new Set(newIds);
  const laterIds = (await repository.findFirstLaterUses(newIds)).filter((id) => !isNew.has(id));
  const rows = await repository.findMatches([...newIds, ...laterIds]);
  const changed = rows
    .filter((row) => isNew.has(row.id) || row.matchId !== row.currentMatchId)
    .sort((a, b) => (a.at < b.at ? -1 : 1));

  await repository.setMatches(changed.map(({ id, matchId }) => ({ id, matchId })));
  const lateArrivals = new Set(
    changed.flatMap((row) =>
      !isNew.has(row.id) && row.matchId && isNew.has(row.matchId) ? [row.matchId] : [],
    ),
  ).size;

  if (changed.every((row) => isNew.has(row.id))) {
    return { newPaymentGuests: await assignInOrder(repository, account, changed), moves: [], lateArrivals };
  }
  return {
    newPaymentGuests: new Map(),
    moves: await moveSubtrees(repository, account, changed),
    lateArrivals,
  };
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
 * A late payment took over the match of stored payments: in (created, id) order, each changed payment
 * and everything that joined through it moves to its match's guest.
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
