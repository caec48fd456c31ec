import { describe, expect, it } from "vitest";
import type { StoredPayment } from "../../src/graph/payment-graph-repository.ts";
import { planUpsert, storedIdentityOf } from "../../src/ingest/plan-upsert.ts";
import { paymentFrom } from "../support/payment-factory.ts";

const account = "acct_plan";

function stored(id: string, overrides: Partial<StoredPayment> = {}): StoredPayment {
  const payment = paymentFrom(account, { id, created: 10 });
  const { status, refunds, dispute, outcome, created, amount, currency } = payment;
  return {
    id,
    at: `000000000010|${id}`,
    guest: "gst_A",
    status,
    refunds,
    dispute,
    outcome,
    created,
    amount,
    currency,
    identity: storedIdentityOf(payment),
    ...overrides,
  };
}

describe("planning a batch against what is stored", () => {
  it("when a payment is new, then it is created", () => {
    const plan = planUpsert([paymentFrom(account, { id: "ch_1", created: 10 })], new Map());

    expect(plan.created.map((payment) => payment.id)).toEqual(["ch_1"]);
    expect(plan.outcomes.get("ch_1")).toBe("created");
  });

  it("when a new payment comes twice in one batch, then it is created once with the copies merged", () => {
    const plan = planUpsert(
      [
        paymentFrom(account, { id: "ch_1", created: 10 }),
        paymentFrom(account, { id: "ch_1", created: 10, amountRefunded: 300 }),
      ],
      new Map(),
    );

    expect(plan.created).toHaveLength(1);
    expect(plan.created[0]?.refunds.amountRefunded).toBe(300);
  });

  it("when a stored payment comes again unchanged, then nothing is written", () => {
    const plan = planUpsert(
      [paymentFrom(account, { id: "ch_1", created: 10 })],
      new Map([["ch_1", stored("ch_1")]]),
    );

    expect(plan).toMatchObject({ created: [], updates: [], changedInGuests: [] });
    expect(plan.outcomes.get("ch_1")).toBe("unchanged");
  });

  it("when a stored payment comes with a refund, then only its mutable fields update, and its guest's summary moves", () => {
    const plan = planUpsert(
      [paymentFrom(account, { id: "ch_1", created: 10, amountRefunded: 250 })],
      new Map([["ch_1", stored("ch_1")]]),
    );

    expect(plan.updates).toEqual([
      { id: "ch_1", fields: expect.objectContaining({ refunds: { amountRefunded: 250, refunded: false } }) },
    ]);
    expect(plan.changedInGuests).toEqual([
      expect.objectContaining({
        guestId: "gst_A",
        before: expect.objectContaining({ refunds: { amountRefunded: 0, refunded: false } }),
      }),
    ]);
    expect(plan.outcomes.get("ch_1")).toBe("updated");
  });

  it("when a stale copy arrives after a refund, then it undoes nothing", () => {
    const refunded = stored("ch_1", { refunds: { amountRefunded: 250, refunded: false } });

    const plan = planUpsert(
      [paymentFrom(account, { id: "ch_1", created: 10 })],
      new Map([["ch_1", refunded]]),
    );

    expect(plan.updates).toEqual([]);
    expect(plan.outcomes.get("ch_1")).toBe("unchanged");
  });
});
