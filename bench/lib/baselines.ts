import type { Payment } from "../../src/domain/payment.ts";
import { identityKey } from "../../src/domain/resolution-keys.ts";
import type { Database } from "../../src/graph/database.ts";
import { paymentProperties } from "../../src/graph/payment-properties.ts";

/**
 * What GuestGraph's ingest is compared with. The storage floor writes the same nodes, relationships and
 * indexed properties with plain batched UNWIND … MERGE and resolves nothing: no ingest can be faster.
 * The naive approach is what a typical Neo4j user writes first: one transaction per payment, its guest
 * found through a variable-length pattern over shared identifiers (and wrong for late payments).
 */

interface Row {
  properties: Record<string, unknown>;
  emails: { value: string; identity: string }[];
  phones: { value: string; identity: string }[];
  cards: { value: string; identity: string }[];
}

function row(payment: Payment): Row {
  const of = (kind: "email" | "phone" | "card") =>
    payment.identifiers
      .filter((identifier) => identifier.kind === kind)
      .map((identifier) => ({ value: identifier.value, identity: identityKey(payment.account, identifier) }));
  return {
    properties: paymentProperties(payment),
    emails: of("email"),
    phones: of("phone"),
    cards: of("card"),
  };
}

const floorQuery = `
UNWIND $rows AS row
MERGE (p:Payment {account: $account, id: row.properties.id})
SET p += row.properties
WITH p, row
CALL (p, row) {
  UNWIND row.emails AS email
  MERGE (e:Email {account: $account, address: email.value})
  MERGE (p)-[use:HAS_EMAIL]->(e)
  SET use.identity = email.identity, use.at = p.at
}
CALL (p, row) {
  UNWIND row.phones AS phone
  MERGE (ph:Phone {account: $account, number: phone.value})
  MERGE (p)-[use:HAS_PHONE]->(ph)
  SET use.identity = phone.identity, use.at = p.at
}
CALL (p, row) {
  UNWIND row.cards AS card
  MERGE (c:Card {account: $account, fingerprint: card.value})
  MERGE (p)-[use:HAS_CARD]->(c)
  SET use.identity = card.identity, use.at = p.at
}
RETURN count(p) AS written`;

/** The storage floor: batches of plain MERGE, no resolution. */
export async function writeFloorBatch(db: Database, account: string, payments: Payment[]): Promise<void> {
  await db.write(floorQuery, { account, rows: payments.map(row) });
}

const naiveQuery = `
MERGE (p:Payment {account: $account, id: $row.properties.id})
SET p += $row.properties
WITH p
CALL (p) {
  UNWIND $row.emails AS email
  MERGE (e:Email {account: $account, address: email.value})
  MERGE (p)-[:HAS_EMAIL]->(e)
}
CALL (p) {
  UNWIND $row.phones AS phone
  MERGE (ph:Phone {account: $account, number: phone.value})
  MERGE (p)-[:HAS_PHONE]->(ph)
}
CALL (p) {
  UNWIND $row.cards AS card
  MERGE (c:Card {account: $account, fingerprint: card.value})
  MERGE (p)-[:HAS_CARD]->(c)
}
WITH p
OPTIONAL MATCH (p)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD*2]-(earlier:Payment)
WHERE earlier.at < p.at AND earlier.guest IS NOT NULL
WITH p, earlier ORDER BY earlier.at DESC LIMIT 1
SET p.guest = coalesce(earlier.guest, p.id)
RETURN p.guest AS guest`;

/** The naive approach: one transaction per payment, the guest of the latest earlier payment sharing anything. */
export async function writeNaive(db: Database, account: string, payment: Payment): Promise<void> {
  await db.write(naiveQuery, { account, row: row(payment) });
}
