import {
  neighbourhood,
  type SearchBounds,
  type SearchResult,
  shortestPaths,
} from "../domain/graph-search.ts";
import {
  type GraphEdge,
  type GraphNode,
  type NodeRef,
  nodeRefsFor,
  type Truncation,
} from "../domain/link-graph.ts";
import type { Database } from "../graph/database.ts";
import { LinkGraphRepository } from "../graph/link-graph-repository.ts";
import { describeNodes, findNode } from "./link-graph-nodes.ts";

/**
 * Link analysis for investigators: the neighbourhood of any guest, customer, payment, email, phone or
 * card, and the shortest paths between two of them. Both are bounded whatever the data: each node reads
 * at most `maxWindow` of its newest payments and keeps its `perNode` strongest neighbours, a hop reads
 * at most `hopBudget` payments in all, the answer holds at most `limit` nodes, and every read runs under
 * a server-side transaction timeout within `timeBudgetMs` — past it, the answer is what was found so
 * far, flagged in `truncated`.
 */

export const graphBounds: SearchBounds = { perNode: 50, maxWindow: 1_000, minWindow: 100, hopBudget: 20_000 };
export const timeBudgetMs = 3_000;
/** How many shortest paths a path answer lists at most. */
export const maxPaths = 10;

export interface GraphAnswer {
  object: "graph";
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: Truncation;
}

export interface NeighbourhoodAnswer extends GraphAnswer {
  node: string;
  depth: number;
  limit: number;
}

export interface PathAnswer extends GraphAnswer {
  from: string;
  to: string;
  max_depth: number;
  /** Whether a path was found within max_depth; when not, nodes and edges are empty. */
  found: boolean;
  /** Hops of the shortest paths; null when none was found. */
  length: number | null;
  paths: { nodes: string[]; edges: string[] }[];
}

/** The node an id names in the account, or null (the caller's 404). */
export function findGraphNode(db: Database, account: string, id: string): Promise<NodeRef | null> {
  return findNode(db, account, nodeRefsFor(id));
}

export async function getNeighbourhood(
  db: Database,
  account: string,
  start: NodeRef,
  options: { depth: number; limit: number },
): Promise<NeighbourhoodAnswer> {
  const graph = new LinkGraphRepository(db, account, Date.now() + timeBudgetMs);
  const found = await neighbourhood(start, { ...options, bounds: graphBounds }, (nodes, window, perNode) =>
    graph.expand(nodes, window, perNode),
  );
  const answer = await graphAnswer(db, account, found);
  return { ...answer, node: answer.nodes[0]?.id ?? "", depth: options.depth, limit: options.limit };
}

export async function getPaths(
  db: Database,
  account: string,
  from: NodeRef,
  to: NodeRef,
  options: { maxDepth: number },
): Promise<Omit<PathAnswer, "from" | "to">> {
  const graph = new LinkGraphRepository(db, account, Date.now() + timeBudgetMs);
  const found = await shortestPaths(
    from,
    to,
    { maxDepth: options.maxDepth, maxPaths, bounds: graphBounds },
    (nodes, window, perNode) => graph.expand(nodes, window, perNode),
  );
  const answer = await graphAnswer(db, account, found);
  return {
    ...answer,
    max_depth: options.maxDepth,
    found: found.length !== null,
    length: found.length,
    paths: found.paths,
  };
}

async function graphAnswer(db: Database, account: string, found: SearchResult): Promise<GraphAnswer> {
  return {
    object: "graph",
    nodes: await describeNodes(db, account, found.nodes),
    edges: found.edges.map((edge) => ({
      ...edge,
      data: { id: edge.id, source: edge.source, target: edge.target, type: edge.type, ...edge.data },
    })),
    truncated: found.truncated,
  };
}
