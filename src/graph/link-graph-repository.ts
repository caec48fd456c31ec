import type { RecordShape } from "neo4j-driver";
import { SearchTimedOut } from "../domain/graph-search.ts";
import {
  type IdentifierType,
  isIdentifierType,
  type Link,
  type NodeExpansion,
  type NodeRef,
  type NodeType,
  nodeId,
} from "../domain/link-graph.ts";
import { cypher } from "./cypher.ts";
import { type Database, isTransactionTimeout } from "./database.ts";

/**
 * The link graph's reads (cypher/graph): one hop from a batch of nodes, and what a graph shows of its
 * nodes. Every read runs under the search's deadline as a server-side transaction timeout; a read that
 * runs past it ends as SearchTimedOut, which the search answers with what it found so far.
 */

interface UsedRow {
  type: string;
  key: string;
  uses: number;
  firstSeen: number;
  lastSeen: number;
}

interface ExpandRow {
  key: string;
  links: UsedRow[];
  linkTotal: number;
  total: number;
}

interface PaymentLinksRow {
  key: string;
  identifiers: { type: IdentifierType; key: string; sources: string[] }[];
  guest: string | null;
  customer: string | null;
}

export interface CustomerDetailsRow {
  key: string;
  paymentCount: number;
}

export interface IdentifierDetailsRow {
  type: IdentifierType;
  key: string;
  paymentCount: number;
  verified: boolean | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  country: string | null;
}

export interface PaymentDetailsRow {
  key: string;
  created: number;
  amount: number;
  currency: string;
  status: string;
  amountRefunded: number | null;
  disputeStatus: string | null;
  riskLevel: string | null;
  guest: string | null;
  customer: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
}

function usedEdge(actor: NodeRef, identifier: NodeRef, row: UsedRow): Link["edge"] {
  return {
    type: "used",
    source: actor,
    target: identifier,
    data: { payment_count: row.uses, first_seen: row.firstSeen, last_seen: row.lastSeen },
  };
}

export class LinkGraphRepository {
  readonly #db: Database;
  readonly #account: string;
  /** Epoch milliseconds by which every read must be done; null for no deadline. */
  readonly #deadline: number | null;

  constructor(db: Database, account: string, deadline: number | null = null) {
    this.#db = db;
    this.#account = account;
    this.#deadline = deadline;
  }

  /** One hop from each of these nodes (see Expand in domain/graph-search.ts), keyed by nodeId. */
  async expand(nodes: NodeRef[], window: number, perNode: number): Promise<Map<string, NodeExpansion>> {
    const keysOf = (type: NodeType) => nodes.filter((node) => node.type === type).map((node) => node.key);
    const guestIds = keysOf("guest");
    const customerIds = keysOf("customer");
    const paymentIds = keysOf("payment");
    const identifiers = nodes
      .filter((node) => isIdentifierType(node.type))
      .map(({ type, key }) => ({ type, key }));
    const [guests, customers, fromIdentifiers, payments] = await Promise.all([
      this.#readIfAny<ExpandRow>("graph/expand-guests", guestIds, { ids: guestIds, window, perNode }),
      this.#readIfAny<ExpandRow>("graph/expand-customers", customerIds, {
        ids: customerIds,
        window,
        perNode,
      }),
      this.#readIfAny<ExpandRow & { type: IdentifierType }>("graph/expand-identifiers", identifiers, {
        identifiers,
        window,
        perNode,
      }),
      this.#readIfAny<PaymentLinksRow>("graph/expand-payments", paymentIds, { ids: paymentIds }),
    ]);
    const expansions = new Map<string, NodeExpansion>();
    for (const [type, rows] of [
      ["guest", guests],
      ["customer", customers],
    ] as const) {
      for (const row of rows) {
        const actor: NodeRef = { type, key: row.key };
        expansions.set(nodeId(actor), {
          links: row.links.map((used) => {
            const identifier: NodeRef = { type: used.type as IdentifierType, key: used.key };
            return { node: identifier, edge: usedEdge(actor, identifier, used) };
          }),
          linkTotal: row.linkTotal,
          read: Math.min(row.total, window),
          total: row.total,
        });
      }
    }
    for (const row of fromIdentifiers) {
      const identifier: NodeRef = { type: row.type, key: row.key };
      expansions.set(nodeId(identifier), {
        links: row.links.map((used) => {
          const actor: NodeRef = { type: used.type as "guest" | "customer", key: used.key };
          return { node: actor, edge: usedEdge(actor, identifier, used) };
        }),
        linkTotal: row.linkTotal,
        read: Math.min(row.total, window),
        total: row.total,
      });
    }
    for (const row of payments) expansions.set(nodeId({ type: "payment", key: row.key }), paymentLinks(row));
    return expansions;
  }

  async customers(ids: string[]): Promise<CustomerDetailsRow[]> {
    return this.#readIfAny<CustomerDetailsRow>("graph/describe-customers", ids, { ids });
  }

  async identifiers(refs: { type: IdentifierType; key: string }[]): Promise<IdentifierDetailsRow[]> {
    return this.#readIfAny<IdentifierDetailsRow>("graph/describe-identifiers", refs, {
      identifiers: refs.map(({ type, key }) => ({ type, key })),
    });
  }

  async payments(ids: string[]): Promise<PaymentDetailsRow[]> {
    return this.#readIfAny<PaymentDetailsRow>("graph/describe-payments", ids, { ids });
  }

  /** Reads nothing when there is nothing to ask about. */
  async #readIfAny<T extends RecordShape>(
    query: string,
    items: readonly unknown[],
    params: Record<string, unknown>,
  ): Promise<T[]> {
    if (items.length === 0) return [];
    const timeoutMs = this.#deadline === null ? undefined : this.#deadline - Date.now();
    if (timeoutMs !== undefined && timeoutMs <= 0)
      throw new SearchTimedOut("the search's time budget is spent");
    try {
      return await this.#db.read<T>(
        cypher(query),
        { ...params, account: this.#account },
        timeoutMs === undefined ? {} : { timeoutMs },
      );
    } catch (error) {
      if (isTransactionTimeout(error)) throw new SearchTimedOut("a hop ran past the search's time budget");
      throw error;
    }
  }
}

function paymentLinks(row: PaymentLinksRow): NodeExpansion {
  const payment: NodeRef = { type: "payment", key: row.key };
  const links: Link[] = row.identifiers.map((identifier) => {
    const node: NodeRef = { type: identifier.type, key: identifier.key };
    return {
      node,
      edge: {
        type: `has_${identifier.type}`,
        source: payment,
        target: node,
        data: { sources: identifier.sources },
      },
    };
  });
  if (row.guest !== null) {
    const guest: NodeRef = { type: "guest", key: row.guest };
    links.push({ node: guest, edge: { type: "belongs_to", source: payment, target: guest, data: {} } });
  }
  if (row.customer !== null) {
    const customer: NodeRef = { type: "customer", key: row.customer };
    links.push({ node: customer, edge: { type: "made_by", source: payment, target: customer, data: {} } });
  }
  return { links, linkTotal: links.length, read: 1, total: 1 };
}
