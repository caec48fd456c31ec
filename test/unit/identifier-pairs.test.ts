import { describe, expect, it } from "vitest";
import { pairsNoLongerCarried } from "../../src/domain/identifier-pairs.ts";

describe("pairsNoLongerCarried", () => {
  it("when a payment's email changes, then only the old email's pair with its card is a candidate, on both sides", () => {
    const before = [{ id: "ch_1", cards: ["FP_A"], emails: ["ann@example.com"], name: "ann" }];
    const after = [{ id: "ch_1", cards: ["FP_A"], emails: ["bob@example.com"], name: "ann" }];

    expect(pairsNoLongerCarried(before, after)).toEqual({
      cards: [{ card: "FP_A", emails: ["ann@example.com"], names: [] }],
      emails: [{ email: "ann@example.com", cards: ["FP_A"] }],
    });
  });

  it("when a payment is gone (deleted), then every pair it carried is a candidate", () => {
    const before = [
      { id: "ch_1", cards: ["FP_A"], emails: ["ann@example.com", "a2@example.com"], name: "ann" },
    ];

    expect(pairsNoLongerCarried(before, [])).toEqual({
      cards: [{ card: "FP_A", emails: ["ann@example.com", "a2@example.com"], names: ["ann"] }],
      emails: [
        { email: "ann@example.com", cards: ["FP_A"] },
        { email: "a2@example.com", cards: ["FP_A"] },
      ],
    });
  });

  it("when a payment's card changes, then the old card's pairs with its email and name are candidates, and nothing of the new card", () => {
    const before = [{ id: "ch_1", cards: ["FP_A"], emails: ["ann@example.com"], name: "ann" }];
    const after = [{ id: "ch_1", cards: ["FP_B"], emails: ["ann@example.com"], name: "ann" }];

    expect(pairsNoLongerCarried(before, after)).toEqual({
      cards: [{ card: "FP_A", emails: ["ann@example.com"], names: ["ann"] }],
      emails: [{ email: "ann@example.com", cards: ["FP_A"] }],
    });
  });

  it("when nothing a payment pairs changes, or it has no card, then there is no candidate", () => {
    const same = { id: "ch_1", cards: ["FP_A"], emails: ["ann@example.com"], name: "ann" };
    const cardless = { id: "ch_2", cards: [], emails: ["bob@example.com"], name: "bob" };

    expect(pairsNoLongerCarried([same, cardless], [same, { ...cardless, emails: [] }])).toEqual({
      cards: [],
      emails: [],
    });
  });
});
