import { describe, expect, it } from "vitest";
import { generateDemoAccount } from "../../src/demo/demo-account.ts";
import { parsePayment } from "../../src/ingest/to-payment.ts";
import { type ReferencePayment, referenceFounders } from "../support/reference-model.ts";

const account = "acct_demoUnit";

describe("the demo account generator", () => {
  const demo = generateDemoAccount({ payments: 600, seed: 7, account });
  const parsed = demo.deliveries.map((delivery) => {
    const result = parsePayment(delivery.object, account);
    if (!result.ok) throw new Error(`${result.error.param}: ${result.error.message}`);
    return result.payment;
  });

  it("when generated twice with the same seed, then the account is the same byte for byte, and another seed gives another", () => {
    const again = generateDemoAccount({ payments: 600, seed: 7, account });
    const other = generateDemoAccount({ payments: 600, seed: 8, account });

    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    expect(JSON.stringify(other.truth.guests)).not.toBe(JSON.stringify(demo.truth.guests));
  });

  it("when its deliveries are parsed as GuestGraph parses Stripe objects, then every one is accepted and there are exactly the asked number of payments", () => {
    const ids = new Set(parsed.map((payment) => payment.id));

    expect(ids.size).toBe(600);
    expect(demo.truth.payments).toBe(600);
    expect(Object.keys(demo.truth.outcomes).sort()).toEqual([...ids].sort());
    expect(demo.deliveries.length).toBeGreaterThan(600);
  });

  it("when the guest rule is applied plainly (the test's reference model) to the parsed payments, then every payment lands in the guest the ground truth names", () => {
    const firstSight = new Map<string, ReferencePayment>();
    for (const payment of parsed) {
      if (firstSight.has(payment.id)) continue;
      firstSight.set(payment.id, {
        id: payment.id,
        created: payment.created,
        customer: payment.customer,
        identifiers: payment.identifiers.map((identifier) => `${identifier.kind}:${identifier.value}`),
      });
    }
    const founders = referenceFounders([...firstSight.values()]);
    const truthFounderOf = new Map(
      demo.truth.guests.flatMap((guest) => guest.payments.map((id) => [id, guest.foundingPayment] as const)),
    );

    for (const [id, outcome] of Object.entries(demo.truth.outcomes)) {
      expect(founders.get(id) ?? null, id).toBe(outcome.guest === null ? null : truthFounderOf.get(id));
    }
  });

  it("when identifiers are written in different ways across payments, then they normalise to the ground truth's identifiers", () => {
    const truthIdentifiers = new Set(
      demo.truth.guests.flatMap((guest) => [
        ...guest.emails.map((email) => `email:${email}`),
        ...guest.phones.map((phone) => `phone:${phone}`),
        ...guest.cards.map((card) => `card:${card}`),
      ]),
    );
    const guestPayments = parsed.filter((payment) => payment.customer === null);
    const phones = guestPayments.flatMap((payment) => payment.identifiers.filter((i) => i.kind === "phone"));
    const writtenPhones = new Set(
      demo.deliveries.map((delivery) => phoneWritten(delivery.object)).filter((phone) => phone !== null),
    );

    for (const payment of guestPayments) {
      for (const identifier of payment.identifiers) {
        expect(truthIdentifiers.has(`${identifier.kind}:${identifier.value}`), identifier.value).toBe(true);
      }
    }
    expect(phones.every((phone) => phone.kind === "phone" && phone.verified)).toBe(true);
    expect(writtenPhones.size).toBeGreaterThan(new Set(phones.map((phone) => phone.value)).size);
  });

  it("when the planted fraud is read from the ground truth, then each pattern is there at the size it is meant to have", () => {
    const { cardTesting, highVelocityEmail, ring, hubPhone } = demo.truth.fraud;
    const guestById = new Map(demo.truth.guests.map((guest) => [guest.id, guest]));
    const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

    expect(cardTesting.cards.length).toBeGreaterThanOrEqual(15);
    expect(cardTesting.declined).toBeGreaterThan(cardTesting.payments.length / 2);
    expect(minutes(cardTesting.from, cardTesting.to)).toBeLessThan(30);
    expect(highVelocityEmail.payments.length).toBeGreaterThanOrEqual(12);
    expect(minutes(highVelocityEmail.from, highVelocityEmail.to)).toBeLessThanOrEqual(60);
    expect(ring.guests.length).toBeGreaterThanOrEqual(4);
    for (const card of ring.sharedCards) {
      const holders = ring.guests.filter((id) => guestById.get(id)?.cards.includes(card));
      expect(holders.length, card).toBeGreaterThanOrEqual(2);
    }
    expect(ring.sharedPhones.length).toBeGreaterThan(0);
    expect(hubPhone.guests.length).toBeGreaterThanOrEqual(5);
    for (const id of hubPhone.guests) expect(guestById.get(id)?.phones).toContain(hubPhone.phone);
  });

  it("when the deliveries are read in arrival order, then some payments arrive after newer ones and some arrive more than once", () => {
    let late = 0;
    let newest = 0;
    const seen = new Map<string, number>();
    for (const payment of parsed) {
      if (!seen.has(payment.id) && payment.created < newest) late++;
      newest = Math.max(newest, payment.created);
      seen.set(payment.id, (seen.get(payment.id) ?? 0) + 1);
    }

    expect(late).toBeGreaterThan(10);
    expect([...seen.values()].filter((copies) => copies > 1).length).toBeGreaterThan(50);
    expect(Object.values(demo.truth.outcomes).some((outcome) => outcome.amount_refunded > 0)).toBe(true);
    expect(Object.values(demo.truth.outcomes).some((outcome) => outcome.dispute_status !== null)).toBe(true);
    expect(demo.truth.customers.some((customer) => customer.guest !== null)).toBe(true);
    expect(demo.truth.guests.some((guest) => guest.kind === "family")).toBe(true);
  });

  it("when asked for fewer payments than the smallest account, then it says what range is allowed", () => {
    expect(() => generateDemoAccount({ payments: 10 })).toThrow(
      "payments must be a whole number from 200 to 200000",
    );
  });
});

function phoneWritten(object: Record<string, unknown>): string | null {
  const charge = (object.object === "payment_intent" ? object.latest_charge : object) as {
    billing_details: { phone: string | null };
  };
  return charge.billing_details.phone;
}
