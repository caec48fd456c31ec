import type { Database } from "../../src/graph/database.ts";

/**
 * Everything rings and risk keep for an account (guests' rings, links, facts and Radar attributes,
 * identifiers' guest counts, hub flags and Radar list sizes, the number of rings), keyed by founding
 * payments and identifiers so that two accounts, or one account before and after a rebuild, compare.
 */
export async function ringState(db: Database, account: string) {
  const guests = await db.read<Record<string, unknown>>(
    `MATCH (g:Guest) WHERE g.account = $account AND g.paymentCount > 0
     OPTIONAL MATCH (r:Ring {account: $account, id: g.ring})
     OPTIONAL MATCH (founder:Guest {account: $account, id: r.founder})
     OPTIONAL CALL (g) {
       MATCH (g)-[u:USED]->(i)
       RETURN collect(CASE WHEN i:Email THEN 'email:' + i.address WHEN i:Phone THEN 'phone:' + i.number
                           ELSE 'card:' + i.fingerprint END + ' ' + toString(u.payments)) AS uses
     }
     RETURN g.foundingPaymentId AS guest, founder.foundingPaymentId AS ringFounder, r.guestCount AS ringSize,
            r.score AS ringScore, r.paymentCount AS ringPayments, g.disputeDistance AS disputeDistance,
            g.identifiersSharedWithDisputed AS shared, g.hubIdentifiers AS hubs, g.radarSignals AS radar,
            g.riskScore AS riskScore, g.riskFlagBits AS riskFlagBits, uses`,
    { account },
  );
  const identifiers = await db.read<Record<string, unknown>>(
    `MATCH (i:Email|Phone|Card) WHERE i.account = $account AND i.guestCount > 0
     RETURN CASE WHEN i:Email THEN 'email:' + i.address WHEN i:Phone THEN 'phone:' + i.number
                 ELSE 'card:' + i.fingerprint END AS identifier, i.guestCount AS guestCount, i.hub AS hub,
            size(coalesce(i.emailsSeen, [])) AS emails, size(coalesce(i.namesSeen, [])) AS names,
            size(coalesce(i.cardsSeen, [])) AS cards`,
    { account },
  );
  const [{ rings } = { rings: -1 }] = await db.read<{ rings: number }>(
    "MATCH (r:Ring) WHERE r.account = $account RETURN count(r) AS rings",
    { account },
  );
  const byKey = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
    String(a[key]) < String(b[key]) ? -1 : 1;
  return {
    guests: guests
      .map((guest) => ({ ...guest, uses: [...(guest.uses as string[])].sort() }))
      .sort(byKey("guest")),
    identifiers: identifiers.sort(byKey("identifier")),
    rings,
  };
}
