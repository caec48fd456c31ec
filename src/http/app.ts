import express, { type Express } from "express";
import type { Config } from "../config/env.ts";
import type { Database } from "../graph/database.ts";
import type { Logger } from "../logger.ts";
import { healthRoutes } from "./routes/health.ts";

export interface AppDependencies {
  config: Config;
  db: Database;
  logger: Logger;
}

/** The Express application: routes only wire HTTP to use-cases; no Cypher and no business rules here. */
export function createApp({ db, logger }: AppDependencies): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "extended");
  app.use((req, res, next) => {
    const started = performance.now();
    res.on("finish", () => {
      // Method, route and status only: query strings and bodies may hold personal data.
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
    });
    next();
  });
  app.use(healthRoutes(db));
  return app;
}
