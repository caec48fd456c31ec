/**
 * The audit trail's record of one API request: who (the key's id, never the key), when, from where, what
 * (the action and the route) and to which objects, for dispute reviews ("who looked at this guest?").
 * Pure: what a route's path, parameters and answer say about the objects a request touched.
 */

export interface AuditObject {
  /** guest, payment, customer, email, phone, card, identifier, ring, erasure… */
  object: string;
  id: string;
}

export interface AuditEvent {
  id: string;
  account: string;
  /** Unix milliseconds. */
  createdMs: number;
  keyId: string;
  role: string;
  sourceIp: string | null;
  requestId: string | null;
  action: string;
  method: string;
  route: string;
  status: number;
  objects: AuditObject[];
  /** True when the answer held more objects than an event keeps (maxObjects). */
  objectsTruncated: boolean;
}

/** A list page holds at most 100 objects; a traversal a few hundred nodes. More are cut, and said so. */
export const maxObjects = 500;

/**
 * A route's action when it declares none: its resource path and what it does, Stripe-like:
 * GET /guests → guests.list, GET /guests/:id → guests.retrieve, GET /guests/:id/payments → guests.payments.list,
 * POST /payments → payments.create, DELETE /payments/:id → payments.delete, GET /graph/path → graph.path.list.
 */
export function defaultAction(method: string, path: string): string {
  const segments = path.split("/").filter(Boolean);
  const names = segments.filter((segment) => !segment.startsWith(":"));
  const lower = method.toLowerCase();
  const endsWithParam = segments.at(-1)?.startsWith(":") ?? false;
  const verb =
    lower === "post" ? "create" : lower === "delete" ? "delete" : endsWithParam ? "retrieve" : "list";
  return [...names, verb].join(".");
}

/**
 * The object a path names, from its parameters: `/guests/:id` → {object: "guest", id}, and
 * `/identifiers/:type/:value` → {object: "identifier", id: "email:ann@example.com"} (the parameters joined
 * with ":", as link analysis names identifier nodes). Null for a path without parameters.
 */
export function pathObject(path: string, params: Record<string, unknown>): AuditObject | null {
  const segments = path.split("/").filter(Boolean);
  const first = segments.findIndex((segment) => segment.startsWith(":"));
  if (first <= 0) return null;
  const values: string[] = [];
  for (const segment of segments.slice(first)) {
    if (!segment.startsWith(":")) break;
    const value = params[segment.slice(1)];
    if (typeof value !== "string") return null;
    values.push(value);
  }
  const resource = segments[first - 1] as string;
  return { object: singular(resource), id: values.join(":") };
}

const nodeTypes = new Set(["guest", "customer", "payment", "email", "phone", "card", "identifier", "ring"]);

/**
 * The objects an answer shows: the answer itself when it is an object (`{object, id}`), the items of its
 * lists (a list's `data`, a graph's `nodes` typed by `type`, a ring's members, a search's groups), and the
 * guest each of those names (`guest: "gst_…"`), since a payment's or a result's guest is shown with it.
 */
export function answerObjects(answer: unknown): AuditObject[] {
  const found: AuditObject[] = [];
  const seen = new Set<string>();
  const add = (object: string, id: string) => {
    const key = `${object}\u0000${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ object, id });
  };
  const visit = (value: unknown) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return;
    const item = value as Record<string, unknown>;
    if (typeof item.id === "string") {
      if (typeof item.object === "string" && item.object !== "list") add(objectName(item), item.id);
      else if (typeof item.type === "string" && nodeTypes.has(item.type)) add(item.type, item.id);
    }
    if (typeof item.guest === "string") add("guest", item.guest);
    if (typeof item.redirected_from === "string") add("guest", item.redirected_from);
  };
  visit(answer);
  if (answer !== null && typeof answer === "object") {
    // The answer's lists (data, nodes, members…) and groups of lists (a search's {guests: {data}, payments: {data}}).
    for (const field of Object.values(answer as Record<string, unknown>)) {
      const list = Array.isArray(field) ? field : (field as { data?: unknown } | null)?.data;
      if (Array.isArray(list)) for (const item of list) visit(item);
    }
  }
  return found;
}

/**
 * What an item is about: a payment_result (an ingest's answer for one payment) is that payment; the guest
 * view's identifiers and an identifier's users are the email, phone, card, guest or customer their `type`
 * names (ids as in the link graph: email:…); a linked guest is a guest, a related customer a customer.
 */
function objectName(item: Record<string, unknown>): string {
  const object = item.object as string;
  if (object === "payment_result") return "payment";
  if ((object === "guest_identifier" || object === "identifier_user") && typeof item.type === "string")
    return item.type;
  if (object === "linked_guest") return "guest";
  if (object === "related_customer") return "customer";
  return object;
}

function singular(resource: string): string {
  if (resource.endsWith("ies")) return `${resource.slice(0, -3)}y`;
  return resource.endsWith("s") ? resource.slice(0, -1) : resource;
}

/**
 * The order key of an event: its time in milliseconds, fixed width, then its id, so that string order is
 * time order with ties broken by id, and a page cursor is exact.
 */
export function auditOrderKey(createdMs: number, id: string): string {
  return `${String(createdMs).padStart(15, "0")}|${id}`;
}

/** The lowest order key at or after `ms` (for time filters). */
export function auditOrderKeyAt(ms: number): string {
  return String(Math.max(0, ms)).padStart(15, "0");
}
