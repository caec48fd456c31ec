import type { GraphEdge, GraphNode, GraphTruncation } from "../api-types.ts";

/**
 * The link graph on screen: the union of the answers asked so far (the start's neighbourhood, one per
 * expanded node, the path), each node once (nearest depth wins), each edge once, and what was cut where.
 */

export interface Cut {
  what: "neighbors" | "payments";
  kept: number;
  total: number;
}

export interface MergedGraph {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  /** Per node: what the server cut there (its neighbours or its payments). */
  cuts: Map<string, Cut[]>;
  /** Whether a node limit or the time budget cut an answer. */
  limitReached: boolean;
  timedOut: boolean;
}

export function emptyGraph(): MergedGraph {
  return { nodes: new Map(), edges: new Map(), cuts: new Map(), limitReached: false, timedOut: false };
}

export function mergeAnswer(
  graph: MergedGraph,
  answer: { nodes: GraphNode[]; edges: GraphEdge[]; truncated: GraphTruncation },
): MergedGraph {
  // An expanded node's answer counts hops from that node: shift them by its own distance from the start.
  const centre = answer.nodes.find((node) => node.data.depth === 0);
  const shift = centre ? depthOf(graph.nodes.get(centre.id)) : Number.POSITIVE_INFINITY;
  for (const node of answer.nodes) {
    const known = graph.nodes.get(node.id);
    const depth = (Number.isFinite(shift) ? shift : 0) + depthOf(node);
    if (!known || depth < depthOf(known))
      graph.nodes.set(node.id, { ...node, data: { ...node.data, depth } });
  }
  for (const edge of answer.edges) graph.edges.set(edge.id, edge);
  for (const cut of answer.truncated.at) {
    const list = (graph.cuts.get(cut.node) ?? []).filter((known) => known.what !== cut.what);
    list.push({ what: cut.what, kept: cut.kept, total: cut.total });
    graph.cuts.set(cut.node, list);
  }
  graph.limitReached ||= answer.truncated.limit;
  graph.timedOut ||= answer.truncated.timeout;
  return graph;
}

/** What a cut says next to the node: "50 of 1,234 neighbours". */
export function describeCut(cut: Cut): string {
  const what = cut.what === "neighbors" ? "neighbours" : "payments read";
  return `${cut.kept.toLocaleString("en")} of ${cut.total.toLocaleString("en")} ${what}`;
}

/** Marks a node carries: disputes and failed payments, as the API describes them. */
export function nodeMarks(node: GraphNode): { disputed: boolean; failed: boolean } {
  const data = node.data as Record<string, unknown>;
  if (node.type === "payment") {
    return {
      disputed: data.dispute_status !== null && data.dispute_status !== undefined,
      failed: data.status === "failed",
    };
  }
  if (node.type === "guest") return { disputed: Number(data.dispute_count ?? 0) > 0, failed: false };
  return { disputed: false, failed: false };
}

function depthOf(node: GraphNode | undefined): number {
  const depth = node?.data.depth;
  return typeof depth === "number" ? depth : node ? 0 : Number.POSITIVE_INFINITY;
}
