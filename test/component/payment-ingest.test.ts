import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { receivePayments } from "../../src/ingest/receive-payments.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

const db = openTestDatabase();
afterAll(() => db.close());

// biome-ignore lint/suspicious/noExplicitAny: fixtures are Stripe's JSON, reshaped freely by the tests
type StripeJson = Record<string, any>;

function stripeFixture(name: string): StripeJson {
  return JSON.parse(readFileSync(new URL(`../fixtures/stripe/${name}.json`, import.meta.url), "utf8"));
}

/** A guest Charge as Stripe sends it, with the parts a test changes. */
function charge(overrides: {
  id: string;
  created: number;
  email?: string | null;
  phone?: string | null;
  fingerprint?: string;
  country?: string;
  description?: string | null;
}): StripeJson {
  const base = stripeFixture("charge-guest-succeeded");
  return {
    ...base,
    id: overrides.id,
    created: overrides.created,
    receipt_email: null,
    description: overrides.description ?? null,
    billing_details: {
      ...base.billing_details,
      email: overrides.email ?? null,
      phone: overrides.phone ?? null,
      address: { ...base.billing_details.address, country: overrides.country ?? "US" },
    },
    payment_method_details: {
      ...base.payment_method_details,
      card: {
        ...base.payment_method_details.card,
        fingerprint: overrides.fingerprint ?? `fp_${overrides.id}`,
      },
    },
  };
}

async function paymentCount(account: string): Promise<number> {
  const [row] = await db.read<{ n: number }>(
    "MATCH (p:Payment) WHERE p.account = $account RETURN count(p) AS n",
    { account },
  );
  return row?.n ?? 0;
}

describe("receiving payments", () => {
  it("when the same phone is written two ways on payments with different emails and cards, then they are one guest", async () => {
    const account = uniqueAccount();

    const results = await receivePayments(db, account, [
      charge({
        id: "ch_1",
        created: 100,
        email: "ann@example.com",
        phone: "+1 (415) 555-0123",
        country: "US",
      }),
      charge({ id: "ch_2", created: 200, email: "bob@example.com", phone: "415.555.0123", country: "US" }),
    ]);

    expect(results.map((item) => item.ok && item.guest)).toEqual([
      guestIdFor(account, "ch_1"),
      guestIdFor(account, "ch_1"),
    ]);
  });

  it("when a payment carries a full card number in its description, then it is stored with the number masked and the field named, and the rest lands", async () => {
    const account = uniqueAccount();

    const results = await receivePayments(db, account, [
      charge({ id: "ch_masked", created: 100, description: "card 4242 4242 4242 4242 for order 7" }),
      charge({ id: "ch_good", created: 200, email: "c@example.com" }),
    ]);

    expect(results[0]).toMatchObject({
      ok: true,
      id: "ch_masked",
      result: "created",
      redacted: ["description"],
    });
    expect(results[1]).toMatchObject({ ok: true, id: "ch_good", result: "created", redacted: [] });
    const [stored] = await db.read<{ description: string }>(
      "MATCH (p:Payment {account: $account, id: 'ch_masked'}) RETURN p.description AS description",
      { account },
    );
    expect(stored?.description).toBe("card **** **** **** 4242 for order 7");
    expect(await paymentCount(account)).toBe(2);
  });

  it("when a required field is missing, then the error names it and nothing is written", async () => {
    const account = uniqueAccount();
    const { amount: _dropped, ...withoutAmount } = charge({ id: "ch_1", created: 1 });

    const [result] = await receivePayments(db, account, [withoutAmount]);

    expect(result).toMatchObject({ ok: false, error: { param: "amount" } });
    expect(await paymentCount(account)).toBe(0);
  });

  it("when the same payment arrives again, then it is unchanged, and a refund later updates only that", async () => {
    const account = uniqueAccount();
    const original = charge({ id: "ch_1", created: 1, email: "d@example.com" });
    await receivePayments(db, account, [original]);

    const [again] = await receivePayments(db, account, [original]);
    const [refunded] = await receivePayments(db, account, [
      { ...original, amount_refunded: 500, email: "other@example.com" },
    ]);
    const [stale] = await receivePayments(db, account, [original]);

    expect(again).toMatchObject({ ok: true, result: "unchanged" });
    expect(refunded).toMatchObject({ ok: true, result: "updated", guest: guestIdFor(account, "ch_1") });
    expect(stale).toMatchObject({ ok: true, result: "unchanged" });
    const [row] = await db.read<{ amountRefunded: number; emails: string[] }>(
      "MATCH (p:Payment {account: $account, id: 'ch_1'})-[:HAS_EMAIL]->(e:Email) RETURN p.amountRefunded AS amountRefunded, collect(e.address) AS emails",
      { account },
    );
    expect(row).toEqual({ amountRefunded: 500, emails: ["d@example.com"] });
  });

  it("when a PaymentIntent and its charge both arrive, then they are one payment", async () => {
    const account = uniqueAccount();
    const intent = stripeFixture("payment-intent-expanded-latest-charge");

    const results = await receivePayments(db, account, [intent, intent.latest_charge]);

    expect(results.map((item) => item.ok && item.id)).toEqual([
      "ch_3MtwBwLkdIwHu7ix2uFD2Gv8",
      "ch_3MtwBwLkdIwHu7ix2uFD2Gv8",
    ]);
    expect(await paymentCount(account)).toBe(1);
  });
});
