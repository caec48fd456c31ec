import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { disputeStageOrder, disputeStatuses, mergeMutableFields } from "../../src/domain/mutable-fields.ts";
import type { Dispute, MutablePaymentFields, Outcome } from "../../src/domain/payment.ts";

const approved: Outcome = {
  riskLevel: "normal",
  riskScore: 32,
  networkStatus: "approved_by_network",
  sellerMessage: "Payment complete.",
  type: "authorized",
};

const stored: MutablePaymentFields = {
  status: "succeeded",
  refunds: { amountRefunded: 0, refunded: false },
  dispute: null,
  outcome: approved,
};

describe("merging a later copy of a payment", () => {
  it("when the same copy arrives again, then nothing changes", () => {
    const { merged, changed } = mergeMutableFields(stored, structuredClone(stored));

    expect(changed).toBe(false);
    expect(merged).toEqual(stored);
  });

  it("when a stale pending copy arrives after the payment succeeded, then it stays succeeded", () => {
    const { merged, changed } = mergeMutableFields(stored, { ...stored, status: "pending" });

    expect(merged.status).toBe("succeeded");
    expect(changed).toBe(false);
  });

  it("when a stale pending copy arrives after the payment failed, then it stays failed", () => {
    const { merged } = mergeMutableFields({ ...stored, status: "failed" }, { ...stored, status: "pending" });

    expect(merged.status).toBe("failed");
  });

  it("when a pending payment's success arrives, then it succeeds", () => {
    const { merged, changed } = mergeMutableFields({ ...stored, status: "pending" }, stored);

    expect(merged.status).toBe("succeeded");
    expect(changed).toBe(true);
  });

  it("when a PaymentIntent that failed succeeds on a retry, then it is succeeded, and a stale failure does not undo that", () => {
    const retried = mergeMutableFields(
      { ...stored, status: "failed" },
      { ...stored, status: "succeeded" },
    ).merged;
    const stale = mergeMutableFields(
      { ...stored, status: "succeeded" },
      { ...stored, status: "failed" },
    ).merged;

    expect(retried.status).toBe("succeeded");
    expect(stale.status).toBe("succeeded");
  });

  it("when a copy with a smaller refunded amount arrives, then the larger amount and the refunded flag stay", () => {
    const refunded = { ...stored, refunds: { amountRefunded: 1099, refunded: true } };

    const { merged, changed } = mergeMutableFields(refunded, {
      ...stored,
      refunds: { amountRefunded: 300, refunded: false },
    });

    expect(merged.refunds).toEqual({ amountRefunded: 1099, refunded: true });
    expect(changed).toBe(false);
  });

  it("when a further refund arrives, then the refunded amount grows", () => {
    const partly = { ...stored, refunds: { amountRefunded: 300, refunded: false } };

    const { merged, changed } = mergeMutableFields(partly, {
      ...stored,
      refunds: { amountRefunded: 500, refunded: false },
    });

    expect(merged.refunds).toEqual({ amountRefunded: 500, refunded: false });
    expect(changed).toBe(true);
  });

  it("when a copy without the dispute arrives, then the known dispute is kept", () => {
    const disputed = { ...stored, dispute: { status: "needs_response", reason: "fraudulent" } };

    const { merged } = mergeMutableFields(disputed, stored);

    expect(merged.dispute).toEqual({ status: "needs_response", reason: "fraudulent" });
  });

  it("when an earlier stage of the dispute arrives late, then the later stage is kept", () => {
    const lost = { ...stored, dispute: { status: "lost", reason: "fraudulent" } };

    const { merged, changed } = mergeMutableFields(lost, {
      ...stored,
      dispute: { status: "under_review", reason: "fraudulent" },
    });

    expect(merged.dispute).toEqual({ status: "lost", reason: "fraudulent" });
    expect(changed).toBe(false);
  });

  it("when an inquiry escalates into a chargeback, then the chargeback's stage replaces the inquiry's", () => {
    const inquiry = { ...stored, dispute: { status: "warning_under_review", reason: "general" } };

    const { merged } = mergeMutableFields(inquiry, {
      ...stored,
      dispute: { status: "needs_response", reason: "fraudulent" },
    });

    expect(merged.dispute).toEqual({ status: "needs_response", reason: "fraudulent" });
  });

  it("when only the disputed flag was known and the dispute's status arrives, then the status replaces the flag", () => {
    const flagged = { ...stored, dispute: { status: "disputed", reason: null } };

    const { merged } = mergeMutableFields(flagged, {
      ...stored,
      dispute: { status: "warning_needs_response", reason: "general" },
    });

    expect(merged.dispute).toEqual({ status: "warning_needs_response", reason: "general" });
  });

  it("when a copy carries an outcome, then it is taken; when it carries none, then the stored one stays", () => {
    const reviewed: Outcome = { ...approved, type: "manual_review", riskLevel: "elevated", riskScore: 68 };

    const withIncoming = mergeMutableFields(stored, { ...stored, outcome: reviewed });
    const withoutIncoming = mergeMutableFields(stored, { ...stored, outcome: null });

    expect(withIncoming.merged.outcome).toEqual(reviewed);
    expect(withIncoming.changed).toBe(true);
    expect(withoutIncoming.merged.outcome).toEqual(approved);
  });

  it("when every Stripe dispute status is ranked, then each has a stage after the bare flag", () => {
    for (const status of disputeStatuses)
      expect(disputeStageOrder[status]).toBeGreaterThan(disputeStageOrder.disputed);
  });
});

