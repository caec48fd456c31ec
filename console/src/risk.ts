/**
 * What each risk signal means, for the hover text next to it. Names follow Stripe Radar's attributes
 * where one exists (so rules carry over); the rest are graph signals Radar has no name for.
 */
const definitions: Record<string, string> = {
  has_dispute: "At least one of the guest's payments is disputed.",
  in_ring: "The guest belongs to a ring: distinct guests tied together by shared identifiers.",
  hub_identifier: "The guest used an identifier shared by so many guests that it is treated as a hub.",
};

export function riskDefinition(flag: string): string {
  return definitions[flag] ?? `Risk signal “${flag.replaceAll("_", " ")}”.`;
}
