import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type SummaryPayment,
  summarise,
  withChangedPayment,
  withoutPayment,
  withPayment,
} from "../../src/domain/guest-summary.ts";

const payment = (overrides: Partial<SummaryPayment> = {}): SummaryPayment => ({
  created: 100,
  amount: 1000,
  currency: "usd",
  status: "succeeded",
  refunds: { amountRefunded: 0, refunded: false },
  dispute: null,
  ...overrides,
});

describe("a guest's summary", () => {
  it("when payments in two currencies are added, then spent counts only succeeded ones, per currency", () => {
    const summary = summarise([
      payment({ created: 300, amount: 1000 }),
      payment({ created: 100, amount: 500, status: "failed" }),
      payment({
        created: 200,
        amount: 700,
        currency: "eur",
        refunds: { amountRefunded: 200, refunded: false },
      }),
    ]);

    expect(summary).toEqual({
      paymentCount: 3,
      firstPaymentAt: 100,
      lastPaymentAt: 300,
      disputeCount: 0,
      refundedPaymentCount: 1,
      failedPaymentCount: 1,
      totals: {
        usd: { spent: 1000, refunded: 0, disputed: 0, failed: 500, payments: 2 },
        eur: { spent: 700, refunded: 200, disputed: 0, failed: 0, payments: 1 },
      },
    });
  });

  it("when a payment is refunded and disputed later, then the change moves the totals and counts, not the payment count", () => {
    const before = payment();
    const after = payment({
      refunds: { amountRefunded: 400, refunded: false },
      dispute: { status: "needs_response", reason: null },
    });

    const summary = withChangedPayment(summarise([before, payment({ created: 50 })]), before, after);

    expect(summary).toMatchObject({
      paymentCount: 2,
      disputeCount: 1,
      refundedPaymentCount: 1,
      totals: { usd: { spent: 2000, refunded: 400, disputed: 1000, payments: 2 } },
    });
  });

  it("when a payment leaves the guest, then its money and counts go, and its currency goes with its last payment", () => {
    const eur = payment({ currency: "eur", amount: 700, dispute: { status: "lost", reason: null } });
    const summary = summarise([payment(), eur]);

    const after = withoutPayment(summary, eur);

    expect(after).toMatchObject({
      paymentCount: 1,
      disputeCount: 0,
      totals: { usd: { spent: 1000, refunded: 0, payments: 1 } },
    });
    expect(after.totals.eur).toBeUndefined();
  });

  it("when any payments are added one by one in any order, then the result equals summarising them at once", () => {
    const arbitraryPayment = fc.record({
      created: fc.integer({ min: 0, max: 1_000 }),
      amount: fc.integer({ min: 0, max: 10_000 }),
      currency: fc.constantFrom("usd", "eur", "gbp"),
      status: fc.constantFrom("succeeded" as const, "failed" as const, "pending" as const),
      refunds: fc.record({ amountRefunded: fc.integer({ min: 0, max: 100 }), refunded: fc.boolean() }),
      dispute: fc.option(fc.constant({ status: "lost", reason: null }), { nil: null }),
    });

    fc.assert(
      fc.property(fc.array(arbitraryPayment), fc.func(fc.integer()), (payments, order) => {
        const shuffled = [...payments].sort((a, b) => order(a) - order(b));
        const incremental = shuffled.reduce(withPayment, summarise([]));
        expect(incremental).toEqual(summarise(payments));
      }),
    );
  });
});
