import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The investigator console. `npm run build` writes console/dist, which the service serves at `/`;
 * `npm run dev` serves it with hot reload and passes the API's paths to a running service
 * (GUESTGRAPH_URL, default http://127.0.0.1:3000), so the browser sees one origin either way.
 */
const api = process.env.GUESTGRAPH_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The link graph (Cytoscape.js and its layout) is its own chunk, loaded when the page is opened.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: { "/v1": api, "/healthz": api, "/readyz": api, "/openapi.json": api, "/docs": api },
  },
});
