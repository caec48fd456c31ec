import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { uniqueAccount } from "../support/neo4j.ts";

const run = promisify(execFile);

describe("the guestgraph command line", () => {
  let folder: string;
  const env = () => {
    const neo4j = inject("neo4j");
    return {
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: neo4j.username,
      NEO4J_PASSWORD: neo4j.password,
    };
  };
  const guestgraph = (...args: string[]) =>
    run(process.execPath, ["src/cli/guestgraph.ts", ...args], { env: env() }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "guestgraph-cli-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  async function chargesFile(name: string, count: number): Promise<string> {
    const charge = JSON.parse(
      await readFile(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
    );
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify({
        ...charge,
        id: `ch_cli${i}`,
        created: 1_700_000_000 + (count - i),
        billing_details: { ...charge.billing_details, email: `buyer${i % 7}@example.com` },
        payment_method_details: {
          card: { ...charge.payment_method_details.card, fingerprint: `fp${i % 5}` },
        },
      }),
    );
    const file = join(folder, name);
    await writeFile(file, lines.join("\n"));
    return file;
  }

  it("when a JSON Lines export is ingested and the account verified, then every payment lands and verify finds no difference", async () => {
    const account = uniqueAccount();
    const file = await chargesFile("export.jsonl", 40);

    const ingested = await guestgraph("ingest", file, "--account", account, "--batch-size", "7");
    const verified = await guestgraph("verify", "--account", account);

    expect(ingested).toEqual({
      code: 0,
      stdout: expect.stringContaining("Created 40, updated 0, unchanged 0, refused 0."),
    });
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("40 guest payments");
    expect(verified.stdout).toContain("0 payment(s) whose stored guest differs");
  });

  it("when a payment in the file carries a card number, then it is refused by field, without the number, and the exit code says so", async () => {
    const account = uniqueAccount();
    const file = join(folder, "bad.json");
    const charge = JSON.parse(
      await readFile(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
    );
    await writeFile(
      file,
      JSON.stringify([{ ...charge, id: "ch_pan", metadata: { note: "4000 0566 5566 5556" } }], null, 2),
    );

    const ingested = await guestgraph("ingest", file, "--account", account);

    expect(ingested.code).toBe(1);
    expect(ingested.stdout).toContain("refused (metadata.note)");
    expect(ingested.stdout).not.toContain("5556");
  });
});
