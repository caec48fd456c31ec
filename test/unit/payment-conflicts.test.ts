import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findConflicts } from "../../src/domain/payment-conflicts.ts";
import { paymentFrom } from "../support/payment-factory.ts";

/** A payment's amount, currency and created never change (issue 7, finding 9): the pure rule. */

const account = "acct_conflicts";
const facts = fc.record({
  amount: fc.integer({ min: 0, max: 5 }),
  currency: fc.constantFrom("usd", "eur"),
  created: fc.integer({ min: 1, max: 3 }),
});

describe("conflicting copies of a payment", () => {
  it("when copies of one id come stored and in a batch, then a conflict is named exactly when some copy differs, on the first field that differs", () => {
    fc.assert(
      fc.property(
        fc.option(facts, { nil: undefined }),
        fc.array(facts, { minLength: 1, maxLength: 4 }),
        (stored, copies) => {
          const batch = copies.map((copy) => paymentFrom(account, { id: "ch_1", ...copy }));
          const storedMap = new Map(stored ? [["ch_1", stored]] : []);

          const conflicts = findConflicts(batch, storedMap);

          const reference = stored ?? (copies[0] as (typeof copies)[number]);
          const differing = copies.find(
            (copy) =>
              copy.amount !== reference.amount ||
              copy.currency !== reference.currency ||
              copy.created !== reference.created,
          );
          if (!differing) {
            expect(conflicts.size).toBe(0);
          } else {
            const field = (["amount", "currency", "created"] as const).find(
              (name) => differing[name] !== reference[name],
            );
            expect(conflicts.get("ch_1")).toBe(field);
          }
        },
      ),
      { numRuns: 2_000, seed: 9_009 },
    );
  });

  it("when other ids agree with themselves, then only the conflicting id is named", () => {
    const batch = [
      paymentFrom(account, { id: "a", created: 1, amount: 100 }),
      paymentFrom(account, { id: "b", created: 1, amount: 100 }),
      paymentFrom(account, { id: "a", created: 1, amount: 200 }),
      paymentFrom(account, { id: "b", created: 1, amount: 100 }),
    ];

    expect(findConflicts(batch, new Map())).toEqual(new Map([["a", "amount"]]));
  });

  it("when a PaymentIntent not yet charged changes its amount, then it is no conflict (Stripe allows that until confirmation)", () => {
    const intent = {
      ...paymentFrom(account, { id: "pi_1", created: 1, amount: 100 }),
      object: "payment_intent" as const,
    };

    const conflicts = findConflicts(
      [{ ...intent, amount: 250 }],
      new Map([["pi_1", { amount: 100, currency: "usd", created: 1 }]]),
    );

    expect(conflicts.size).toBe(0);
  });
});
