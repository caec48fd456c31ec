import type { Database } from "../../graph/database.ts";
import type { ApiRoutes } from "../api-routes.ts";

/**
 * Every /v1 resource of the API, in the order the OpenAPI document lists them. A new resource
 * module adds one line here.
 */
export function v1Routes(_db: Database): ApiRoutes[] {
  return [];
}
