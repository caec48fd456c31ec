import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Router } from "express";
import type { ApiDocs } from "../openapi.ts";

/**
 * GET /openapi.json and the interactive docs at /docs, both without a key. Swagger UI is served from
 * the swagger-ui-dist package, never a CDN: the docs work offline, as the rest of GuestGraph does.
 */

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GuestGraph API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

// A file rather than an inline script, so the page works under a Content-Security-Policy without 'unsafe-inline'.
// validatorUrl null: Swagger UI would otherwise send the document to an online validator for its badge.
const start = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });\n`;

export function docsRoutes(docs: ApiDocs): Router {
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(docs.document());
  });
  router.get(["/docs", "/docs/"], (_req, res) => {
    res.type("html").send(page);
  });
  router.get("/docs/start.js", (_req, res) => {
    res.type("text/javascript").send(start);
  });
  // Only the assets the page loads; the package's own index.html points at a demo API.
  for (const asset of ["swagger-ui.css", "swagger-ui-bundle.js"]) {
    router.get(`/docs/${asset}`, (_req, res, next) => {
      res.sendFile(asset, { root: swaggerUiDir, maxAge: "1h" }, (error) => error && next(error));
    });
  }
  return router;
}
