import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";

/**
 * The investigator console (console/, built by Vite into console/dist) at `/`: its hashed assets, and its
 * page for every deep link the console has, so that a reload or a pasted link opens the same page. Only
 * those paths answer the page: any other unknown URL stays the API's JSON 404. No key is needed for the
 * page itself: it holds no data, and asks the API with the key the user pastes.
 */

export const defaultConsoleDir = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "console",
  "dist",
);

/** The console's pages (console/src/routes.tsx); a reload of any of them answers index.html. */
export const consolePages = [
  "/",
  "/customers",
  "/search",
  "/guests/:id",
  "/payments/:id",
  "/identifiers/:type/:value",
  "/graph",
  "/rings",
  "/rings/:id",
];

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GuestGraph console not built</title></head>
<body><main><h1>The GuestGraph console is not built</h1>
<p>Run <code>npm run build</code> (or start the service with <code>npm start</code>, which builds it when needed). The API is at <a href="/docs">/docs</a>.</p>
</main></body></html>
`;

export function consoleRoutes(dir: string = defaultConsoleDir): Router {
  const router = Router();
  // Vite names assets by content hash: a file never changes under its name, so browsers may keep it.
  router.use("/assets", express.static(join(dir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  router.get("/favicon.svg", (_req, res, next) => {
    res.sendFile("favicon.svg", { root: dir, maxAge: "1d" }, (error) => error && next());
  });
  router.get(consolePages, (_req, res, next) => {
    if (!existsSync(join(dir, "index.html"))) {
      res.status(503).type("html").send(notBuilt);
      return;
    }
    // Always revalidated: it names the current assets.
    res.sendFile(
      "index.html",
      { root: dir, headers: { "Cache-Control": "no-cache" } },
      (error) => error && next(error),
    );
  });
  return router;
}
