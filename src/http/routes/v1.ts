import type { Database } from "../../graph/database.ts";
import { defaultRingSettings, type RingSettings } from "../../ingest/maintain-rings.ts";
import type { ApiRoutes } from "../api-routes.ts";
import { auditEventRoutes } from "./audit-events.ts";
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
export function v1Routes(db: Database, rings: RingSettings = defaultRingSettings): ApiRoutes[] {
  return [
    paymentRoutes(db, rings),
    guestListRoutes(db),
    guestRoutes(db),
    searchRoutes(db),
    graphRoutes(db),
    identifierRoutes(db),
    auditEventRoutes(db),
    ringRoutes(db),
  ];
}
