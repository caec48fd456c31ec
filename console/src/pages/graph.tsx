import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiFailure, apiGet, query } from "../api.ts";
import type { GraphNeighbourhood, GraphNode, GraphNodeType, GraphPath } from "../api-types.ts";
import { ErrorState, Loading } from "../components/states.tsx";
import { dateTime, money, plural } from "../format.ts";
import { describeCut, emptyGraph, type MergedGraph, mergeAnswer, nodeMarks } from "../graph/graph-data.ts";
import { graphStyle, nodeLook } from "../graph/graph-style.ts";
import { investigationFor, neo4jBrowserUrl, splitNodeId } from "../investigations.ts";
import { useSession, useSignedIn } from "../session.tsx";

cytoscape.use(fcose);

/**
 * The link graph: a node's neighbourhood from GET /v1/graph/neighborhood, grown by clicking nodes (each
 * click asks that node's neighbourhood), the shortest paths between two nodes from GET /v1/graph/path,
 * and what the server cut on supernodes. All of it lives in the URL (node, depth, limit, expand…, from,
 * to), so a reload or a shared link rebuilds the same graph.
 */

type Answer =
  | { status: "loading" }
  | { status: "done"; data: GraphNeighbourhood | GraphPath }
  | { status: "failed"; error: ApiFailure };

const nodeLimits = ["50", "100", "200", "500", "1000"];
const fullLayoutUpTo = 400;

