import { z } from "zod";
import type { Database } from "../../graph/database.ts";
import {
  type FoundIdentifier,
  findIdentifier,
  getIdentifierReport,
  identifierUsers,
} from "../../views/get-identifier.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { resourceMissing } from "../errors.ts";
import { type ListParams, listObject, listObjectSchema, listQuerySchema } from "../pagination.ts";
import { identifierSchema, identifierUserSchema } from "../schemas/identifier-schemas.ts";
import { identifierTypeSchema } from "../schemas/payment-schemas.ts";

/** GET /v1/identifiers/:type/:value (everything that used one email, phone or card) and its lists. */

const identifierParams = z.object({
  type: identifierTypeSchema.meta({ description: "email, phone or card (the card's Stripe fingerprint)." }),
  value: z.string().min(1).max(320).meta({
    description: "The address, the number in any spelling, or the fingerprint.",
    example: "Xt5EWLLDS7FJjR1c",
  }),
});

type UsersOf = "guests" | "customers";

export function identifierRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();
  const find = async (account: string, params: z.output<typeof identifierParams>) => {
    const found = await findIdentifier(db, account, params.type, params.value);
    if (!found) throw resourceMissing(`No such ${params.type}: '${params.value}'`, "value");
    return found;
  };
  const usersList = (account: string, found: FoundIdentifier, users: UsersOf, query: ListParams) =>
    listObject(
      `/v1/identifiers/${found.type}/${encodeURIComponent(found.value)}/${users}`,
      query,
      identifierUsers(db, account, found, users === "guests" ? "guest" : "customer"),
    );

  routes.add(
    {
      method: "get",
      path: "/identifiers/:type/:value",
      role: "investigator",
      tags: ["link analysis"],
      summary: "Retrieve an identifier's history",
      description:
        "Everything that used one email, phone or card: its guests and registered customers (the first 10 of each; their `url` pages through " +
        "all), payments over time, first and last use, distinct counts and velocity. On a hub the statistics come from its newest 2,000 guest " +
        "payments (and the customers' payments among 2,000 of its relationships), and `truncated` says so; payment_count, first_used and last_used stay exact.",
      params: identifierParams,
      response: identifierSchema,
    },
    async ({ params, context }) => {
      const found = await find(context.account, params);
      const firstPage = { limit: 10 };
      const [report, guests, customers] = await Promise.all([
        getIdentifierReport(db, context.account, found, Math.floor(Date.now() / 1000)),
        usersList(context.account, found, "guests", firstPage),
        usersList(context.account, found, "customers", firstPage),
      ]);
      return { ...report, guests, customers };
    },
  );

  for (const users of ["guests", "customers"] as const) {
    routes.add(
      {
        method: "get",
        path: `/identifiers/:type/:value/${users}`,
        role: "investigator",
        tags: ["link analysis"],
        summary: `List the ${users} that used an identifier`,
        description: `The ${users} whose payments used the email, phone or card, most recent use first, with their counts of those payments. Cursors take their ids.`,
        params: identifierParams,
        query: listQuerySchema(),
        response: listObjectSchema(identifierUserSchema),
      },
      async ({ params, query, context }) =>
        usersList(context.account, await find(context.account, params), users, query),
    );
  }

  return routes;
}
