import { z } from "zod";
import type { Database } from "../../graph/database.ts";
import { search } from "../../views/search.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { listParamsShape } from "../pagination.ts";
import { guestListItemSchema } from "../schemas/guest-list-schemas.ts";
import { paymentSchema } from "../schemas/payment-schemas.ts";

/** GET /v1/search: the search box. */

const matchedOnSchema = z
  .enum([
    "payment_id",
    "guest_id",
    "email",
    "email_prefix",
    "phone",
    "card_fingerprint",
    "card_last4",
    "billing_name",
  ])
  .meta({
    id: "SearchMatch",
    description: "What the query matched: the best match when it matched several ways.",
  });

const guestResultSchema = guestListItemSchema
  .extend({ matched_on: matchedOnSchema })
  .meta({ id: "GuestSearchResult" });

const paymentResultSchema = paymentSchema.extend({ matched_on: matchedOnSchema }).meta({
  id: "PaymentSearchResult",
  description: "A payment (explanation null: retrieve the payment for it) and what matched.",
});

const group = <Item extends z.ZodType>(item: Item) =>
  z.object({
    data: z.array(item),
    has_more: z.boolean().meta({ description: "Whether more matches than `limit` were found." }),
  });

const searchResultSchema = z
  .object({
    object: z.literal("search_result"),
    url: z.string().meta({ example: "/v1/search" }),
    query: z.string(),
    guests: group(guestResultSchema),
    payments: group(paymentResultSchema),
  })
  .meta({ id: "SearchResult" });

/** Shorter queries would match too much to rank (and a TEXT index needs three characters to seek). */
const minQueryLength = 3;

const searchQuery = z.strictObject({
  query: z
    .string()
    .trim()
    .min(minQueryLength, `expected at least ${minQueryLength} characters`)
    .max(200, "expected at most 200 characters")
    .meta({
      description:
        "An email (or its start), phone number, card fingerprint or last4, payment id, guest id, or part of a billing name.",
      example: "zoe",
    }),
  limit: listParamsShape.limit.meta({
    description: "How many guests and how many payments to return, 1 to 100.",
  }),
});

export function searchRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();
  routes.add(
    {
      method: "get",
      path: "/search",
      role: "reader",
      summary: "Search guests and payments",
      description:
        "One search box: guests and payments by email (exact or prefix), phone in any spelling, card last4 or fingerprint, " +
        "payment id, guest id, or billing name (case and accents ignored). Each group is best match first: exact ids, " +
        "then exact identifiers, card last4, email prefixes, then names.",
      tags: ["search"],
      query: searchQuery,
      response: searchResultSchema,
    },
    async ({ query, context, req }) => {
      const found = await search(db, context.account, query.query, query.limit);
      return {
        object: "search_result" as const,
        url: `${req.baseUrl}${req.path}`,
        query: query.query,
        guests: { data: found.guests.data, has_more: found.guests.hasMore },
        payments: { data: found.payments.data, has_more: found.payments.hasMore },
      };
    },
  );
  return routes;
}