export default function GraphPage() {
  const [params, setParams] = useSearchParams();
  const session = useSignedIn();
  const { signOut } = useSession();
  const start = params.get("node")?.trim() ?? "";
  const depth = clampInt(params.get("depth"), 1, 4, 1);
  const limit = clampInt(params.get("limit"), 1, 1000, 200);
  const expandParam = params.getAll("expand").join("\n");
  const expanded = useMemo(() => (expandParam ? expandParam.split("\n") : []), [expandParam]);
  const from = params.get("from")?.trim() ?? "";
  const to = params.get("to")?.trim() ?? "";
  const maxDepth = clampInt(params.get("max_depth"), 1, 8, 4);

  const requests = useMemo(() => {
    const list: string[] = [];
    if (start) list.push(`/v1/graph/neighborhood${query({ node: start, depth, limit })}`);
    for (const node of expanded) list.push(`/v1/graph/neighborhood${query({ node, depth: 1, limit })}`);
    if (from && to) list.push(`/v1/graph/path${query({ from, to, max_depth: maxDepth })}`);
    return list;
  }, [start, depth, limit, expanded, from, to, maxDepth]);

  // Answers by URL, kept across renders: expanding a node asks only for that node.
  const [answers, setAnswers] = useState<Map<string, Answer>>(new Map());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const url of requests) {
      if (asked.current.has(url)) continue;
      asked.current.add(url);
      setAnswers((current) => new Map(current).set(url, { status: "loading" }));
      apiGet<GraphNeighbourhood | GraphPath>(url, { key: session.key, account: session.account }).then(
        (data) => setAnswers((current) => new Map(current).set(url, { status: "done", data })),
        (error: unknown) => {
          const failure = error instanceof ApiFailure ? error : new ApiFailure(0, String(error));
          if (failure.status === 401)
            signOut(`The service refused the API key (${failure.message}) Paste a valid key.`);
          asked.current.delete(url);
          setAnswers((current) => new Map(current).set(url, { status: "failed", error: failure }));
        },
      );
    }
  }, [requests, session.key, session.account, signOut]);
  // Another account: nothing asked before holds.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on an account change only
  useEffect(() => {
    asked.current.clear();
    setAnswers(new Map());
  }, [session.account]);

  const pathUrl = from && to ? requests.at(-1) : undefined;
  const pathAnswer = pathUrl ? answers.get(pathUrl) : undefined;
  const path = pathAnswer?.status === "done" ? (pathAnswer.data as GraphPath) : null;

  const graph = useMemo(() => {
    const merged = emptyGraph();
    for (const url of requests) {
      const answer = answers.get(url);
      if (answer?.status === "done") mergeAnswer(merged, answer.data);
    }
    return merged;
  }, [requests, answers]);

  const startAnswer = start ? answers.get(requests[0] ?? "") : undefined;
  const failures = requests.flatMap((url) => {
    const answer = answers.get(url);
    return answer?.status === "failed" ? [{ url, error: answer.error }] : [];
  });
  const loading = requests.some((url) => answers.get(url)?.status === "loading");

  const [selected, setSelected] = useState<string | null>(null);
  const [lastExpand, setLastExpand] = useState<{ node: string; ms: number } | null>(null);
  const expandStarted = useRef<{ node: string; at: number } | null>(null);

  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(params);
      change(next);
      setParams(next);
    },
    [params, setParams],
  );

  const expand = useCallback(
    (node: string) => {
      if (node === start || expanded.includes(node)) return;
      expandStarted.current = { node, at: performance.now() };
      update((next) => next.append("expand", node));
    },
    [start, expanded, update],
  );

  // An expansion is done once its answer is on the canvas: the canvas's effect (a child's) has run before this one.
  useEffect(() => {
    const started = expandStarted.current;
    if (!started) return;
    const answer = answers.get(`/v1/graph/neighborhood${query({ node: started.node, depth: 1, limit })}`);
    if (answer?.status === "done" || answer?.status === "failed") {
      setLastExpand({ node: started.node, ms: Math.round(performance.now() - started.at) });
      expandStarted.current = null;
    }
  }, [answers, limit]);

  const startNode = graph.nodes.get(start) ?? [...graph.nodes.values()].find((node) => node.data.depth === 0);
  const selectedNode = selected ? graph.nodes.get(selected) : undefined;
  const investigation = investigationFor(
    session.account,
    startNode ? { id: startNode.id, type: startNode.type } : null,
    path && graph.nodes.get(path.from) && graph.nodes.get(path.to)
      ? {
          from: path.from,
          to: path.to,
          fromType: graph.nodes.get(path.from)?.type ?? "guest",
          toType: graph.nodes.get(path.to)?.type ?? "guest",
        }
      : null,
  );

  return (
    <div className="graph-page">
      <h1>Link graph</h1>
      <StartForm
        start={start}
        depth={depth}
        limit={limit}
        onSubmit={(node, d, l) => setParams(query({ node, depth: d, limit: l }).slice(1))}
      />
      {!start ? (
        <p className="state state-empty">
          Start from a guest (<span className="mono">gst_…</span>), a payment id, a registered customer (
          <span className="mono">cus_…</span>), or an identifier: <span className="mono">email:…</span>,{" "}
          <span className="mono">phone:…</span>, <span className="mono">card:</span> and its fingerprint. The
          guest, payment and identifier pages open it here too.
        </p>
      ) : null}
      {startAnswer?.status === "failed" ? (
        <ErrorState error={startAnswer.error} what="node" />
      ) : (
        failures.map(({ url, error }) => <ErrorState key={url} error={error} what="part of the graph" />)
      )}
      {start && startAnswer?.status !== "failed" ? (
        <div className="graph-layout">
          <div className="graph-main">
            <Toolbar
              graph={graph}
              session={session}
              start={start}
              expanded={expanded}
              path={path}
              investigation={investigation}
            />
            <GraphCanvas
              graph={graph}
              start={startNode?.id ?? start}
              expanded={expanded}
              path={path}
              onSelect={setSelected}
              onExpand={expand}
            />
            <p className="graph-status" role="status" aria-live="polite" data-testid="graph-status">
              {loading ? "Loading… " : ""}
              {plural(graph.nodes.size, "node")}, {plural(graph.edges.size, "edge")}.
              {graph.limitReached ? " The node limit was reached: raise it or expand fewer nodes." : ""}
              {graph.timedOut ? " The server's time budget ran out: deeper hops were left out." : ""}
              {lastExpand ? ` Expanded ${lastExpand.node} in ${lastExpand.ms} ms.` : ""}
            </p>
            <Legend />
          </div>
          <aside className="graph-side" aria-label="Graph details">
            <PathForm
              from={from}
              to={to}
              maxDepth={maxDepth}
              selected={selectedNode?.id ?? null}
              path={path}
              pathLoading={pathAnswer?.status === "loading"}
              onSubmit={(f, t, m) =>
                update((next) => {
                  next.set("from", f);
                  next.set("to", t);
                  next.set("max_depth", String(m));
                })
              }
              onClear={() =>
                update((next) => {
                  next.delete("from");
                  next.delete("to");
                  next.delete("max_depth");
                })
              }
            />
            <NodeDetails
              node={selectedNode}
              graph={graph}
              isExpanded={
                selectedNode ? selectedNode.id === start || expanded.includes(selectedNode.id) : false
              }
              onExpand={expand}
              onPathEnd={(end, id) => update((next) => next.set(end, id))}
            />
          </aside>
        </div>
      ) : null}
      {start && graph.nodes.size > 0 ? (
        <NodeList graph={graph} onSelect={setSelected} onExpand={expand} expanded={expanded} start={start} />
      ) : null}
      {start && graph.nodes.size === 0 && startAnswer?.status === "loading" ? (
        <Loading what="the graph" />
      ) : null}
    </div>
  );
}

