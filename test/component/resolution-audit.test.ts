import { afterAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { verifyAccount } from "../../src/ingest/verify-account.ts";
import { explainPayment } from "../../src/views/explain-payment.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";

const db = openTestDatabase();
afterAll(() => db.close());

/** The example 4, plus a registered customer's payment on F1. */
const example4: PaymentSketch[] = [
  { id: "P1", created: 1, emails: ["alice@example.com"], cards: ["F1"] },
  { id: "P2", created: 2, emails: ["bob@example.com"], cards: ["F2"] },
  { id: "P3", created: 3, emails: ["bob@example.com"], cards: ["F1"] },
  { id: "P4", created: 4, emails: ["carol@example.com"], cards: ["F1"] },
  { id: "P5", created: 5, emails: ["alice@example.com"] },
  { id: "C1", created: 6, cards: ["F1"], customer: "cus_1" },
];

async function accountWithExample4(): Promise<string> {
  const account = uniqueAccount();
  await ingestPayments(
    db,
    account,
    [...example4].reverse().map((sketch) => paymentFrom(account, sketch)),
  );
  return account;
}

describe("explaining a payment's guest", () => {
  it("when P3 shares bob with P2 and F1 with P1, then it joined P2 on the email and G1 is outranked on the card", async () => {
    const account = await accountWithExample4();

    const explanation = await explainPayment(db, account, "P3");

    expect(explanation).toMatchObject({
      payment: "P3",
      guest: guestIdFor(account, "P2"),
      decision: "joined_guest",
      matched_payment: { id: "P2", created: 2 },
      matched_on: [{ type: "email", value: "bob@example.com" }],
      outranked_guests: [
        {
          guest: guestIdFor(account, "P1"),
          via: [{ type: "card", value: "F1" }],
          latest_payment: "P1",
          latest_created: 1,
        },
      ],
    });
    expect(explanation?.summary).toContain("through payment P2");
  });

  it("when P1 used nothing seen before, then it founded its guest", async () => {
    const account = await accountWithExample4();

    const explanation = await explainPayment(db, account, "P1");

    expect(explanation).toMatchObject({
      decision: "founded_guest",
      matched_payment: null,
      matched_on: [],
      outranked_guests: [],
    });
  });

  it("when the payment is a registered customer's, then it says so and names no guest", async () => {
    const account = await accountWithExample4();

    const explanation = await explainPayment(db, account, "C1");

    expect(explanation).toMatchObject({ decision: "registered_customer", guest: null });
  });

  it("when the payment is not in the account, then there is no explanation", async () => {
    const account = await accountWithExample4();

    expect(await explainPayment(db, uniqueAccount(), "P3")).toBeNull();
    expect(await explainPayment(db, account, "P404")).toBeNull();
  });
});

describe("verifying an account", () => {
  it("when the account was ingested in reverse order, then a recomputation from scratch finds no difference", async () => {
    const account = await accountWithExample4();

    const report = await verifyAccount(db, account);

    expect(report).toEqual({
      account,
      guestPayments: 5,
      registeredPayments: 1,
      differences: [],
      localViolations: 0,
      summaryDifferences: [],
      ringDifferences: [],
    });
  });

  it("when a payment's guest is tampered with, then verify lists exactly the payments that differ", async () => {
    const account = await accountWithExample4();
    await db.write(
      `MATCH (p:Payment {account: $account, id: 'P4'})-[b:BELONGS_TO]->() DELETE b
       WITH p MATCH (g:Guest {account: $account, id: $wrong}) CREATE (p)-[:BELONGS_TO]->(g) SET p.guest = g.id`,
      { account, wrong: guestIdFor(account, "P1") },
    );

    const report = await verifyAccount(db, account);

    expect(report.differences).toEqual([
      { payment: "P4", storedGuest: guestIdFor(account, "P1"), expectedGuest: guestIdFor(account, "P2") },
    ]);
    expect(report.localViolations).toBe(1);
  });
});
