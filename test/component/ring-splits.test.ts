import { afterAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { ringIdFor } from "../../src/domain/rings.ts";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { maintainRings } from "../../src/ingest/maintain-rings.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { paymentFrom } from "../support/payment-factory.ts";

/**
 * The hook that changes and erasures of stored payments (issue 8) call: a guest's use of an identifier
 * going away splits its ring, recomputed locally, the parts named by their own founders.
 */

const db: Database = openTestDatabase();
afterAll(() => db.close());

async function ringsOf(account: string) {
  return db.read<{ id: string; guests: string[] }>(
    `MATCH (r:Ring) WHERE r.account = $account
     MATCH (g:Guest {account: $account, ring: r.id})
     WITH r, g ORDER BY g.id
     RETURN r.id AS id, collect(g.id) AS guests ORDER BY id`,
    { account },
  );
}

describe("splitting a ring", () => {
  it("when the card that tied a guest to the ring's founder is taken off its payment, then the ring splits in two parts, each named by its founder", async () => {
    const account = uniqueAccount();
    // A uses card X; B takes X (its email more recent), then phone Y; C uses Y first: A–X–B–Y–C.
    await ingestPayments(db, account, [
      paymentFrom(account, { id: "ch_a", created: 100, emails: ["a@example.com"], cards: ["X"] }),
      paymentFrom(account, { id: "ch_b", created: 200, emails: ["b@example.com"] }),
      paymentFrom(account, { id: "ch_b_x", created: 300, emails: ["b@example.com"], cards: ["X"] }),
      paymentFrom(account, { id: "ch_c", created: 400, emails: ["c@example.com"] }),
      paymentFrom(account, {
        id: "ch_c_y",
        created: 500,
        emails: ["c@example.com"],
        phones: ["+15555550123"],
      }),
      paymentFrom(account, { id: "ch_b_2", created: 600, emails: ["b@example.com"] }),
      paymentFrom(account, {
        id: "ch_b_y",
        created: 700,
        emails: ["b@example.com"],
        phones: ["+15555550123"],
      }),
    ]);
    const [a, b, c] = ["ch_a", "ch_b", "ch_c"].map((id) => guestIdFor(account, id)) as [
      string,
      string,
      string,
    ];
    const before = await ringsOf(account);

    await db.writeTransaction((tx) =>
      maintainRings(
        tx,
        account,
        { payments: [], usage: [{ guest: b, kind: "card", value: "X", delta: -1 }], guests: [b] },
        { hubGuests: 50 },
      ),
    );

    expect(before).toEqual([{ id: ringIdFor(a), guests: [a, b, c].sort() }]);
    expect(await ringsOf(account)).toEqual([{ id: ringIdFor(b), guests: [b, c].sort() }]);
    const [alone] = await db.read<{ ring: string | null }>(
      "MATCH (g:Guest {account: $account, id: $id}) RETURN g.ring AS ring",
      { account, id: a },
    );
    expect(alone?.ring).toBeNull();
  });
});
