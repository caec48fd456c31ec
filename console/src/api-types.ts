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

/** GET /v1/rings and /v1/rings/:id (their schemas land with the rings work; typed here until then). */
export interface Ring {
  id: string;
  object: "ring";
  founder: string;
  guest_count: number;
  disputed_guest_count: number;
  payment_count: number;
  refunded_payment_count: number;
  dispute_count: number;
  failed_payment_count: number;
  totals: { currency: string; spent: number; refunded: number; disputed: number; failed: number }[];
  first_payment: number | null;
  last_payment: number | null;
  hub_identifier_count: number;
  risk_score: number;
  risk_flags: string[];
}

export interface RingIdentifier {
  type: IdentifierType;
  value: string;
  ring_guest_count: number;
  guest_count: number;
  guests: string[];
}

export interface RingView extends Ring {
  guests: {
    id: string;
    payment_count: number;
    dispute_count: number;
    first_payment: number | null;
    last_payment: number | null;
    dispute_distance: number | null;
  }[];
  guests_truncated: boolean;
  identifiers: RingIdentifier[];
  identifiers_truncated: boolean;
  hub_identifiers: RingIdentifier[];
  hub_identifiers_truncated: boolean;
}

/** A guest's risk object (the rings work adds it to the list, the view and search). */
export interface GuestRisk {
  score: number;
  ring: string | null;
  ring_size: number;
  dispute_distance: number | null;
  identifiers_shared_with_disputed_guests: number;
  hub_identifiers: number;
}
