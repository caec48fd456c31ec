import type { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import type { Resolution } from "./reresolve-guest-payments.ts";

/**
 * Where a guest retired now leads. While its founding payment is in the guest rule, through that
 * payment (resolve-guest.cypher needs nothing stored). When the founding payment is gone (deleted, or a
 * customer attached), to the guest that now holds the most of its former payments — those it held
 * before this change that are still guest payments — the one holding the earliest of them on a tie;
 * to none when none of them is left.
 */
export async function recordGuestSuccessors(
  repository: PaymentGraphRepository,
  retired: string[],
  moves: Resolution["moves"],
): Promise<void> {
  const orphaned = await repository.guestsWithoutFounder(retired);
  if (orphaned.length === 0) return;

  // Each payment's guest before this change (its first move's previous guest) and after (its last move's).
  const journeys = new Map<string, { at: string; from: string | null; to: string }>();
  for (const move of moves) {
    const journey = journeys.get(move.id);
    journeys.set(move.id, {
      at: move.at,
      from: journey ? journey.from : move.previousGuest,
      to: move.guestId,
    });
  }
  await repository.setGuestSuccessors(
    orphaned.map((id) => ({ id, successorId: mostHeld(id, journeys.values()) })),
  );
}

function mostHeld(
  guestId: string,
  journeys: Iterable<{ at: string; from: string | null; to: string }>,
): string | null {
  const held = new Map<string, { count: number; earliest: string }>();
  for (const { at, from, to } of journeys) {
    if (from !== guestId) continue;
    const entry = held.get(to) ?? { count: 0, earliest: at };
    entry.count += 1;
    if (at < entry.earliest) entry.earliest = at; // order keys: strings, compared as such
    held.set(to, entry);
  }
  let best: { id: string; count: number; earliest: string } | null = null;
  for (const [id, { count, earliest }] of held) {
    if (!best || count > best.count || (count === best.count && earliest < best.earliest)) {
      best = { id, count, earliest };
    }
  }
  return best?.id ?? null;
}
