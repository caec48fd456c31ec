import { z } from "zod";
import { listAuditEvents, type StoredAuditEvent } from "../../graph/audit-trail.ts";
import type { Database } from "../../graph/database.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { listObject, listObjectSchema, listQuerySchema, listUrl } from "../pagination.ts";

/** GET /v1/audit_events: the audit trail of the account, for admins (dispute reviews, security). */

const unixSeconds = z
  .string()
  .regex(/^\d{1,11}$/, "expected unix seconds, such as 1700000000")
  .transform(Number);

const auditEventsQuery = listQuerySchema({
  object: z.string().min(1).max(512).optional().meta({
    description:
      "An object id: only events of requests that read or wrote it (gst_…, a payment id, email:…, a graph node id…).",
  }),
  key: z
    .string()
    .regex(
      /^(key_[0-9a-f]{10}|stripe_webhook)$/,
      "expected an API key id such as key_0a1b2c3d4e (never the key itself), or stripe_webhook",
    )
    .optional()
    .meta({
      description: "An API key's id (key_…, as the events and the logs name keys): only its requests.",
    }),
  created: z
    .strictObject({
      gte: unixSeconds.optional(),
      gt: unixSeconds.optional(),
      lte: unixSeconds.optional(),
      lt: unixSeconds.optional(),
    })
    .optional()
    .meta({ description: "Bounds on when the request was made, unix seconds: created[gte], created[lte]…" }),
});

const auditObjectSchema = z.object({ object: z.string(), id: z.string() });

export const auditEventSchema = z
  .object({
    id: z.string().meta({ example: "ae_3kTq9vW0x1yZa2Bc4dEf5GhI" }),
    object: z.literal("audit_event"),
    created: z.int().meta({ description: "When the request was answered, unix seconds." }),
    account: z.string(),
    key: z
      .string()
      .meta({ description: "The API key's id (key_…), never the key.", example: "key_0a1b2c3d4e" }),
    role: z.string(),
    source_ip: z
      .string()
      .nullable()
      .meta({ description: "The caller's address (see GUESTGRAPH_TRUST_PROXY)." }),
    request_id: z.string().nullable().meta({ description: "The request's Request-Id, as in the logs." }),
    action: z.string().meta({ example: "guests.retrieve" }),
    method: z.string(),
    route: z.string().meta({ example: "/v1/guests/:id" }),
    status: z.int().meta({ description: "The HTTP status answered (a 403 or 404 is a refused look)." }),
    objects: z.array(auditObjectSchema).meta({
      description:
        "The objects the request named and its answer showed (guests, payments, identifiers, graph nodes…).",
    }),
    objects_truncated: z.boolean(),
  })
  .meta({ id: "AuditEvent" });

export function auditEventRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();
  routes.add(
    {
      method: "get",
      path: "/audit_events",
      role: "admin",
      tags: ["audit"],
      summary: "List audit events",
      description:
        "Who (API key id) did what (action, route, status) to which objects, when and from where: every API request of the account, newest first. " +
        'Filter by `object` to answer "who looked at this guest?", by `key`, and by `created`. Events reach the trail within a second of the request.',
      query: auditEventsQuery,
      response: listObjectSchema(auditEventSchema),
    },
    async ({ query, context, req }) => {
      const created = query.created ?? {};
      const from = Math.max(created.gte ?? 0, created.gt === undefined ? 0 : created.gt + 1);
      const toCandidates = [created.lte, created.lt === undefined ? undefined : created.lt - 1].filter(
        (value): value is number => value !== undefined,
      );
      const filter = {
        object: query.object,
        keyId: query.key,
        createdFrom: from > 0 ? from : undefined,
        createdTo: toCandidates.length > 0 ? Math.min(...toCandidates) : undefined,
      };
      return listObject(listUrl(req), query, async (page) => {
        if (filter.createdTo !== undefined && filter.createdTo < (filter.createdFrom ?? 0)) return [];
        const events = await listAuditEvents(db, context.account, filter, page);
        return events?.map(toResource) ?? null;
      });
    },
  );
  return routes;
}

function toResource(event: StoredAuditEvent) {
  return {
    id: event.id,
    object: "audit_event" as const,
    created: event.created,
    account: event.account,
    key: event.keyId,
    role: event.role,
    source_ip: event.sourceIp,
    request_id: event.requestId,
    action: event.action,
    method: event.method,
    route: event.route,
    status: event.status,
    objects: event.objects,
    objects_truncated: event.objectsTruncated,
  };
}
