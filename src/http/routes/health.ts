import { Router } from "express";
import type { Database } from "../../graph/database.ts";
import { migrationsApplied } from "../../graph/migrations.ts";

/** Liveness and readiness, for orchestrators and for `npm start`'s own smoke check. No API key needed. */
export function healthRoutes(db: Database): Router {
  const router = Router();

  // The process is up and serving HTTP; says nothing about Neo4j.
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Neo4j answers and every schema migration is applied: only then can the API serve data.
  router.get("/readyz", async (_req, res) => {
    try {
      await db.driver.verifyConnectivity({ database: db.name });
      if (!(await migrationsApplied(db))) {
        res.status(503).json({ status: "unavailable", reason: "schema migrations are not applied yet" });
        return;
      }
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "Neo4j is not reachable" });
    }
  });

  return router;
}
