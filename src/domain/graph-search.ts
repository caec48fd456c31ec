import {
  edgeId,
  type GraphEdge,
  type Link,
  type NodeExpansion,
  type NodeRef,
  nodeId,
  type Truncation,
  type TruncationPoint,
} from "./link-graph.ts";

/**
 * Bounded searches over the link graph, written against an `expand` function so that the rules (what
 * a hop adds, where the caps cut, what the answer says was cut) are plain code, tested without a
 * database. Every hop is one call to `expand` for the whole frontier.
 */

/**
 * Expands these nodes: for each (keyed by nodeId), its strongest `perNode` neighbours found in its
 * newest `window` payments. Throws SearchTimedOut when the time budget is spent.
 */
export type Expand = (
  nodes: NodeRef[],
  window: number,
  perNode: number,
) => Promise<Map<string, NodeExpansion>>;

/** The search's time budget ran out (the server-side transaction timeout of a hop, or the request's deadline). */
export class SearchTimedOut extends Error {
  override name = "SearchTimedOut";
}

export interface SearchBounds {
  /** Neighbours kept per expanded node, strongest first. */
  perNode: number;
  /** Payments (or identifier uses) read per expanded node at most. */
  maxWindow: number;
  /** …and at least, however large the frontier. */
  minWindow: number;
  /** Payments read per hop in all, shared by the frontier's nodes. */
  hopBudget: number;
}

/** How many payments each node of a frontier may read: the hop's budget shared, within [minWindow, maxWindow]. */
export function windowFor(frontierSize: number, bounds: SearchBounds): number {
  const share = Math.floor(bounds.hopBudget / Math.max(1, frontierSize));
  return Math.max(bounds.minWindow, Math.min(bounds.maxWindow, share));
}

export interface FoundNode {
  ref: NodeRef;
  id: string;
  depth: number;
}

export interface SearchResult {
  nodes: FoundNode[];
  edges: GraphEdge[];
  truncated: Truncation;
}

class TruncationLog {
  readonly points: TruncationPoint[] = [];
  limit = false;
  timeout = false;

  noteExpansion(id: string, depth: number, expansion: NodeExpansion): void {
    if (expansion.read < expansion.total) {
      this.points.push({ node: id, depth, what: "payments", kept: expansion.read, total: expansion.total });
    }
    if (expansion.links.length < expansion.linkTotal) {
      this.points.push({
        node: id,
        depth,
        what: "neighbors",
        kept: expansion.links.length,
        total: expansion.linkTotal,
      });
    }
  }

  result(): Truncation {
    return {
      any: this.limit || this.timeout || this.points.length > 0,
      limit: this.limit,
      timeout: this.timeout,
      at: this.points,
    };
  }
}

function toEdge(link: Link): GraphEdge {
  const source = nodeId(link.edge.source);
  const target = nodeId(link.edge.target);
  return {
    id: edgeId(link.edge.type, source, target),
    source,
    target,
    type: link.edge.type,
    data: link.edge.data,
  };
}

/**
 * The nodes within `depth` hops of `start`, breadth first, at most `limit` of them, with the edges
 * found between them. Each hop expands the whole frontier once; a node's neighbours beyond the
 * per-node cap, neighbours past the node limit, and hops past the time budget are left out, and the
 * answer's `truncated` says which and where.
 */
export async function neighbourhood(
  start: NodeRef,
  options: { depth: number; limit: number; bounds: SearchBounds },
  expand: Expand,
): Promise<SearchResult> {
  const startId = nodeId(start);
  const found = new Map<string, FoundNode>([[startId, { ref: start, id: startId, depth: 0 }]]);
  const edges = new Map<string, GraphEdge>();
  const log = new TruncationLog();
  let frontier: FoundNode[] = [found.get(startId) as FoundNode];

  for (let depth = 1; depth <= options.depth && frontier.length > 0; depth++) {
    let expansions: Map<string, NodeExpansion>;
    try {
      expansions = await expand(
        frontier.map((node) => node.ref),
        windowFor(frontier.length, options.bounds),
        options.bounds.perNode,
      );
    } catch (error) {
      if (!(error instanceof SearchTimedOut)) throw error;
      log.timeout = true;
      break;
    }
    const next: FoundNode[] = [];
    for (const node of frontier) {
      const expansion = expansions.get(node.id);
      if (!expansion) continue;
      log.noteExpansion(node.id, node.depth, expansion);
      let leftOut = 0;
      for (const link of expansion.links) {
        const id = nodeId(link.node);
        if (!found.has(id)) {
          if (found.size >= options.limit) {
            leftOut++;
            continue;
          }
          const added = { ref: link.node, id, depth };
          found.set(id, added);
          next.push(added);
        }
        const edge = toEdge(link);
        if (!edges.has(edge.id)) edges.set(edge.id, edge);
      }
      if (leftOut > 0) {
        log.limit = true;
        log.points.push({
          node: node.id,
          depth: node.depth,
          what: "neighbors",
          kept: expansion.links.length - leftOut,
          total: expansion.linkTotal,
        });
      }
    }
    frontier = next;
  }
  return { nodes: [...found.values()], edges: [...edges.values()], truncated: log.result() };
}

export interface PathResult extends SearchResult {
  /** The shortest paths found, each as its node ids from `from` to `to`, with the edge ids between them. */
  paths: { nodes: string[]; edges: string[] }[];
  /** Hops of the shortest path; null when none was found within max_depth. */
  length: number | null;
}

