import type { Database } from "../../graph/database.ts";
import type { ApiRoutes } from "../api-routes.ts";
import { guestRoutes } from "./guests.ts";
import { paymentRoutes } from "./payments.ts";

/**
 * Every /v1 resource of the API, in the order the OpenAPI document lists them. A new resource
 * module adds one line here.
 */
export function v1Routes(db: Database): ApiRoutes[] {
  return [paymentRoutes(db), guestRoutes(db)];
}
