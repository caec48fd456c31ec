import type { Database } from "../graph/database.ts";
import { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import { departures, ruleUsesOf } from "./apply-identity-changes.ts";
import {
  maintainRings,
  pairsBefore,
  ringChangesOf,
  ringSettings,
  withRestatedPayments,
} from "./maintain-rings.ts";
import { recordGuestSuccessors } from "./record-guest-successors.ts";
import { refreshGuestSummaries } from "./refresh-guest-summaries.ts";
import { reresolveGuestPayments } from "./reresolve-guest-payments.ts";

/**
 * Deletes a payment as if it had never been sent: the payment, its uses and MATCHED edges go (and the
 * identifiers and customer only it used), the payments whose match it was are re-resolved, and a guest
 * left empty is retired. A tombstone keeps copies made before the deletion from bringing it back.
 * False when the account has no such payment.
 */
export async function deletePayment(db: Database, account: string, id: string): Promise<boolean> {
  return db.writeTransaction(async (tx) => {
    const repository = new PaymentGraphRepository(tx, account);
    await repository.lockAccount();
    const stored = (await repository.findExisting([id])).get(id);
    if (!stored) return false;

    const restatedPairs = await pairsBefore(tx, account, [id]);
    await repository.redirectGuestsFoundedBy(departures([stored]));
    await repository.deletePayments([id], Date.now());
    const resolution = await reresolveGuestPayments(repository, account, {
      joined: [],
      reidentified: [],
      changedUses: ruleUsesOf(account, stored),
    });
    const retired = await refreshGuestSummaries(repository, {
      changed: [],
      created: new Map(),
      departed: stored.guest ? [{ guestId: stored.guest, payment: stored }] : [],
      resolution,
    });
    await recordGuestSuccessors(repository, retired, resolution.moves);
    await maintainRings(
      tx,
      account,
      {
        ...withRestatedPayments(ringChangesOf(resolution, [], []), [
          {
            id,
            from: stored.guest,
            to: null,
            fromIdentifiers: stored.identity.identifiers.map(({ kind, value }) => ({ kind, value })),
          },
        ]),
        restatedPairs,
      },
      ringSettings(),
    );
    return true;
  });
}
