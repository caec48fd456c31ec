import type { z } from "zod";
import type { apiKeySchema } from "../../src/http/routes/api-key.ts";
import type { neighbourhoodSchema, pathSchema } from "../../src/http/schemas/graph-schemas.ts";
import type { guestListItemSchema } from "../../src/http/schemas/guest-list-schemas.ts";
import type { guestViewSchema } from "../../src/http/schemas/guest-view-schemas.ts";
import type { identifierSchema } from "../../src/http/schemas/identifier-schemas.ts";
import type { explanationSchema, paymentSchema } from "../../src/http/schemas/payment-schemas.ts";

/**
 * The API's answers, typed from the very zod schemas the service validates and documents them with
 * (type-only imports: nothing of the server reaches the bundle), so the console cannot drift from the API.
 */

export type ApiKeyInfo = z.output<typeof apiKeySchema>;
export type Role = ApiKeyInfo["role"];
export type GuestListItem = z.output<typeof guestListItemSchema>;
export type GuestView = z.output<typeof guestViewSchema>;
export type Payment = z.output<typeof paymentSchema>;
export type Explanation = z.output<typeof explanationSchema>;
export type IdentifierType = Payment["identifiers"][number]["type"];

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export type SearchMatch =
  | "payment_id"
  | "guest_id"
  | "email"
  | "email_prefix"
  | "phone"
  | "card_fingerprint"
  | "card_last4"
  | "billing_name";

export interface SearchResult {
  object: "search_result";
  query: string;
  guests: { data: (GuestListItem & { matched_on: SearchMatch })[]; has_more: boolean };
  payments: { data: (Payment & { matched_on: SearchMatch })[]; has_more: boolean };
}

export interface ApiErrorBody {
  error: { type: string; code: string | null; message: string; param: string | null };
}

export type GraphNeighbourhood = z.output<typeof neighbourhoodSchema>;
export type GraphPath = z.output<typeof pathSchema>;
export type GraphNode = GraphNeighbourhood["nodes"][number];
export type GraphEdge = GraphNeighbourhood["edges"][number];
export type GraphTruncation = GraphNeighbourhood["truncated"];
export type GraphNodeType = GraphNode["type"];
export type IdentifierReport = z.output<typeof identifierSchema>;
