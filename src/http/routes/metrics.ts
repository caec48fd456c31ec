import { createServer, type Server } from "node:http";
import { type RequestHandler, Router } from "express";
import type { ApiKey } from "../../config/api-keys.ts";
import { metricsRegistry } from "../../metrics.ts";
import { authenticate, requireRole } from "../auth.ts";

/**
 * GET /metrics in Prometheus's text format (prom-client). On the API's own address it needs an admin key
 * (`Authorization: Bearer <admin key>`), since metrics describe the business; with GUESTGRAPH_METRICS_ADDRESS
 * set, the same page is also served without a key on that separate address (bind it where only the
 * Prometheus server reaches, e.g. 127.0.0.1:9464 or a cluster-internal interface).
 */

const sendMetrics: RequestHandler = async (_req, res) => {
  res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
};

export function metricsRoute(options: { keys: readonly ApiKey[]; defaultAccount: string }): Router {
  const router = Router();
  router.get("/metrics", authenticate(options), requireRole("admin"), sendMetrics);
  return router;
}

/** The separate, keyless metrics listener (GUESTGRAPH_METRICS_ADDRESS=host:port). */
export function listenForMetrics(address: string): Promise<Server> {
  const separator = address.lastIndexOf(":");
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1));
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only GET /metrics is served here.\n");
      return;
    }
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { "content-type": metricsRegistry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done(server));
  });
}
