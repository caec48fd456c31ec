import type { Command } from "commander";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description(
      "run the API (as `npm start`): Neo4j from NEO4J_URI or the local server, the schema, then HTTP on HOST:PORT; Ctrl-C stops it",
    )
    .action(async () => {
      // main.ts is the service's entry point: it reads the environment, starts, prints the banner and handles signals.
      await import("../../main.ts");
    });
}
