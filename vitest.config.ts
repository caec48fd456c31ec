import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Files run in parallel against one Neo4j; each writes under its own merchant account.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
