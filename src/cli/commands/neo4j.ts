import { join } from "node:path";
import type { Command } from "commander";

export function registerNeo4j(program: Command): void {
  // The same program as `npm run neo4j -- …`, run as a subcommand (commander starts it with this Node).
  program.command(
    "neo4j",
    "start, stop or check the local Neo4j server (as `npm run neo4j -- start|stop|status`)",
    {
      executableFile: join(import.meta.dirname, "..", "neo4j.ts"),
    },
  );
}