function clampInt(value: string | null, low: number, high: number, fallback: number): number {
  const number = Number(value);
  return value !== null && Number.isInteger(number) && number >= low && number <= high ? number : fallback;
}

/** Where the graph starts: a node id, how many hops, how many nodes at most. */
function StartForm(props: {
  start: string;
  depth: number;
  limit: number;
  onSubmit(node: string, depth: number, limit: number): void;
}) {
  const id = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const node = String(form.get("node") ?? "").trim();
    if (node) props.onSubmit(node, Number(form.get("depth")), Number(form.get("limit")));
  }
  return (
    <form
      className="filters"
      onSubmit={submit}
      aria-label="Start the graph"
      key={`${props.start}|${props.depth}|${props.limit}`}
    >
      <div className="field">
        <label htmlFor={`${id}-node`}>Start from</label>
        <input
          id={`${id}-node`}
          name="node"
          defaultValue={props.start}
          placeholder="gst_…, ch_…, email:…, phone:…, card:…"
          size={36}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-depth`}>Hops</label>
        <select id={`${id}-depth`} name="depth" defaultValue={String(props.depth)}>
          {["1", "2", "3", "4"].map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-limit`}>Nodes at most</label>
        <select id={`${id}-limit`} name="limit" defaultValue={String(props.limit)}>
          {[...new Set([...nodeLimits, String(props.limit)])].map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit">Show graph</button>
      </div>
    </form>
  );
}

