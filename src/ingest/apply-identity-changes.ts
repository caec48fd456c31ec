import type { SummaryPayment } from "../domain/guest-summary.ts";
import type { Identifier } from "../domain/payment.ts";
import { identityKey } from "../domain/resolution-keys.ts";
import type { PaymentGraphRepository, RuleUse, StoredPayment } from "../graph/payment-graph-repository.ts";
import type { PaymentGuestChange } from "./maintain-rings.ts";
import type { IdentityChange } from "./plan-upsert.ts";
import type { RuleChanges } from "./reresolve-guest-payments.ts";

/** What replacing payments' identities did to the guest rule's input, for re-resolution and summaries. */
export interface IdentityOutcome extends RuleChanges {
  /** Payments that left the rule (a customer attached), with the guest they left. */
  departed: { guestId: string; payment: SummaryPayment }[];
  /** What guest summaries count of the joined payments, by id. */
  joinedPayments: Map<string, SummaryPayment>;
}

/**
 * Writes what newer copies say about who made stored payments: identifiers, customer and details. A
 * payment that gains a customer leaves the guest rule (its guest and MATCHED edges go, its uses stay
 * as links to related customers); one that loses its customer joins it; a guest payment whose
 * identifiers changed stays and is re-seeked. Every use added or removed is reported at its place in
 * the order, so that exactly the payments whose match it can change are re-resolved.
 */
export async function applyIdentityChanges(
  repository: PaymentGraphRepository,
  account: string,
  changes: IdentityChange[],
): Promise<IdentityOutcome> {
  const outcome: IdentityOutcome = {
    joined: [],
    reidentified: [],
    changedUses: [],
    departed: [],
    joinedPayments: new Map(),
  };
  if (changes.length === 0) return outcome;
  const leaving: StoredPayment[] = [];
  for (const { stored, payment, fields } of changes) {
    const wasGuest = stored.identity.customer === null;
    const isGuest = payment.customer === null;
    const before = wasGuest ? ruleIdentities(account, stored.identity.identifiers) : [];
    const after = isGuest ? ruleIdentities(account, payment.identifiers) : [];
    const removed = before.filter((identity) => !after.includes(identity));
    const added = after.filter((identity) => !before.includes(identity));
    outcome.changedUses.push(...[...removed, ...added].map((identity) => ({ identity, at: stored.at })));
    if (wasGuest && !isGuest) {
      leaving.push(stored);
      if (stored.guest) outcome.departed.push({ guestId: stored.guest, payment: { ...stored, ...fields } });
    } else if (!wasGuest && isGuest) {
      outcome.joined.push(stored.id);
      outcome.joinedPayments.set(stored.id, { ...stored, ...fields });
    } else if (isGuest && removed.length + added.length > 0) {
      outcome.reidentified.push(stored.id);
    }
  }
  await repository.redirectGuestsFoundedBy(departures(leaving));
  await repository.leaveGuestRule(leaving.map(({ id }) => id));
  await repository.replaceIdentity(changes.map(({ payment }) => payment));
  return outcome;
}

/** The identity keys of the identifiers a guest payment uses in the rule. */
export function ruleIdentities(account: string, identifiers: Pick<Identifier, "kind" | "value">[]): string[] {
  return [...new Set(identifiers.map((identifier) => identityKey(account, identifier)))];
}

/** A stored guest payment's uses in the rule, at its place in the order: what its removal changes. */
export function ruleUsesOf(account: string, stored: StoredPayment): RuleUse[] {
  if (stored.identity.customer !== null) return [];
  return ruleIdentities(account, stored.identity.identifiers).map((identity) => ({
    identity,
    at: stored.at,
  }));
}

/**
 * How rings see payments whose identifiers or customer changed: from their guest and identifiers before
 * the transaction to their guest (`guestOf`, after it) and identifiers now.
 */
export function restatedPayments(
  changes: IdentityChange[],
  guestOf: Map<string, string | null>,
): PaymentGuestChange[] {
  return changes.map(({ stored }) => ({
    id: stored.id,
    from: stored.guest,
    to: guestOf.get(stored.id) ?? null,
    fromIdentifiers: stored.identity.identifiers.map(({ kind, value }) => ({ kind, value })),
  }));
}

/** Departing payments with the guest each was in. */
export function departures(payments: StoredPayment[]): { id: string; guestId: string }[] {
  return payments.flatMap(({ id, guest }) => (guest ? [{ id, guestId: guest }] : []));
}
