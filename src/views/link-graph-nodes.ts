import type { FoundNode } from "../domain/graph-search.ts";
import {
  type GraphNode,
  type IdentifierType,
  isIdentifierType,
  type NodeRef,
  nodeId,
} from "../domain/link-graph.ts";
import type { Database } from "../graph/database.ts";
import { GuestListRepository } from "../graph/guest-list-repository.ts";
import { GuestViewRepository } from "../graph/guest-view-repository.ts";
import { LinkGraphRepository } from "../graph/link-graph-repository.ts";
import { type GuestListItem, toGuestListItem } from "./guest-list-item.ts";

/**
 * The nodes of a link-analysis answer as Cytoscape.js and similar libraries take them: `{id, type,
 * label, data}`, with `data` repeating id, type and label (Cytoscape reads an element's `data.id`) and
 * carrying what an investigator styles and filters on: a guest's row of the guest list (counts,
 * disputes, totals, primary identifiers, risk), a payment's amount, status and dispute, an identifier's
 * payment count and card details.
 */

export async function describeNodes(db: Database, account: string, found: FoundNode[]): Promise<GraphNode[]> {
  const keysOf = (type: NodeRef["type"]) =>
    found.filter((node) => node.ref.type === type).map((node) => node.ref.key);
  const graph = new LinkGraphRepository(db, account);
  const [guests, customers, identifiers, payments] = await Promise.all([
    new GuestListRepository(db, account).rows(keysOf("guest")),
    graph.customers(keysOf("customer")),
    graph.identifiers(
      found.flatMap(({ ref }) =>
        isIdentifierType(ref.type) ? [{ type: ref.type as IdentifierType, key: ref.key }] : [],
      ),
    ),
    graph.payments(keysOf("payment")),
  ]);
  const described = new Map<string, { label: string; data: Record<string, unknown> }>();
  for (const row of guests) {
    const item = toGuestListItem(row);
    described.set(nodeId({ type: "guest", key: row.id }), { label: guestLabel(item), data: { ...item } });
  }
  for (const row of customers) {
    described.set(nodeId({ type: "customer", key: row.key }), {
      label: row.key,
      data: { customer: row.key, payment_count: row.paymentCount },
    });
  }
  for (const row of identifiers) {
    const card =
      row.type === "card"
        ? {
            brand: row.brand,
            last4: row.last4,
            exp_month: row.expMonth,
            exp_year: row.expYear,
            country: row.country,
          }
        : null;
    described.set(nodeId({ type: row.type, key: row.key }), {
      label: card?.last4 ? `${card.brand ?? "card"} •••• ${card.last4}` : row.key,
      data: {
        value: row.key,
        payment_count: row.paymentCount,
        ...(row.type === "phone" ? { verified: row.verified ?? false } : {}),
        ...(card ? { card } : {}),
      },
    });
  }
  for (const row of payments) {
    described.set(nodeId({ type: "payment", key: row.key }), {
      label: row.key,
      data: {
        payment: row.key,
        created: row.created,
        amount: row.amount,
        currency: row.currency,
        status: row.status,
        amount_refunded: row.amountRefunded ?? 0,
        dispute_status: row.disputeStatus,
        risk_level: row.riskLevel,
        guest: row.guest,
        customer: row.customer,
        card: row.cardLast4 ? { brand: row.cardBrand, last4: row.cardLast4 } : null,
      },
    });
  }
  return found.map(({ id, ref, depth }) => {
    const details = described.get(id) ?? { label: ref.key, data: {} };
    return {
      id,
      type: ref.type,
      label: details.label,
      data: { id, type: ref.type, label: details.label, depth, ...details.data },
    };
  });
}

function guestLabel(item: GuestListItem): string {
  if (item.primary_email) return item.primary_email;
  if (item.primary_phone) return item.primary_phone;
  if (item.primary_card?.last4) return `${item.primary_card.brand ?? "card"} •••• ${item.primary_card.last4}`;
  return item.id;
}

/**
 * The node an id typed by a caller names: the first of its candidates (nodeRefsFor) that exists in the
 * account. A retired guest's id names the guest that holds its founding payment now. Null when none exists.
 */
export async function findNode(
  db: Database,
  account: string,
  candidates: NodeRef[],
): Promise<NodeRef | null> {
  const graph = new LinkGraphRepository(db, account);
  for (const ref of candidates) {
    if (ref.type === "guest") {
      const current = await new GuestViewRepository(db, account).resolve(ref.key);
      if (current) return { type: "guest", key: current };
    } else if (ref.type === "customer") {
      if ((await graph.customers([ref.key])).length > 0) return ref;
    } else if (ref.type === "payment") {
      if ((await graph.payments([ref.key])).length > 0) return ref;
    } else if ((await graph.identifiers([{ type: ref.type, key: ref.key }])).length > 0) {
      return ref;
    }
  }
  return null;
}
