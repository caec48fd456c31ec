import guestNeighbourhood from "../../cypher/investigations/guest-neighbourhood.cypher?raw";
import identifierUsers from "../../cypher/investigations/identifier-users.cypher?raw";
import pathBetweenGuests from "../../cypher/investigations/path-between-guests.cypher?raw";
import paymentLinks from "../../cypher/investigations/payment-links.cypher?raw";
import type { GraphNodeType } from "./api-types.ts";

/**
 * The cypher/investigations/ query that answers what the link graph shows, with `:param` lines holding
 * the graph's own values, ready to paste into Neo4j Browser. The queries are bundled at build time.
 */

export interface Investigation {
  file: string;
  params: Record<string, string>;
  text: string;
}

const cypherString = (value: string) => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

function investigation(file: string, query: string, params: Record<string, string>): Investigation {
  const lines = Object.entries(params).map(([name, value]) => `:param ${name} => ${cypherString(value)};`);
  return { file, params, text: `${lines.join("\n")}\n\n${query.trim()}\n` };
}

/** A node id of the link graph split into its type and key (`email:ann@x.com` → email, ann@x.com). */
export function splitNodeId(id: string, type: GraphNodeType): string {
  const prefix = `${type}:`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

export function investigationFor(
  account: string,
  start: { id: string; type: GraphNodeType } | null,
  path: { from: string; to: string; fromType: GraphNodeType; toType: GraphNodeType } | null,
): Investigation | null {
  if (path && path.fromType === "guest" && path.toType === "guest") {
    return investigation("path-between-guests.cypher", pathBetweenGuests, {
      account,
      from: path.from,
      to: path.to,
    });
  }
  if (!start) return null;
  switch (start.type) {
    case "guest":
      return investigation("guest-neighbourhood.cypher", guestNeighbourhood, { account, guest: start.id });
    case "payment":
      return investigation("payment-links.cypher", paymentLinks, {
        account,
        payment: splitNodeId(start.id, "payment"),
      });
    case "email":
    case "phone":
    case "card":
      return investigation("identifier-users.cypher", identifierUsers, {
        account,
        type: start.type,
        value: splitNodeId(start.id, start.type),
      });
    default:
      return null;
  }
}

/** Neo4j Browser on the service's host (the local server's and Docker Compose's port), with the text in its editor. */
export function neo4jBrowserUrl(text: string): string {
  const base = `${window.location.protocol}//${window.location.hostname}:7474/browser/`;
  return `${base}?${new URLSearchParams({ cmd: "edit", arg: text })}`;
}
