import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
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
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
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

    const ingested = await guestgraph("import", file, "--direct", "--account", account, "--batch-size", "7");
    const verified = await guestgraph("verify", "--account", account);

    expect(ingested).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('"read":40,"created":40,"updated":0,"unchanged":0,"rejected":0'),
    });
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("40 guest payments");
    expect(verified.stdout).toContain("0 payment(s) whose stored guest differs");
    expect(verified.stdout).toContain("Rings and risk signals recomputed: 0 difference(s).");
  });

  it("when a payment in the file carries a card number, then it is stored masked, the field is named without the number, and the exit code is 0", async () => {
    const account = uniqueAccount();
    const file = join(folder, "bad.json");
    const charge = JSON.parse(
      await readFile(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
    );
    await writeFile(
      file,
      JSON.stringify([{ ...charge, id: "ch_pan", metadata: { note: "4000 0566 5566 5556" } }], null, 2),
    );

    const ingested = await guestgraph("import", file, "--direct", "--account", account);

    expect(ingested.code).toBe(0);
    expect(JSON.parse(ingested.stdout)).toMatchObject({ read: 1, created: 1, masked: 1, rejected: 0 });
    expect(existsSync(`${file}.rejects.jsonl`)).toBe(false);
    expect(ingested.stdout).not.toContain("0566");
  });

  it("when the demo is made, then it lands through the ingest path, writes its ground truth and says what to look at", async () => {
    const account = uniqueAccount();
    const truthFile = join(folder, "demo.truth.json");

    const made = await guestgraph(
      "demo",
      "--direct",
      "--payments",
      "200",
      "--seed",
      "5",
      "--account",
      account,
      "--truth",
      truthFile,
    );
    const truth = JSON.parse(await readFile(truthFile, "utf8"));
    const verified = await guestgraph("verify", "--account", account);

    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`Demo account ${account} (seed 5): 200 payments`);
    expect(made.stdout).toContain("refused 0.");
    expect(made.stdout).toContain(`Card-testing burst   /v1/guests/${truth.fraud.cardTesting.guest}`);
    expect(made.stdout).toContain(`Stripe-Account: ${account}`);
    expect(truth).toMatchObject({ account, seed: 5, payments: 200 });
    expect(verified.stdout).toContain("0 payment(s) whose stored guest differs");
  });

  it("when an option is wrong, then the command says which in one line and exits 2", async () => {
    const result = await guestgraph("demo", "--payments", "lots");

    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      "error: option '--payments <n>' argument 'lots' is invalid. expected a whole number from 200 to 200000.",
    );
  });

  it("when a command is asked for help, then it answers with its options and exits 0", async () => {
    for (const command of ["serve", "demo", "import", "backfill", "verify"]) {
      const result = await guestgraph(command, "--help");

      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain(`Usage: guestgraph ${command}`);
    }
  });
});
