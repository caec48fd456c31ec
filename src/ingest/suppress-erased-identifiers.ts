import { withoutErased } from "../domain/erasure.ts";
import type { Payment } from "../domain/payment.ts";
import { identityKey } from "../domain/resolution-keys.ts";
import type { Database } from "../graph/database.ts";
import type { ErasureRepository } from "../graph/erasure-repository.ts";

/**
 * Copies of payments as they may be stored: without identifiers the account erased (recognised by
 * their keyed hash), their values masked as an erasure masks them. An old webhook retried, a backfill
 * or a re-import thus never brings an erased value back. One index seek per distinct identifier.
 */
export async function suppressErasedIdentifiers(
  db: Database,
  erasures: ErasureRepository,
  account: string,
  payments: Payment[],
): Promise<Payment[]> {
  const hashOf = (identifier: Payment["identifiers"][number]) =>
    db.keyedHash(identityKey(account, identifier));
  const erased = await erasures.erasedAmong([
    ...new Set(payments.flatMap((payment) => payment.identifiers.map(hashOf))),
  ]);
  if (erased.size === 0) return payments;
  return payments.map((payment) =>
    withoutErased(
      payment,
      payment.identifiers.filter((identifier) => erased.has(hashOf(identifier))),
    ),
  );
}
