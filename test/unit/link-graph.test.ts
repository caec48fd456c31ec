import { describe, expect, it } from "vitest";
import {
  type Expand,
  neighbourhood,
  SearchTimedOut,
  shortestPaths,
  windowFor,
} from "../../src/domain/graph-search.ts";
import {
  type Link,
  type NodeExpansion,
  type NodeRef,
  nodeId,
  nodeRefsFor,
} from "../../src/domain/link-graph.ts";

/** The link graph's rules without a database: typed ids, and the bounded searches over a graph given as adjacency. */

const guest = (key: string): NodeRef => ({ type: "guest", key });
const card = (key: string): NodeRef => ({ type: "card", key });
const bounds = { perNode: 50, maxWindow: 2000, minWindow: 100, hopBudget: 40_000 };

/** An Expand over a small undirected guest–identifier graph; `cut` makes a node report more than it gives. */
function graphOf(edges: [NodeRef, NodeRef][], options: { timeoutAtHop?: number } = {}): Expand {
  let hop = 0;
  return async (nodes) => {
    hop++;
    if (options.timeoutAtHop === hop) throw new SearchTimedOut("budget spent");
    const answer = new Map<string, NodeExpansion>();
    for (const node of nodes) {
      const links: Link[] = edges.flatMap(([actor, identifier]): Link[] => {
        const edge = { type: "used" as const, source: actor, target: identifier, data: {} };
        if (nodeId(actor) === nodeId(node)) return [{ node: identifier, edge }];
        if (nodeId(identifier) === nodeId(node)) return [{ node: actor, edge }];
        return [];
      });
      answer.set(nodeId(node), { links, linkTotal: links.length, read: 1, total: 1 });
    }
    return answer;
  };
}

describe("typed node ids", () => {
  it("when a node's id is read back, then it names the same node, whatever its key looks like", () => {
    const nodes: NodeRef[] = [
      guest("gst_abc"),
      { type: "customer", key: "cus_1" },
      { type: "customer", key: "user-42" },
      { type: "payment", key: "ch_1" },
      { type: "payment", key: "email:looks-typed" },
      { type: "payment", key: "cus_not_a_customer" },
      { type: "email", key: "ann@example.com" },
      { type: "phone", key: "+14155550123" },
      card("Xt5EWLLDS7FJjR1c"),
    ];

    for (const node of nodes) expect(nodeRefsFor(nodeId(node))[0], nodeId(node)).toEqual(node);
  });

  it("when an identifier id is typed loosely, then its stored forms are the candidates, and a payment of that id the last", () => {
    expect(nodeRefsFor("email: Ann@Example.COM ")).toEqual([
      { type: "email", key: "ann@example.com" },
      { type: "payment", key: "email: Ann@Example.COM " },
    ]);
    expect(nodeRefsFor("phone:+1 (415) 555-0123").map((ref) => ref.key)).toEqual([
      "+14155550123",
      "14155550123",
      "phone:+1 (415) 555-0123",
    ]);
    expect(nodeRefsFor("payment:")).toEqual([]);
  });
});

describe("neighbourhood", () => {
  const edges: [NodeRef, NodeRef][] = [
    [guest("a"), card("1")],
    [guest("b"), card("1")],
    [guest("b"), card("2")],
    [guest("c"), card("2")],
  ];

  it("when asked at depth 2, then it holds the nodes two hops away with their depths, and the edges between them", async () => {
    const result = await neighbourhood(guest("a"), { depth: 2, limit: 100, bounds }, graphOf(edges));

    expect(result.nodes.map((node) => [node.id, node.depth])).toEqual([
      ["guest:a", 0],
      ["card:1", 1],
      ["guest:b", 2],
    ]);
    expect(result.edges.map((edge) => edge.id)).toEqual(["used:guest:a->card:1", "used:guest:b->card:1"]);
    expect(result.truncated.any).toBe(false);
  });

  it("when the time budget runs out at the second hop, then the first hop is answered and timeout is flagged", async () => {
    const result = await neighbourhood(
      guest("a"),
      { depth: 3, limit: 100, bounds },
      graphOf(edges, { timeoutAtHop: 2 }),
    );

    expect(result.nodes.map((node) => node.id)).toEqual(["guest:a", "card:1"]);
    expect(result.truncated).toEqual({ any: true, limit: false, timeout: true, at: [] });
  });
});

describe("shortest paths", () => {
  it("when two shortest paths exist, then both are given, and a longer one is not", async () => {
    const edges: [NodeRef, NodeRef][] = [
      [guest("a"), card("1")],
      [guest("a"), card("2")],
      [guest("b"), card("1")],
      [guest("b"), card("2")],
      [guest("a"), card("3")],
      [guest("x"), card("3")],
      [guest("x"), card("4")],
      [guest("b"), card("4")],
    ];

    const result = await shortestPaths(
      guest("a"),
      guest("b"),
      { maxDepth: 4, maxPaths: 10, bounds },
      graphOf(edges),
    );

    expect(result.length).toBe(2);
    expect(result.paths.map((path) => path.nodes)).toEqual([
      ["guest:a", "card:1", "guest:b"],
      ["guest:a", "card:2", "guest:b"],
    ]);
  });

  it("when the ends are in different components, then no path is found and nothing was cut", async () => {
    const edges: [NodeRef, NodeRef][] = [
      [guest("a"), card("1")],
      [guest("b"), card("2")],
    ];

    const result = await shortestPaths(
      guest("a"),
      guest("b"),
      { maxDepth: 8, maxPaths: 10, bounds },
      graphOf(edges),
    );

    expect(result).toMatchObject({
      length: null,
      paths: [],
      nodes: [],
      edges: [],
      truncated: { any: false },
    });
  });

  it("when the search times out, then no path is claimed and timeout is flagged", async () => {
    const edges: [NodeRef, NodeRef][] = [
      [guest("a"), card("1")],
      [guest("b"), card("1")],
    ];

    const result = await shortestPaths(
      guest("a"),
      guest("b"),
      { maxDepth: 4, maxPaths: 10, bounds },
      graphOf(edges, { timeoutAtHop: 1 }),
    );

    expect(result).toMatchObject({ length: null, truncated: { any: true, timeout: true } });
  });
});

describe("the per-node read window", () => {
  it("when the frontier grows, then the hop's budget is shared, within the floor and the ceiling", () => {
    expect(windowFor(1, bounds)).toBe(2000);
    expect(windowFor(100, bounds)).toBe(400);
    expect(windowFor(1000, bounds)).toBe(100);
  });
});