describe("copies of one payment in any order", () => {
  const dispute: fc.Arbitrary<Dispute | null> = fc.option(
    fc.record({
      status: fc.constantFrom("disputed", ...disputeStatuses),
      reason: fc.option(fc.constantFrom("fraudulent", "general", "product_not_received", "duplicate")),
    }),
  );
  /** Radar sets a charge's outcome once: a copy either carries that one outcome or none. */
  const copy = (outcome: Outcome): fc.Arbitrary<MutablePaymentFields> =>
    fc.record({
      status: fc.constantFrom("pending", "failed", "succeeded"),
      refunds: fc.record({ amountRefunded: fc.nat({ max: 10_000 }), refunded: fc.boolean() }),
      dispute,
      outcome: fc.option(fc.constant(outcome)),
    });
  const copies = fc.array(copy(approved), { minLength: 1, maxLength: 8 });

  const applyAll = (all: MutablePaymentFields[]) =>
    all
      .slice(1)
      .reduce((state, next) => mergeMutableFields(state, next).merged, all[0] as MutablePaymentFields);

  it("when the same copies arrive in any order, then the payment ends in the same state", () => {
    const inTwoOrders = copies.chain((all) =>
      fc.tuple(fc.constant(all), fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })),
    );
    fc.assert(
      fc.property(inTwoOrders, ([all, shuffled]) => {
        expect(applyAll(shuffled)).toEqual(applyAll(all));
      }),
    );
  });

  it("when any copy is applied twice, then the second time changes nothing", () => {
    fc.assert(
      fc.property(copy(approved), copy(approved), (first, second) => {
        const once = mergeMutableFields(first, second).merged;

        const twice = mergeMutableFields(once, second);

        expect(twice.changed).toBe(false);
        expect(twice.merged).toEqual(once);
      }),
    );
  });

  it("when two copies are merged either way round, then the status, refunds and dispute agree whatever the outcomes", () => {
    const anyOutcome = fc.record({
      riskLevel: fc.constantFrom("normal", "elevated", "highest"),
      riskScore: fc.integer({ min: 0, max: 100 }),
      networkStatus: fc.constant("approved_by_network"),
      sellerMessage: fc.constant(null),
      type: fc.constantFrom("authorized", "manual_review"),
    });
    fc.assert(
      fc.property(anyOutcome.chain(copy), anyOutcome.chain(copy), (a, b) => {
        const { outcome: _ab, ...ab } = mergeMutableFields(a, b).merged;
        const { outcome: _ba, ...ba } = mergeMutableFields(b, a).merged;

        expect(ab).toEqual(ba);
      }),
    );
  });

  it("when copies arrive, then the refunded amount never shrinks and a terminal status never returns to pending", () => {
    fc.assert(
      fc.property(copies, (all) => {
        let state = all[0] as MutablePaymentFields;
        for (const next of all.slice(1)) {
          const merged = mergeMutableFields(state, next).merged;
          expect(merged.refunds.amountRefunded).toBeGreaterThanOrEqual(state.refunds.amountRefunded);
          if (state.status !== "pending") expect(merged.status).not.toBe("pending");
          state = merged;
        }
      }),
    );
  });
});