/** The Cytoscape.js canvas, kept in step with the merged graph: new elements added, their marks set, laid out with fCoSE. */
function GraphCanvas(props: {
  graph: MergedGraph;
  start: string;
  expanded: string[];
  path: GraphPath | null;
  onSelect(id: string | null): void;
  onExpand(id: string): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const handlers = useRef(props);
  handlers.current = props;
  const shownStart = useRef<string | null>(null);
  const marksShown = useRef(new Map<string, string>());
  const { graph, start, expanded, path } = props;

  useEffect(() => {
    const cy = cytoscape({
      container: container.current,
      style: graphStyle(),
      minZoom: 0.05,
      maxZoom: 4,
      selectionType: "single",
      // Big graphs stay smooth while panning and zooming: edges come back when the view rests.
      hideEdgesOnViewport: true,
    });
    cy.on("tap", "node", (event) => {
      const id = event.target.id() as string;
      handlers.current.onSelect(id);
      handlers.current.onExpand(id);
    });
    cy.on("tap", (event) => {
      if (event.target === cy) handlers.current.onSelect(null);
    });
    cyRef.current = cy;
    (window as unknown as { guestgraphCy?: cytoscape.Core }).guestgraphCy = cy; // for the browser tests and the console's users
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const restart = shownStart.current !== start;
    if (restart) {
      cy.elements().remove();
      shownStart.current = start;
    }
    const added: cytoscape.ElementDefinition[] = [];
    for (const node of graph.nodes.values()) {
      if (cy.getElementById(node.id).nonempty()) continue;
      added.push({ group: "nodes", data: { ...node.data, id: node.id, type: node.type, label: node.label } });
    }
    for (const edge of graph.edges.values()) {
      if (cy.getElementById(edge.id).nonempty()) continue;
      const weight = Number((edge.data as { payment_count?: number }).payment_count ?? 1);
      added.push({
        group: "edges",
        data: {
          ...edge.data,
          id: edge.id,
          source: edge.source,
          target: edge.target,
          type: edge.type,
          weight,
        },
      });
    }
    // Place new nodes next to the node they hang off, so an expansion grows where it was clicked.
    const anchorOf = new Map<string, cytoscape.Position>();
    for (const element of added) {
      if (element.group !== "edges") continue;
      const { source, target } = element.data as { source: string; target: string };
      const known = cy.getElementById(source).nonempty()
        ? source
        : cy.getElementById(target).nonempty()
          ? target
          : null;
      const fresh = known === source ? target : source;
      if (known && !anchorOf.has(fresh)) anchorOf.set(fresh, cy.getElementById(known).position());
    }
    const byAnchor = new Map<string, string[]>();
    for (const [id, anchor] of anchorOf) {
      const key = `${anchor.x},${anchor.y}`;
      byAnchor.set(key, [...(byAnchor.get(key) ?? []), id]);
    }
    for (const element of added) {
      if (element.group !== "nodes") continue;
      const anchor = anchorOf.get(element.data.id as string);
      if (!anchor) continue;
      const siblings = byAnchor.get(`${anchor.x},${anchor.y}`) ?? [];
      const index = siblings.indexOf(element.data.id as string);
      const radius = 70 + siblings.length * 4;
      const angle = (2 * Math.PI * index) / Math.max(1, siblings.length);
      element.position = { x: anchor.x + radius * Math.cos(angle), y: anchor.y + radius * Math.sin(angle) };
    }
    const fresh = cy.add(added);

    // Marks: start, expanded, disputes, failures, truncation (with counts in the label), path. Only the
    // elements whose marks changed are touched, so an expansion on a big graph restyles what it changed.
    const onPath = new Set(path?.paths.flatMap((found) => [...found.nodes, ...found.edges]) ?? []);
    const shownMarks = marksShown.current;
    if (restart) shownMarks.clear();
    cy.batch(() => {
      for (const node of graph.nodes.values()) {
        const marks = nodeMarks(node);
        const cuts = (graph.cuts.get(node.id) ?? []).filter((cut) => cut.what === "neighbors");
        const classes = [
          node.id === start ? "start" : "",
          expanded.includes(node.id) ? "expanded" : "",
          marks.disputed ? "disputed" : "",
          marks.failed ? "failed" : "",
          cuts.length > 0 ? "truncated" : "",
          onPath.has(node.id) ? "on-path" : "",
        ]
          .filter(Boolean)
          .join(" ");
        const flags = [marks.disputed ? "⚠ disputed" : "", marks.failed ? "✕ failed" : ""]
          .filter(Boolean)
          .join(" ");
        const cutText = cuts.map(describeCut).join("; ");
        const label = [node.label, flags].filter(Boolean).join(" ");
        const display = cutText ? `${label}\n(${cutText})` : label;
        const signature = `${classes}|${display}`;
        if (shownMarks.get(node.id) === signature) continue;
        shownMarks.set(node.id, signature);
        const element = cy.getElementById(node.id);
        element.classes(classes);
        element.data("display", display);
      }
      for (const edge of graph.edges.values()) {
        const signature = onPath.has(edge.id) ? "on-path" : "";
        if ((shownMarks.get(edge.id) ?? "") === signature) continue;
        shownMarks.set(edge.id, signature);
        cy.getElementById(edge.id).classes(signature);
      }
    });

    const newNodes = fresh.nodes();
    if (
      restart ||
      (newNodes.nonempty() && cy.nodes().length <= fullLayoutUpTo && newNodes.length === cy.nodes().length)
    ) {
      if (cy.nodes().nonempty()) {
        cy.layout({
          name: "fcose",
          quality: "default",
          randomize: true,
          animate: false,
          nodeRepulsion: 8000,
          idealEdgeLength: 90,
          fit: true,
          padding: 30,
        } as cytoscape.LayoutOptions).run();
      }
    } else if (newNodes.nonempty() && cy.nodes().length <= fullLayoutUpTo) {
      // A small graph is tidied around the new nodes, keeping what the user has seen where it was.
      cy.layout({
        name: "fcose",
        quality: "default",
        randomize: false,
        animate: false,
        nodeRepulsion: 8000,
        idealEdgeLength: 90,
        fit: false,
      } as cytoscape.LayoutOptions).run();
    }
  }, [graph, start, expanded, path]);

  return (
    <div
      ref={container}
      className="graph-canvas"
      data-testid="graph-canvas"
      role="img"
      aria-label="The link graph (the same nodes are listed, with their actions, below the graph)"
    />
  );
}

function Toolbar(props: {
  graph: MergedGraph;
  session: { account: string };
  start: string;
  expanded: string[];
  path: GraphPath | null;
  investigation: ReturnType<typeof investigationFor>;
}) {
  const [copied, setCopied] = useState(false);
  const cy = () => (window as unknown as { guestgraphCy?: cytoscape.Core }).guestgraphCy;
  const fileBase = `guestgraph-${props.session.account}-${safeName(props.start)}`;

  function exportPng() {
    const blob = cy()?.png({ output: "blob", bg: "#ffffff", full: true, scale: 2 });
    if (blob) download(blob, `${fileBase}.png`);
  }
  function exportJson() {
    const payload = {
      object: "graph_export",
      account: props.session.account,
      exported_at: new Date().toISOString(),
      start: props.start,
      expanded: props.expanded,
      path: props.path
        ? { from: props.path.from, to: props.path.to, found: props.path.found, paths: props.path.paths }
        : null,
      url: window.location.href,
      nodes: [...props.graph.nodes.values()],
      edges: [...props.graph.edges.values()],
      truncated: {
        limit: props.graph.limitReached,
        timeout: props.graph.timedOut,
        at: [...props.graph.cuts].flatMap(([node, cuts]) => cuts.map((cut) => ({ node, ...cut }))),
      },
    };
    download(new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" }), `${fileBase}.json`);
  }

  return (
    <div className="toolbar" role="toolbar" aria-label="Graph actions">
      <button type="button" className="secondary" onClick={() => cy()?.fit(undefined, 30)}>
        Fit to screen
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          cy()
            ?.layout({
              name: "fcose",
              quality: "default",
              randomize: true,
              animate: false,
            } as cytoscape.LayoutOptions)
            .run()
        }
      >
        Lay out again
      </button>
      <button type="button" className="secondary" onClick={exportPng}>
        Export PNG
      </button>
      <button type="button" className="secondary" onClick={exportJson}>
        Export JSON
      </button>
      {props.investigation ? (
        <details className="neo4j">
          <summary>Open in Neo4j Browser</summary>
          <div className="neo4j-panel">
            <p>
              <span className="mono">cypher/investigations/{props.investigation.file}</span> with this graph's
              parameters. Paste it into Neo4j Browser (the <span className="mono">:param</span> lines first),
              or{" "}
              <a href={neo4jBrowserUrl(props.investigation.text)} target="_blank" rel="noreferrer noopener">
                open Neo4j Browser with it<span className="visually-hidden"> (opens a new tab)</span>
              </a>
              .
            </p>
            <label htmlFor="neo4j-query">Query and parameters</label>
            <textarea
              id="neo4j-query"
              readOnly
              rows={10}
              value={props.investigation.text}
              data-testid="neo4j-query"
            />
            <button
              type="button"
              onClick={() => {
                navigator.clipboard?.writeText(props.investigation?.text ?? "").then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </details>
      ) : null}
    </div>
  );
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 60);
}

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function PathForm(props: {
  from: string;
  to: string;
  maxDepth: number;
  selected: string | null;
  path: GraphPath | null;
  pathLoading: boolean;
  onSubmit(from: string, to: string, maxDepth: number): void;
  onClear(): void;
}) {
  const id = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get("from") ?? "").trim();
    const to = String(form.get("to") ?? "").trim();
    if (from && to) props.onSubmit(from, to, Number(form.get("max_depth")));
  }
  return (
    <section aria-labelledby={`${id}-title`} className="side-box">
      <h2 id={`${id}-title`}>Path between two nodes</h2>
      <form onSubmit={submit} key={`${props.from}|${props.to}|${props.maxDepth}`} className="stack">
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          name="from"
          defaultValue={props.from}
          placeholder="a node id (select a node, then “Path from here”)"
        />
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} name="to" defaultValue={props.to} placeholder="a node id" />
        <label htmlFor={`${id}-depth`}>Hops at most</label>
        <select id={`${id}-depth`} name="max_depth" defaultValue={String(props.maxDepth)}>
          {["1", "2", "3", "4", "5", "6", "7", "8"].map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <div className="actions">
          <button type="submit">Find path</button>
          {props.from || props.to ? (
            <button type="button" className="secondary" onClick={props.onClear}>
              Clear path
            </button>
          ) : null}
        </div>
      </form>
      {props.pathLoading ? <Loading what="the path" /> : null}
      {props.path ? (
        <p
          className={props.path.found ? "notice notice-info" : "notice notice-warning"}
          data-testid="path-result"
        >
          {props.path.found
            ? `Shortest path: ${plural(props.path.length ?? 0, "hop")} (${plural(props.path.paths.length, "path")} shown in orange).`
            : `No path within ${plural(props.path.max_depth, "hop")}${props.path.truncated.any ? " in what was read (supernodes were cut, so a path may hide there)" : ""}.`}
        </p>
      ) : null}
    </section>
  );
}

