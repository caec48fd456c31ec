import { describe, expect, it } from "vitest";
import { summariseRing } from "../../src/domain/ring-summary.ts";
import { componentsOf, type RingGuest, ringIdFor } from "../../src/domain/rings.ts";
import { guestFlags, guestScore, noRadarSignals, radarSignals, ringScore } from "../../src/domain/risk.ts";

const guest = (id: string, foundedAt: string, uses: [string, boolean][], disputed = false): RingGuest => ({
  id,
  foundedAt,
  disputed,
  uses: uses.map(([identity, hub]) => ({ identity, hub })),
});

describe("rings: components of the guest–identifier graph", () => {
  it("when guests share identifiers in a chain, then they form one ring named after the oldest guest", () => {
    const { components, facts } = componentsOf([
      guest("gst_b", "000000000200|ch_b", [["card/1", false]]),
      guest(
        "gst_a",
        "000000000100|ch_a",
        [
          ["card/1", false],
          ["email/a", false],
        ],
        true,
      ),
      guest("gst_c", "000000000300|ch_c", [
        ["email/a", false],
        ["phone/9", false],
      ]),
      guest("gst_d", "000000000050|ch_d", [["email/d", false]]),
    ]);

    expect(components).toEqual(
      expect.arrayContaining([
        { ringId: "ring_a", founder: "gst_a", guests: ["gst_a", "gst_b", "gst_c"] },
        { ringId: null, founder: "gst_d", guests: ["gst_d"] },
      ]),
    );
    expect(facts.get("gst_b")).toEqual({
      ring: "ring_a",
      disputeDistance: 1,
      identifiersSharedWithDisputed: 1,
      hubIdentifiers: 0,
    });
    expect(facts.get("gst_d")).toMatchObject({ ring: null, disputeDistance: null });
  });

  it("when guests share only a hub, then they are no ring, and each counts the hub", () => {
    const { components, facts } = componentsOf([
      guest("gst_a", "1", [["phone/hub", true]]),
      guest("gst_b", "2", [["phone/hub", true]]),
    ]);

    expect(components.map((component) => component.ringId)).toEqual([null, null]);
    expect(facts.get("gst_a")).toMatchObject({ ring: null, hubIdentifiers: 1 });
  });

  it("when a ring id is derived, then it is the founder's id with ring_ in place of gst_", () => {
    expect(ringIdFor("gst_4fQ2k9XbT1mZr8LwP0sVh3Ya")).toBe("ring_4fQ2k9XbT1mZr8LwP0sVh3Ya");
  });
});

describe("risk scores and Radar attributes", () => {
  it("when a ring has two disputed guests of six, a failed quarter and a hub, then its score adds up as documented", () => {
    const member = (id: string, disputed: boolean, failed: number) => ({
      id,
      hasDispute: disputed,
      paymentCount: 4,
      firstPaymentAt: 10,
      lastPaymentAt: 20,
      disputeCount: disputed ? 1 : 0,
      refundedPaymentCount: 0,
      failedPaymentCount: failed,
      totals: { usd: { spent: 100, refunded: 0, disputed: 0, failed: 0, payments: 4 } },
    });
    const summary = summariseRing([
      member("a", true, 1),
      member("b", true, 1),
      member("c", false, 1),
      member("d", false, 1),
      member("e", false, 1),
      member("f", false, 1),
    ]);

    // 40 + 10 (second disputed guest) + 16 (four guests beyond two) + 20 × 6/24 + 5 (hub) = 76.
    expect(ringScore(summary, 1)).toBe(76);
    expect(summary).toMatchObject({ guestCount: 6, paymentCount: 24, failedPaymentCount: 6 });
  });

  it("when a guest's payments fall in and out of the windows, then Radar's counts end at its latest payment", () => {
    const signals = radarSignals({
      lastPaymentAt: 1_000_000,
      week: [
        { created: 1_000_000, status: "failed" },
        { created: 999_000, status: "succeeded" },
        { created: 996_400, status: "failed" },
        { created: 950_000, status: "failed" },
        { created: 393_600, status: "failed" },
      ],
      cards: 30,
      emailsPerCard: 2,
      namesPerCard: 1,
      cardsPerEmail: 1,
    });

    expect(signals).toMatchObject({
      total_charges_per_customer_hourly: 2,
      declined_charges_per_customer_hourly: 1,
      total_charges_per_customer_daily: 4,
      declined_charges_per_customer_weekly: 3,
      card_count_for_customer_all_time: 25,
    });
  });

  it("when a guest has no signal, then it has no flag and a score of 0", () => {
    const facts = {
      disputeCount: 0,
      ring: null,
      ringSize: 0,
      disputeDistance: null,
      identifiersSharedWithDisputed: 0,
      hubIdentifiers: 0,
      radar: noRadarSignals(),
    };

    expect(guestFlags(facts)).toEqual([]);
    expect(guestScore(facts)).toBe(0);
  });
});
