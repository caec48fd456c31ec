import { describe, expect, it } from "vitest";
import { dayToSeconds, money } from "../../console/src/format.ts";
import { describeCut, emptyGraph, mergeAnswer, nodeMarks } from "../../console/src/graph/graph-data.ts";

/** The console's pure parts: merging link-graph answers as nodes are expanded, and amounts in minor units. */

type Answer = Parameters<typeof mergeAnswer>[1];
const none = { any: false, limit: false, timeout: false, at: [] };

function node(
  id: string,
  type: "guest" | "card" | "email" | "payment",
  depth: number,
  data: Record<string, unknown> = {},
) {
  return { id, type, label: id, data: { id, type, label: id, depth, ...data } };
}
function edge(source: string, target: string) {
  return { id: `${source}->${target}`, source, target, type: "used" as const, data: {} };
}

describe("merging link-graph answers", () => {
  it("when an expanded node's neighbourhood is merged, then its hops count from the start and known nodes keep their nearer depth", () => {
    const start: Answer = {
      nodes: [node("gst_a", "guest", 0), node("card:c", "card", 1)],
      edges: [edge("gst_a", "card:c")],
      truncated: none,
    };
    const expansion: Answer = {
      nodes: [node("card:c", "card", 0), node("gst_a", "guest", 1), node("gst_b", "guest", 1)],
      edges: [edge("gst_a", "card:c"), edge("gst_b", "card:c")],
      truncated: {
        any: true,
        limit: false,
        timeout: false,
        at: [{ node: "card:c", depth: 0, what: "neighbors", kept: 50, total: 60 }],
      },
    };

    const graph = mergeAnswer(mergeAnswer(emptyGraph(), start), expansion);

    expect([...graph.nodes.values()].map((n) => [n.id, n.data.depth])).toEqual([
      ["gst_a", 0],
      ["card:c", 1],
      ["gst_b", 2],
    ]);
    expect(graph.edges.size).toBe(2);
    expect(graph.cuts.get("card:c")?.map(describeCut)).toEqual(["50 of 60 neighbours"]);
    expect(graph.limitReached).toBe(false);
  });

  it("when a node is cut again by a later answer, then the latest count of each kind of cut is kept", () => {
    const cut = (kept: number, what: "neighbors" | "payments") => ({
      nodes: [node("card:c", "card", 0)],
      edges: [],
      truncated: {
        any: true,
        limit: true,
        timeout: false,
        at: [{ node: "card:c", depth: 0, what, kept, total: 5000 }],
      },
    });

    const graph = mergeAnswer(
      mergeAnswer(mergeAnswer(emptyGraph(), cut(50, "neighbors")), cut(2000, "payments")),
      cut(40, "neighbors"),
    );

    expect(graph.cuts.get("card:c")?.map(describeCut)).toEqual([
      "2,000 of 5,000 payments read",
      "40 of 5,000 neighbours",
    ]);
    expect(graph.limitReached).toBe(true);
  });

  it("when nodes are marked, then disputed guests and payments and failed payments are, and identifiers are not", () => {
    expect(nodeMarks(node("gst_a", "guest", 0, { dispute_count: 2 }))).toEqual({
      disputed: true,
      failed: false,
    });
    expect(nodeMarks(node("ch_1", "payment", 0, { status: "failed", dispute_status: null }))).toEqual({
      disputed: false,
      failed: true,
    });
    expect(nodeMarks(node("ch_2", "payment", 0, { status: "succeeded", dispute_status: "lost" }))).toEqual({
      disputed: true,
      failed: false,
    });
    expect(nodeMarks(node("email:a@b.c", "email", 0, { dispute_count: 3 }))).toEqual({
      disputed: false,
      failed: false,
    });
  });
});

describe("amounts and days", () => {
  it("when amounts in minor units are shown, then each currency's own decimals are used", () => {
    expect(money(1099, "usd")).toBe("$10.99");
    expect(money(1099, "jpy")).toBe("¥1,099");
    expect(money(1099, "kwd").replace(/\s/g, " ")).toBe("KWD 1.099"); // a no-break space after the code
  });

  it("when a day bounds the last payment, then it covers the whole UTC day", () => {
    expect(dayToSeconds("2024-03-18", false)).toBe(1_710_720_000);
    expect(dayToSeconds("2024-03-18", true)).toBe(1_710_806_399);
    expect(dayToSeconds("18/03/2024", false)).toBeUndefined();
  });
});