function NodeDetails(props: {
  node: GraphNode | undefined;
  graph: MergedGraph;
  isExpanded: boolean;
  onExpand(id: string): void;
  onPathEnd(end: "from" | "to", id: string): void;
}) {
  const { node } = props;
  if (!node) {
    return (
      <section className="side-box" aria-label="Selected node">
        <h2>Selected node</h2>
        <p className="muted">
          Click a node (or pick one in the list below the graph) to see it here; a click also expands it.
        </p>
      </section>
    );
  }
  const data = node.data as Record<string, unknown>;
  const cuts = props.graph.cuts.get(node.id) ?? [];
  const marks = nodeMarks(node);
  return (
    <section className="side-box" aria-label="Selected node" data-testid="node-details">
      <p className="eyebrow">{nodeLook[node.type].name}</p>
      <h2 className="mono">{node.label}</h2>
      <p className="mono muted small">{node.id}</p>
      <dl className="kv">
        {node.type === "guest" ? (
          <>
            <dt>Payments</dt>
            <dd>{String(data.payment_count ?? "—")}</dd>
            <dt>Disputes</dt>
            <dd className={marks.disputed ? "alert-text" : undefined}>{String(data.dispute_count ?? 0)}</dd>
            <dt>Last payment</dt>
            <dd>{dateTime(data.last_payment as number | null)}</dd>
          </>
        ) : null}
        {node.type === "payment" ? (
          <>
            <dt>Amount</dt>
            <dd>{money(Number(data.amount ?? 0), String(data.currency ?? "usd"))}</dd>
            <dt>Status</dt>
            <dd className={marks.failed ? "alert-text" : undefined}>{String(data.status ?? "—")}</dd>
            <dt>Dispute</dt>
            <dd className={marks.disputed ? "alert-text" : undefined}>
              {String(data.dispute_status ?? "none")}
            </dd>
            <dt>Created</dt>
            <dd>{dateTime(data.created as number | null)}</dd>
          </>
        ) : null}
        {node.type === "email" ||
        node.type === "phone" ||
        node.type === "card" ||
        node.type === "customer" ? (
          <>
            <dt>Payments</dt>
            <dd>{String(data.payment_count ?? "—")}</dd>
          </>
        ) : null}
        <dt>Hops from the start</dt>
        <dd>{String(data.depth ?? "—")}</dd>
      </dl>
      {cuts.length > 0 ? (
        <p className="notice notice-warning" data-testid="node-truncated">
          Supernode, cut by the server: {cuts.map(describeCut).join("; ")}.
        </p>
      ) : null}
      <div className="stack-actions">
        <button type="button" onClick={() => props.onExpand(node.id)} disabled={props.isExpanded}>
          {props.isExpanded ? "Expanded" : "Expand neighbours"}
        </button>
        <button type="button" className="secondary" onClick={() => props.onPathEnd("from", node.id)}>
          Path from here
        </button>
        <button type="button" className="secondary" onClick={() => props.onPathEnd("to", node.id)}>
          Path to here
        </button>
        <PageLink node={node} />
      </div>
    </section>
  );
}

