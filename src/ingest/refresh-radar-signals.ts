import { radarSignals, radarWindowCap } from "../domain/risk.ts";
import type { RingUpkeepRepository } from "../graph/ring-upkeep-repository.ts";

/**
 * Recomputes the Radar attributes (src/domain/risk.ts) of these guests and keeps them on the guests:
 * each guest's read is bounded (its week up to its last payment, at most radarWindowCap payments, and
 * its identifiers' bounded lists), so the list, view and search read them for free.
 */
export async function refreshRadarSignals(
  repository: RingUpkeepRepository,
  guestIds: string[],
): Promise<void> {
  if (guestIds.length === 0) return;
  const facts = await repository.readRadarFacts(guestIds, radarWindowCap);
  await repository.writeRadarSignals(
    facts.map((row) => ({ id: row.id, radar: JSON.stringify(radarSignals(row)) })),
  );
}
