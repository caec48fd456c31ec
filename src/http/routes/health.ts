import { Router } from "express";
import { z } from "zod";
import { isConnectivityError } from "../../graph/availability.ts";
import type { Database } from "../../graph/database.ts";
import { migrationsApplied } from "../../graph/migrations.ts";
import type { ApiDocs } from "../openapi.ts";

/** Liveness and readiness, for orchestrators and for `npm start`'s own smoke check. No API key needed. */
export function healthRoutes(db: Database): Router {
  const router = Router();

  // The process is up and serving HTTP; says nothing about Neo4j.
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Neo4j answers and every schema migration is applied: only then can the API serve data. Answers within
  // a second whatever Neo4j does: at once while Neo4j is known to be away, else after at most readyTimeoutMs.
  router.get("/readyz", async (_req, res) => {
    try {
      db.availability.assertUp();
      const applied = await withinTime(
        db.driver.verifyConnectivity({ database: db.name }).then(() => migrationsApplied(db)),
        readyTimeoutMs,
      );
      if (!applied) {
        res.status(503).json({ status: "unavailable", reason: "schema migrations are not applied yet" });
        return;
      }
      res.json({ status: "ready" });
    } catch (error) {
      if (isConnectivityError(error)) db.availability.markDown(); // Then the API answers 503 at once too.
      res
        .status(503)
        .set("Retry-After", "1")
        .json({ status: "unavailable", reason: "Neo4j is not reachable" });
    }
  });

  return router;
}

const readyTimeoutMs = 800;

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => {}); // When late, its own failure comes after the answer and matters no more.
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const healthStatus = z.object({ status: z.string(), reason: z.string().optional() });

export function documentHealthRoutes(docs: ApiDocs): void {
  for (const [path, summary] of [
    ["/healthz", "Liveness: the process serves HTTP"],
    ["/readyz", "Readiness: Neo4j answers and the schema is up to date (503 otherwise)"],
  ] as const) {
    docs.registry.registerPath({
      method: "get",
      path,
      summary,
      tags: ["health"],
      security: [],
      responses: {
        200: { description: "Up", content: { "application/json": { schema: healthStatus } } },
        ...(path === "/readyz"
          ? { 503: { description: "Not ready", content: { "application/json": { schema: healthStatus } } } }
          : {}),
      },
    });
  }
}