function PageLink({ node }: { node: GraphNode }) {
  if (node.type === "guest")
    return <Link to={`/guests/${encodeURIComponent(node.id)}`}>Open guest page</Link>;
  if (node.type === "payment")
    return (
      <Link to={`/payments/${encodeURIComponent(splitNodeId(node.id, "payment"))}`}>Open payment page</Link>
    );
  if (node.type === "email" || node.type === "phone" || node.type === "card") {
    return (
      <Link to={`/identifiers/${node.type}/${encodeURIComponent(splitNodeId(node.id, node.type))}`}>
        Open identifier page
      </Link>
    );
  }
  return null;
}

function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      {(Object.keys(nodeLook) as GraphNodeType[]).map((type) => (
        <li key={type}>
          <Swatch type={type} /> {nodeLook[type].name}
        </li>
      ))}
      <li>
        <span className="swatch-ring swatch-danger" aria-hidden="true" /> red border: disputed (solid), failed
        (dashed)
      </li>
      <li>
        <span className="swatch-ring swatch-double" aria-hidden="true" /> double border: supernode, neighbours
        cut (counts in its label)
      </li>
      <li>
        <span className="swatch-line" aria-hidden="true" /> orange: the path found
      </li>
    </ul>
  );
}

function Swatch({ type }: { type: GraphNodeType }) {
  const colour = nodeLook[type].colour;
  const shapes: Record<GraphNodeType, React.ReactNode> = {
    guest: <circle cx="8" cy="8" r="7" fill={colour} />,
    customer: <polygon points="4,1 12,1 16,8 12,15 4,15 0,8" fill={colour} />,
    payment: <polygon points="8,0 16,8 8,16 0,8" fill={colour} />,
    email: <rect x="0" y="2" width="16" height="12" rx="3" fill={colour} />,
    phone: <polygon points="8,1 15,15 1,15" fill={colour} />,
    card: <polygon points="0,2 11,2 16,8 11,14 0,14" fill={colour} />,
  };
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      {shapes[type]}
    </svg>
  );
}

