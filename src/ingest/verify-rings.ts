import { isDeepStrictEqual } from "node:util";
import { summarise } from "../domain/guest-summary.ts";
import { guestFlags, guestScore, riskFlagBits } from "../domain/risk.ts";
import type { Database } from "../graph/database.ts";
import { RingRebuildReads } from "../graph/ring-rebuild-repository.ts";
import type { IdentifierKey, RingRow } from "../graph/ring-upkeep-repository.ts";
import type { RingSettings } from "./maintain-rings.ts";
import { countsOf, radarOf, recomputeAccountRings } from "./rebuild-rings.ts";

/** Something ingest keeps for rings that differs from a recomputation over the payments as stored now. */
export interface RingDifference {
  /** `guest gst_…`, `email …`/`phone …`/`card …`, or `ring ring_…`. */
  subject: string;
  field: string;
  stored: unknown;
  expected: unknown;
}

const pageSize = 1000;
const ringFields = [
  "founder",
  "guestCount",
  "disputedGuestCount",
  "paymentCount",
  "refundedPaymentCount",
  "disputeCount",
  "failedPaymentCount",
  "firstPaymentAt",
  "lastPaymentAt",
  "totals",
  "hubIdentifierCount",
  "score",
] as const satisfies (keyof RingRow)[];

/**
 * Recomputes an account's rings from scratch (as `guestgraph rebuild-rings` would, without writing) and
 * compares what ingest keeps: every guest's ring, ring facts, Radar attributes, risk score and flags and
 * USED links, every identifier's guest count, hub flag and Radar list sizes, and every ring node. Reads
 * the whole account (a command, not a request), page by page.
 */
export async function ringDifferences(
  db: Database,
  account: string,
  settings: RingSettings,
): Promise<RingDifference[]> {
  const expected = await recomputeAccountRings(db, account, settings);
  const reads = new RingRebuildReads(db, account);
  const differences: RingDifference[] = [];
  const rings = new Map(expected.rings.map((ring) => [ring.id, ring]));
  const compare = (subject: string, field: string, stored: unknown, wanted: unknown) => {
    if (!isDeepStrictEqual(stored, wanted)) differences.push({ subject, field, stored, expected: wanted });
  };

  for (let after = ""; ; ) {
    const ids = await reads.guestsAfter(after, pageSize);
    if (ids.length === 0) break;
    for (const stored of await reads.guestRingState(ids)) {
      const subject = `guest ${stored.id}`;
      const history = expected.histories.get(stored.id);
      const fact = expected.facts.get(stored.id);
      compare(subject, "ring", stored.ring ?? null, fact?.ring ?? null);
      compare(
        subject,
        "uses",
        stored.uses.map(({ kind, value, payments }) => `${kind}/${value} ${payments}`).sort(),
        [...(history?.uses.values() ?? [])]
          .map(({ kind, value, payments }) => `${kind}/${value} ${payments}`)
          .sort(),
      );
      // A retired guest holds nothing: only its ring and links are checked.
      if (!history || !fact) continue;
      compare(subject, "disputeDistance", stored.disputeDistance, fact.disputeDistance);
      compare(
        subject,
        "identifiersSharedWithDisputed",
        stored.identifiersSharedWithDisputed,
        fact.identifiersSharedWithDisputed,
      );
      compare(subject, "hubIdentifiers", stored.hubIdentifiers, fact.hubIdentifiers);
      const radar = radarOf(history, expected.identifiers);
      compare(subject, "radar", stored.radar, JSON.stringify(radar));
      const risk = {
        ...fact,
        disputeCount: summarise(history.payments).disputeCount,
        ringSize: fact.ring ? (rings.get(fact.ring)?.guestCount ?? 0) : 0,
        radar,
      };
      compare(subject, "riskScore", stored.riskScore, guestScore(risk));
      compare(subject, "riskFlagBits", stored.riskFlagBits, riskFlagBits(guestFlags(risk)));
    }
    after = ids.at(-1) as string;
  }

  const lists = [...expected.identifiers.values()];
  for (let start = 0; start < lists.length; start += pageSize) {
    const chunk = lists.slice(start, start + pageSize);
    const stored = new Map(
      (await reads.identifierRingState(chunk.map(({ key }) => key))).map((row) => [keyOf(row), row]),
    );
    for (const identifier of chunk) {
      const counts = countsOf(identifier, expected.isHub);
      const row = stored.get(keyOf(identifier.key));
      const subject = `${counts.kind} ${counts.value}`;
      compare(subject, "guestCount", row?.guestCount ?? 0, counts.guestCount);
      compare(subject, "hub", row?.hub ?? false, counts.hub);
      if (counts.kind === "card") {
        compare(subject, "emailsSeen", row?.emails ?? 0, counts.emailsSeen.length);
        compare(subject, "namesSeen", row?.names ?? 0, counts.namesSeen.length);
      }
      if (counts.kind === "email") compare(subject, "cardsSeen", row?.cards ?? 0, counts.cardsSeen.length);
    }
  }

  const unseen = new Set(rings.keys());
  for (let after = ""; ; ) {
    const page = await reads.ringsAfter(after, pageSize);
    if (page.length === 0) break;
    for (const stored of page) {
      const ring = rings.get(stored.id);
      unseen.delete(stored.id);
      if (!ring) {
        compare(`ring ${stored.id}`, "exists", true, false);
        continue;
      }
      for (const field of ringFields) compare(`ring ${stored.id}`, field, stored[field], ring[field]);
    }
    after = (page.at(-1) as RingRow).id;
  }
  for (const id of unseen) compare(`ring ${id}`, "exists", false, true);
  return differences;
}

function keyOf(key: IdentifierKey): string {
  return `${key.kind}/${key.value}`;
}