interface Arrival {
  parent: string;
  edge: GraphEdge;
}

interface Side {
  depth: number;
  distance: Map<string, number>;
  refs: Map<string, NodeRef>;
  arrivals: Map<string, Arrival[]>;
  frontier: string[];
}

function side(start: NodeRef): Side {
  const id = nodeId(start);
  return {
    depth: 0,
    distance: new Map([[id, 0]]),
    refs: new Map([[id, start]]),
    arrivals: new Map(),
    frontier: [id],
  };
}

/**
 * The shortest paths between two nodes, of at most `maxDepth` hops: a breadth-first search from both
 * ends at once, always growing the smaller frontier, so each side only goes half the way. At most
 * `maxPaths` paths of the shortest length are returned. No path found is an empty answer; when
 * something was cut on the way, `truncated` says so (a path may then exist through what was left out).
 */
export async function shortestPaths(
  from: NodeRef,
  to: NodeRef,
  options: { maxDepth: number; maxPaths: number; bounds: SearchBounds },
  expand: Expand,
): Promise<PathResult> {
  const log = new TruncationLog();
  const fromId = nodeId(from);
  if (fromId === nodeId(to)) {
    return {
      nodes: [{ ref: from, id: fromId, depth: 0 }],
      edges: [],
      truncated: log.result(),
      paths: [{ nodes: [fromId], edges: [] }],
      length: 0,
    };
  }
  const ends = { from: side(from), to: side(to) };
  while (ends.from.depth + ends.to.depth < options.maxDepth) {
    const growing = ends.from.frontier.length <= ends.to.frontier.length ? ends.from : ends.to;
    const other = growing === ends.from ? ends.to : ends.from;
    if (growing.frontier.length === 0) break;
    try {
      await grow(growing, options.bounds, expand, log);
    } catch (error) {
      if (!(error instanceof SearchTimedOut)) throw error;
      log.timeout = true;
      break;
    }
    const meetings = growing.frontier.filter((id) => other.distance.has(id));
    if (meetings.length > 0) {
      const length = Math.min(...meetings.map((id) => growing.depth + (other.distance.get(id) as number)));
      const middles = meetings.filter((id) => growing.depth + (other.distance.get(id) as number) === length);
      return pathsThrough(middles, ends.from, ends.to, length, options.maxPaths, log.result());
    }
  }
  return { nodes: [], edges: [], truncated: log.result(), paths: [], length: null };
}

async function grow(growing: Side, bounds: SearchBounds, expand: Expand, log: TruncationLog): Promise<void> {
  const refs = growing.frontier.map((id) => growing.refs.get(id) as NodeRef);
  const expansions = await expand(refs, windowFor(refs.length, bounds), bounds.perNode);
  const depth = growing.depth + 1;
  const next: string[] = [];
  for (const parent of growing.frontier) {
    const expansion = expansions.get(parent);
    if (!expansion) continue;
    log.noteExpansion(parent, growing.depth, expansion);
    for (const link of expansion.links) {
      const id = nodeId(link.node);
      const known = growing.distance.get(id);
      if (known === undefined) {
        growing.distance.set(id, depth);
        growing.refs.set(id, link.node);
        growing.arrivals.set(id, [{ parent, edge: toEdge(link) }]);
        next.push(id);
      } else if (known === depth) {
        growing.arrivals.get(id)?.push({ parent, edge: toEdge(link) });
      }
    }
  }
  growing.depth = depth;
  growing.frontier = next;
}

/** Every way back from `id` to its side's start, as nodes (start first) and edges, at most `max` of them. */
function waysBack(end: Side, id: string, max: number): { nodes: string[]; edges: GraphEdge[] }[] {
  const arrivals = end.arrivals.get(id);
  if (!arrivals) return [{ nodes: [id], edges: [] }];
  const ways: { nodes: string[]; edges: GraphEdge[] }[] = [];
  for (const arrival of arrivals) {
    for (const way of waysBack(end, arrival.parent, max - ways.length)) {
      ways.push({ nodes: [...way.nodes, id], edges: [...way.edges, arrival.edge] });
      if (ways.length >= max) return ways;
    }
  }
  return ways;
}

function pathsThrough(
  middles: string[],
  from: Side,
  to: Side,
  length: number,
  maxPaths: number,
  truncated: Truncation,
): PathResult {
  const paths: { nodes: string[]; edges: GraphEdge[] }[] = [];
  for (const middle of [...middles].sort()) {
    for (const head of waysBack(from, middle, maxPaths)) {
      for (const tail of waysBack(to, middle, maxPaths)) {
        if (paths.length >= maxPaths) break;
        paths.push({
          nodes: [...head.nodes, ...[...tail.nodes].reverse().slice(1)],
          edges: [...head.edges, ...[...tail.edges].reverse()],
        });
      }
    }
  }
  const nodes = new Map<string, FoundNode>();
  const edges = new Map<string, GraphEdge>();
  for (const path of paths) {
    path.nodes.forEach((id, position) => {
      const ref = from.refs.get(id) ?? (to.refs.get(id) as NodeRef);
      if (!nodes.has(id)) nodes.set(id, { ref, id, depth: position });
    });
    for (const edge of path.edges) edges.set(edge.id, edge);
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated,
    paths: paths.map((path) => ({ nodes: path.nodes, edges: path.edges.map((edge) => edge.id) })),
    length,
  };
}