/** The graph's nodes as a table: every node reachable by keyboard and screen reader, with its actions. */
function NodeList(props: {
  graph: MergedGraph;
  start: string;
  expanded: string[];
  onSelect(id: string): void;
  onExpand(id: string): void;
}) {
  const [filter, setFilter] = useState("");
  const id = useId();
  const shownAtMost = 300;
  const nodes = [...props.graph.nodes.values()]
    .filter((node) => !filter || `${node.label} ${node.id}`.toLowerCase().includes(filter.toLowerCase()))
    .sort(
      (a, b) =>
        Number(a.data.depth ?? 0) - Number(b.data.depth ?? 0) ||
        a.type.localeCompare(b.type) ||
        a.label.localeCompare(b.label),
    );
  return (
    <details className="node-list">
      <summary>The graph's nodes as a list ({props.graph.nodes.size.toLocaleString("en")})</summary>
      <label htmlFor={id}>Filter nodes</label>{" "}
      <input id={id} value={filter} onChange={(event) => setFilter(event.target.value)} />
      <table className="compact">
        <caption className="visually-hidden">Nodes in the graph</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Hops
            </th>
            <th scope="col">Marks</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {nodes.slice(0, shownAtMost).map((node) => {
            const marks = nodeMarks(node);
            const cuts = props.graph.cuts.get(node.id) ?? [];
            const isExpanded = node.id === props.start || props.expanded.includes(node.id);
            return (
              <tr key={node.id}>
                <th scope="row">
                  <button type="button" className="link-like" onClick={() => props.onSelect(node.id)}>
                    {node.label}
                  </button>
                </th>
                <td>{nodeLook[node.type].name}</td>
                <td className="num">{String(node.data.depth ?? "")}</td>
                <td>
                  {[marks.disputed ? "disputed" : "", marks.failed ? "failed" : "", ...cuts.map(describeCut)]
                    .filter(Boolean)
                    .join("; ")}
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary small-button"
                    disabled={isExpanded}
                    onClick={() => props.onExpand(node.id)}
                  >
                    {isExpanded ? "Expanded" : "Expand"}
                    <span className="visually-hidden"> {node.label}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {nodes.length > shownAtMost ? (
        <p className="muted">
          The first {shownAtMost} of {nodes.length}: filter to find others.
        </p>
      ) : null}
    </details>
  );
}
