import { emailToLookUp, phoneSpellings } from "./identifier-lookup.ts";

/**
 * The link graph investigators walk: guests, registered customers and payments, and the emails, phones
 * and cards that tie them. A guest or customer is linked to each identifier its payments used (one
 * `used` edge, however many payments); a payment is linked to its identifiers and to its guest or
 * customer. Node ids are typed so that any id in an answer can be asked about again:
 * `gst_…` (guest), `cus_…` (customer), `email:…`, `phone:…`, `card:…` (fingerprint), and a payment's
 * own id. An id that would read as another type gets an explicit prefix (`payment:…`, `customer:…`).
 */

export type IdentifierType = "email" | "phone" | "card";
export type NodeType = "guest" | "customer" | "payment" | IdentifierType;
export type EdgeType = "used" | "has_email" | "has_phone" | "has_card" | "belongs_to" | "made_by";

export const identifierTypes: readonly IdentifierType[] = ["email", "phone", "card"];

/** A node by its type and its key in the store (guest id, customer id, payment id, address, number, fingerprint). */
export interface NodeRef {
  type: NodeType;
  key: string;
}

const explicitPrefixes = ["payment:", "customer:", "guest:"] as const;
const typedPrefixes = ["gst_", "cus_", "email:", "phone:", "card:", ...explicitPrefixes];

export function isIdentifierType(type: NodeType): type is IdentifierType {
  return type === "email" || type === "phone" || type === "card";
}

/** The node's id in answers: typed, and read back by nodeRefsFor as this same node. */
export function nodeId(ref: NodeRef): string {
  switch (ref.type) {
    case "guest":
      return ref.key.startsWith("gst_") ? ref.key : `guest:${ref.key}`;
    case "customer":
      return ref.key.startsWith("cus_") ? ref.key : `customer:${ref.key}`;
    case "payment":
      return typedPrefixes.some((prefix) => ref.key.startsWith(prefix)) ? `payment:${ref.key}` : ref.key;
    default:
      return `${ref.type}:${ref.key}`;
  }
}

/**
 * The nodes an id typed by a caller may name, most likely first; the caller takes the first that
 * exists. Identifier values are put in their stored forms (an email lower-cased, a phone in each
 * spelling ingest may have stored). A canonical payment id may look like a typed id ("email:x" is a
 * valid one), so a payment of that id is the last candidate.
 */
export function nodeRefsFor(id: string): NodeRef[] {
  for (const prefix of explicitPrefixes) {
    if (id.startsWith(prefix)) {
      const key = id.slice(prefix.length);
      return key ? [{ type: prefix.slice(0, -1) as NodeType, key }] : [];
    }
  }
  const asPayment: NodeRef = { type: "payment", key: id };
  if (id.startsWith("email:")) {
    const address = emailToLookUp(id.slice("email:".length));
    return address ? [{ type: "email", key: address }, asPayment] : [asPayment];
  }
  if (id.startsWith("phone:")) {
    const numbers = phoneSpellings(id.slice("phone:".length)).map((key): NodeRef => ({ type: "phone", key }));
    return [...numbers, asPayment];
  }
  if (id.startsWith("card:")) {
    const fingerprint = id.slice("card:".length).trim();
    return fingerprint ? [{ type: "card", key: fingerprint }, asPayment] : [asPayment];
  }
  if (id.startsWith("gst_")) return [{ type: "guest", key: id }, asPayment];
  if (id.startsWith("cus_")) return [{ type: "customer", key: id }, asPayment];
  return [asPayment, { type: "customer", key: id }];
}

export interface GraphNode {
  id: string;
  type: NodeType;
  label: string;
  data: Record<string, unknown>;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: EdgeType;
  data: Record<string, unknown>;
}

/** A neighbour found by expanding a node, and the edge that leads to it. */
export interface Link {
  node: NodeRef;
  edge: { type: EdgeType; source: NodeRef; target: NodeRef; data: Record<string, unknown> };
}

/**
 * What expanding one node found. Expansion is bounded twice: only the node's newest `read` of its
 * `total` payments (or identifier uses) are read, and of the `linkTotal` distinct neighbours they give,
 * only the strongest few come back in `links`.
 */
export interface NodeExpansion {
  links: Link[];
  linkTotal: number;
  read: number;
  total: number;
}

/** Where a bounded search left something out. */
export interface TruncationPoint {
  node: string;
  /** Hops from the start (from `from` or `to` in a path search). */
  depth: number;
  /** "neighbors": more neighbours than the per-node cap; "payments": only the newest payments of the node were read. */
  what: "neighbors" | "payments";
  kept: number;
  total: number;
}

export interface Truncation {
  /** Whether anything at all was left out. */
  any: boolean;
  /** The node limit (`limit`) was reached: neighbours of the last hop were left out. */
  limit: boolean;
  /** The time budget ran out (server-side transaction timeout): deeper hops were not explored. */
  timeout: boolean;
  at: TruncationPoint[];
}

export function edgeId(type: EdgeType, source: string, target: string): string {
  return `${type}:${source}->${target}`;
}
