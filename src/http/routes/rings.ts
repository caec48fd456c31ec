import { z } from "zod";
import type { Database } from "../../graph/database.ts";
import { getRing, listRings } from "../../views/rings.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { resourceMissing } from "../errors.ts";
import { listObject, listObjectSchema, listQuerySchema, listUrl } from "../pagination.ts";
import { ringSchema, ringViewSchema } from "../schemas/ring-schemas.ts";

/** GET /v1/rings (groups of guests tied by shared identifiers, riskiest first) and GET /v1/rings/:id. */

const ringListQuery = listQuerySchema({
  min_guests: z.coerce
    .number()
    .int()
    .min(2)
    .max(1_000_000)
    .optional()
    .meta({ description: "Only rings of at least this many guests (every ring has two or more)." }),
  since: z
    .string()
    .regex(/^\d{1,11}$/, "expected unix seconds, such as 1700000000")
    .transform(Number)
    .optional()
    .meta({ description: "Only rings with a payment at or after this time (unix seconds)." }),
  has_dispute: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .meta({ description: "Only rings with (true) or without (false) a disputed payment." }),
});

export function ringRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();

  routes.add(
    {
      method: "get",
      path: "/rings",
      role: "investigator",
      tags: ["rings"],
      summary: "List rings",
      description:
        "Groups of distinct guests tied together by shared emails, phones or cards (hub identifiers aside), highest risk score first " +
        "(ties by id). Rings are kept up to date as payments arrive, so the list reads them off an index.",
      query: ringListQuery,
      response: listObjectSchema(ringSchema),
    },
    async ({ query, context, req }) =>
      listObject(
        listUrl(req),
        query,
        listRings(db, context.account, {
          minGuests: query.min_guests ?? 2,
          since: query.since ?? 0,
          hasDispute: query.has_dispute ?? null,
        }),
      ),
  );

  routes.add(
    {
      method: "get",
      path: "/rings/:id",
      role: "investigator",
      tags: ["rings"],
      summary: "Retrieve a ring",
      description:
        "The ring with its guests, the identifiers that tie them, the hub identifiers they touched, counts and amounts of payments, " +
        "refunds, disputes and failed attempts, and its risk score.",
      params: z.object({ id: z.string().min(1).max(255).meta({ description: "The ring's id (ring_…)." }) }),
      response: ringViewSchema,
    },
    async ({ params, context }) => {
      const ring = await getRing(db, context.account, params.id);
      if (!ring) throw resourceMissing(`No such ring: '${params.id}'`, "id");
      return ring;
    },
  );

  return routes;
}
