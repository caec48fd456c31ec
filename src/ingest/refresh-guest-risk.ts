import { guestFlags, guestScore, riskFlagBits } from "../domain/risk.ts";
import type { RingUpkeepRepository } from "../graph/ring-upkeep-repository.ts";

/**
 * Recomputes the risk score and flags of these guests from the facts ingest keeps (src/domain/risk.ts)
 * and stores them on the guests, so the Customers tab filters by risk through an index. Called last in
 * ring upkeep, once every fact they depend on (summaries, ring facts and sizes, Radar) is written.
 */
export async function refreshGuestRisk(repository: RingUpkeepRepository, guestIds: string[]): Promise<void> {
  if (guestIds.length === 0) return;
  const facts = await repository.readRiskFacts(guestIds);
  await repository.writeRisk(
    facts.map((guest) => ({
      id: guest.id,
      score: guestScore(guest),
      flagBits: riskFlagBits(guestFlags(guest)),
    })),
  );
}
