import type { Database } from "../../graph/database.ts";
import type { ApiRoutes } from "../api-routes.ts";
import { auditEventRoutes } from "./audit-events.ts";
import { erasureRoutes } from "./erasures.ts";
import { graphRoutes } from "./graph.ts";
import { guestListRoutes } from "./guest-list.ts";
import { guestRoutes } from "./guests.ts";
import { identifierRoutes } from "./identifiers.ts";
import { paymentRoutes } from "./payments.ts";
import { ringRoutes } from "./rings.ts";
import { searchRoutes } from "./search.ts";

/**
 * Every /v1 resource of the API, in the order the OpenAPI document lists them. A new resource
 * module adds one line here.
 */
export function v1Routes(db: Database): ApiRoutes[] {
  return [
    paymentRoutes(db),
    guestListRoutes(db),
    guestRoutes(db),
    searchRoutes(db),
    graphRoutes(db),
    identifierRoutes(db),
    auditEventRoutes(db),
    ringRoutes(db),
    erasureRoutes(db),
  ];
}
