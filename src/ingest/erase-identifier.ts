import { randomBytes } from "node:crypto";
import { type ErasedIdentifier, maskEmails, maskEmailsInMetadata } from "../domain/erasure.ts";
import { identityKey } from "../domain/resolution-keys.ts";
import type { Database } from "../graph/database.ts";
import { type ErasureRecord, ErasureRepository } from "../graph/erasure-repository.ts";
import { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import { maintainRings, pairsBefore, ringChangesOf, ringSettings } from "./maintain-rings.ts";
import { recordGuestSuccessors } from "./record-guest-successors.ts";
import { refreshGuestSummaries } from "./refresh-guest-summaries.ts";
import { reresolveGuestPayments } from "./reresolve-guest-payments.ts";

export interface ErasureRequest {
  type: ErasureRecord["identifierType"];
  /** Every stored spelling of the value (a phone may be stored as E.164 and as bare digits); the first names it. */
  spellings: ErasedIdentifier[];
  /** Who asked: the API key's id. */
  requestedBy: string;
}

export interface Erasure extends ErasureRecord {
  /** The first erasure of the same value, when this one repeats it (and then touches nothing). */
  repeatOf: string | null;
}

/**
 * Erases an identifier from every payment of the account that carries it: the identifier's node and
 * every use of it go, its value is masked where a payment keeps it in text (description, metadata) or
 * cleared (a card's fingerprint), and the payments that used it are re-resolved — the only ones whose
 * match can change, since no use of the identifier is left anywhere. Later copies of payments carrying
 * it have it removed before they are stored (ingestPayments), so an erasure is never undone. Recorded
 * with the keyed hash of the value, never the value. Idempotent: a repeat finds nothing to erase.
 */
export async function eraseIdentifier(
  db: Database,
  account: string,
  request: ErasureRequest,
): Promise<Erasure> {
  const hashes = request.spellings.map((identifier) => db.keyedHash(identityKey(account, identifier)));
  return db.writeTransaction(async (tx) => {
    const graph = new PaymentGraphRepository(tx, account);
    const erasures = new ErasureRepository(tx, account);
    await graph.lockAccount();

    const touched = await erasures.paymentsUsing(request.spellings);
    const restatedPairs = await pairsBefore(
      tx,
      account,
      touched.map(({ id }) => id),
    );
    const emails = request.spellings.filter(({ kind }) => kind === "email").map(({ value }) => value);
    await erasures.erase(
      request.spellings,
      touched.map((payment) => ({
        id: payment.id,
        description: payment.description === null ? null : maskEmails(payment.description, emails),
        metadata: maskEmailsInMetadata(payment.metadata, emails),
        clearCardFingerprint: request.type === "card_fingerprint",
      })),
    );
    const resolution = await reresolveGuestPayments(graph, account, {
      joined: [],
      reidentified: touched.filter((payment) => payment.customer === null).map(({ id }) => id),
      changedUses: [], // no use of the identifier is left, so no later use to re-seek
    });
    const retired = await refreshGuestSummaries(graph, {
      changed: [],
      created: new Map(),
      departed: [],
      resolution,
    });
    await recordGuestSuccessors(graph, retired, resolution.moves);
    // The erased identifier's node went with its guests' USED links: their rings are recomputed.
    const touchedGuests = [...new Set(touched.flatMap(({ guest }) => (guest ? [guest] : [])))];
    // The pairs Radar counts that held the value are forgotten (no Radar list keeps an erased value).
    await maintainRings(
      tx,
      account,
      { ...ringChangesOf(resolution, touchedGuests, []), restatedPairs },
      ringSettings(),
    );

    const changedGuests = new Set([
      ...touched.flatMap(({ guest }) => (guest ? [guest] : [])),
      ...resolution.moves.flatMap(({ guestId, previousGuest }) =>
        previousGuest ? [guestId, previousGuest] : [guestId],
      ),
    ]);
    for (const guest of retired) changedGuests.delete(guest);
    const record: ErasureRecord = {
      id: `ers_${randomBytes(12).toString("base64url").replace(/[-_]/g, "0")}`,
      created: Math.floor(Date.now() / 1000),
      identifierType: request.type,
      valueHash: hashes[0] as string,
      requestedBy: request.requestedBy,
      paymentsTouched: touched.length,
      guestsChanged: changedGuests.size,
      guestsRetired: retired.length,
    };
    const repeatOf = await erasures.record(record, hashes);
    return { ...record, repeatOf };
  });
}
