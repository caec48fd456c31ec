import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkPrerequisites, LocalNeo4jError } from "../../src/graph/local-neo4j/local-neo4j.ts";

/** The local Neo4j needs Java 17+ and Maven; without them the message says what to install. */
describe("the local Neo4j's prerequisites", () => {
  const originalPath = process.env.PATH;
  let bin: string;

  beforeEach(async () => {
    bin = await mkdtemp(join(tmpdir(), "guestgraph-bin-"));
    process.env.PATH = bin; // Only the commands this test puts there exist.
  });
  afterEach(async () => {
    process.env.PATH = originalPath;
    await rm(bin, { recursive: true, force: true });
  });

  async function command(name: string, script: string): Promise<void> {
    await writeFile(join(bin, name), `#!/bin/sh\n${script}\n`);
    await chmod(join(bin, name), 0o755);
  }

  it("when there is no java, then the error says to install a JDK or use NEO4J_URI", async () => {
    const error = await checkPrerequisites().catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(LocalNeo4jError);
    expect((error as Error).message).toMatch(/Java was not found.*install a JDK.*NEO4J_URI/);
  });

  it("when java is older than 17, then the error names the version found and the one needed", async () => {
    await command("java", `echo 'openjdk version "11.0.2" 2019-01-15' >&2`);

    await expect(checkPrerequisites()).rejects.toThrow(
      "Java 11 was found; the local Neo4j 5.26 needs Java 17 or 21.",
    );
  });

  it("when java 17 is there but Maven is not, then the error says to install Maven", async () => {
    await command("java", `echo 'openjdk version "17.0.15" 2025-04-15' >&2`);

    await expect(checkPrerequisites()).rejects.toThrow(/Maven was not found.*apt-get install maven/);
  });

  it("when java 17 and Maven are there, then the check passes", async () => {
    await command("java", `echo 'openjdk version "17.0.15" 2025-04-15' >&2`);
    await command("mvn", "echo 'Apache Maven 3.8.7'");

    await expect(checkPrerequisites()).resolves.toBeUndefined();
  });
});
