import type { Request } from "express";
import { z } from "zod";
import type { FetchPage, PageCursor } from "../domain/page.ts";
import { invalidRequest } from "./errors.ts";

export type { FetchPage, PageCursor, PageRequest } from "../domain/page.ts";

/**
 * Stripe's cursor pagination. A list answers `{object: "list", data, has_more, url}`, newest first;
 * `limit` (1–100, default 10) sizes the page, and `starting_after` / `ending_before` take the id of an
 * object of the list as the cursor, as Stripe's do. The repository looks that object up in the caller's
 * account to find its sort key, so a cursor can neither be forged nor reach into another account.
 */

export const listParamsShape = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .meta({ description: "How many objects to return, 1 to 100.", example: 10 }),
  starting_after: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: "An object id: the page starts after it (the next, older page)." }),
  ending_before: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: "An object id: the page ends before it (the previous, newer page)." }),
};

export interface ListParams {
  limit: number;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

/**
 * A list endpoint's query schema: the list parameters plus the endpoint's own filters. Strict, so an
 * unknown parameter is refused by name instead of being silently ignored.
 */
export function listQuerySchema<Filters extends z.ZodRawShape = Record<never, never>>(filters?: Filters) {
  return z.strictObject({ ...listParamsShape, ...(filters as Filters) }).superRefine((query, ctx) => {
    const { starting_after, ending_before } = query as ListParams;
    if (starting_after !== undefined && ending_before !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["ending_before"],
        message: "You may only specify one of these parameters: starting_after, ending_before.",
        params: { code: "parameters_exclusive" },
      });
    }
  });
}

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export async function listObject<T>(
  url: string,
  params: ListParams,
  fetchPage: FetchPage<T>,
): Promise<ListObject<T>> {
  const cursor = cursorOf(params);
  const rows = await fetchPage({ take: params.limit + 1, cursor });
  if (rows === null) {
    const param = cursor?.direction === "before" ? "ending_before" : "starting_after";
    throw cursorNotFound(param, cursor?.id ?? "");
  }
  const data = rows.slice(0, params.limit);
  if (cursor?.direction === "before") data.reverse();
  return { object: "list", data, has_more: rows.length > params.limit, url };
}

/** The list's `url`: the path the client called, without the query string. */
export function listUrl(req: Request): string {
  return `${req.baseUrl}${req.path}`;
}

export function listObjectSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    object: z.literal("list"),
    data: z.array(item),
    has_more: z.boolean().meta({ description: "Whether more objects follow in the direction of paging." }),
    url: z.string().meta({ example: "/v1/guests" }),
  });
}

function cursorOf(params: ListParams): PageCursor | null {
  if (params.starting_after !== undefined) return { id: params.starting_after, direction: "after" };
  if (params.ending_before !== undefined) return { id: params.ending_before, direction: "before" };
  return null;
}

/** A cursor that names no object of the list in this account: a 400 naming the parameter, as Stripe answers. */
function cursorNotFound(param: string, id: string) {
  return invalidRequest(
    "resource_missing",
    `No such object in this list: '${id}' (${param} takes the id of an object of the list).`,
    param,
  );
}
