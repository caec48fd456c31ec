import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { verifyAccount } from "../../src/ingest/verify-account.ts";
import { storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * `guestgraph import` as an operator runs it (a child process, not a terminal: one JSON summary line),
 * against the run's Neo4j: each format, bad rows to a rejects file with their line, re-runs that change
 * nothing, standard input.
 */

const run = promisify(execFile);
const fixtures = new URL("../fixtures/", import.meta.url).pathname;
let folder: string;
let db: Database;

const env = () => {
  const neo4j = inject("neo4j");
  return {
    ...process.env,
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: neo4j.username,
    NEO4J_PASSWORD: neo4j.password,
  };
};

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function guestgraph(...args: string[]): Promise<Outcome> {
  return run(process.execPath, ["src/cli/guestgraph.ts", ...args], { env: env() }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Outcome) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

const summaryOf = (outcome: Outcome) => JSON.parse(outcome.stdout.trim().split("\n").at(-1) ?? "{}");
const rejectsIn = async (file: string) =>
  (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

async function storedPayments(account: string) {
  const rows = await db.read<{
    id: string;
    amount: number;
    currency: string;
    status: string;
    refunded: number;
    dispute: string | null;
    customer: string | null;
  }>(
    `MATCH (p:Payment {account: $account})
     RETURN p.id AS id, p.amount AS amount, p.currency AS currency, p.status AS status,
            p.amountRefunded AS refunded, p.disputeStatus AS dispute, p.customer AS customer`,
    { account },
  );
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

beforeAll(async () => {
  db = openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), "guestgraph-import-"));
});
afterAll(async () => {
  await db.close();
  await rm(folder, { recursive: true, force: true });
});

async function jsonLinesWithBadRows(): Promise<string> {
  const charge = JSON.parse(await readFile(join(fixtures, "stripe/charge-guest-succeeded.json"), "utf8"));
  const lines = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({
      ...charge,
      id: `ch_import${i}`,
      created: 1_700_000_000 + i,
      billing_details: { ...charge.billing_details, email: `buyer${i % 4}@example.com` },
    }),
  );
  lines.splice(9, 0, "{this is not JSON");
  lines.splice(19, 0, JSON.stringify({ ...charge, id: "ch_importNegative", amount: -5 }));
  lines.splice(24, 0, "");
  const file = join(folder, "charges.jsonl");
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

describe("guestgraph import", () => {
  it("when a JSON Lines file has bad rows, then the good ones land, each bad one is in the rejects file with its line and reason, and the exit code says so", async () => {
    const account = uniqueAccount();
    const file = await jsonLinesWithBadRows();

    const imported = await guestgraph("import", file, "--direct", "--account", account, "--batch-size", "8");

    expect(imported.code).toBe(1);
    expect(summaryOf(imported)).toMatchObject({
      format: "jsonl",
      account,
      read: 32,
      created: 30,
      rejected: 2,
      rejects_file: `${file}.rejects.jsonl`,
    });
    expect(await rejectsIn(`${file}.rejects.jsonl`)).toEqual([
      { line: 10, id: null, param: "(line)", reason: "The line is not valid JSON." },
      {
        line: 20,
        id: "ch_importNegative",
        param: "amount",
        reason: expect.stringContaining("Invalid amount"),
      },
    ]);
    expect((await storedPayments(account)).size).toBe(30);
  });

  it("when the same file is imported again, then nothing changes", async () => {
    const account = uniqueAccount();
    const file = await jsonLinesWithBadRows();
    await guestgraph("import", file, "--direct", "--account", account);
    const before = await storedAssignments(db, account);

    const again = await guestgraph("import", file, "--direct", "--account", account);

    expect(summaryOf(again)).toMatchObject({ read: 32, created: 0, updated: 0, unchanged: 30, rejected: 2 });
    expect(await storedAssignments(db, account)).toEqual(before);
  });

  it("when Stripe's Dashboard Payments export is imported, then amounts, refunds, disputes and customers are read from its columns and bad rows are rejected by line", async () => {
    const account = uniqueAccount();
    const file = join(folder, "unified_payments.csv");
    await copyFile(join(fixtures, "import/stripe-dashboard-payments.csv"), file);

    const imported = await guestgraph("import", file, "--direct", "--account", account);
    const payments = await storedPayments(account);
    const guests = await storedAssignments(db, account);

    expect(summaryOf(imported)).toMatchObject({
      format: "stripe-dashboard-csv",
      read: 9,
      created: 6,
      rejected: 3,
    });
    expect(await rejectsIn(`${file}.rejects.jsonl`)).toEqual([
      {
        line: 9,
        id: "ch_3Dash0007",
        param: "Amount",
        reason: "Invalid Amount: expected an amount such as 10.99.",
      },
      { line: 10, id: null, param: "(row)", reason: expect.stringContaining("The row is not valid CSV") },
      {
        line: 11,
        id: "ch_3Dash0008",
        param: "Created (UTC)",
        reason: expect.stringContaining("Invalid Created (UTC)"),
      },
    ]);
    expect(Object.fromEntries(payments)).toEqual({
      ch_3Dash0001: {
        amount: 1099,
        currency: "usd",
        status: "succeeded",
        refunded: 0,
        dispute: null,
        customer: null,
      },
      ch_3Dash0002: {
        amount: 125_000,
        currency: "usd",
        status: "succeeded",
        refunded: 50_000,
        dispute: null,
        customer: null,
      },
      ch_3Dash0003: {
        amount: 1200,
        currency: "jpy",
        status: "succeeded",
        refunded: 0,
        dispute: null,
        customer: null,
      },
      ch_3Dash0004: {
        amount: 4200,
        currency: "eur",
        status: "succeeded",
        refunded: 0,
        dispute: null,
        customer: "cus_DashRegistered1",
      },
      ch_3Dash0005: {
        amount: 9900,
        currency: "usd",
        status: "failed",
        refunded: 0,
        dispute: null,
        customer: null,
      },
      ch_3Dash0006: {
        amount: 34_900,
        currency: "usd",
        status: "succeeded",
        refunded: 0,
        dispute: "needs_response",
        customer: null,
      },
    });
    // Jenny's three payments (one email written two ways) are one guest.
    expect(
      new Set(["ch_3Dash0001", "ch_3Dash0002", "ch_3Dash0005"].map((id) => guests.get(id)?.guest)).size,
    ).toBe(1);
    expect((await verifyAccount(db, account)).differences).toEqual([]);
  });

  it("when the canonical CSV is imported, then its rows land by their columns and a bad currency is rejected", async () => {
    const account = uniqueAccount();
    const file = join(folder, "till.csv");
    await copyFile(join(fixtures, "import/canonical-payments.csv"), file);

    const imported = await guestgraph("import", file, "--direct", "--account", account);
    const payments = await storedPayments(account);
    const guests = await storedAssignments(db, account);

    expect(summaryOf(imported)).toMatchObject({ format: "canonical-csv", read: 5, created: 4, rejected: 1 });
    expect(await rejectsIn(`${file}.rejects.jsonl`)).toEqual([
      { line: 5, id: "till-4:receipt-13", param: "currency", reason: expect.stringContaining("currency") },
    ]);
    expect(payments.get("till-3:receipt-89")).toMatchObject({ amount: 1299, refunded: 1299 });
    expect(payments.get("till-4:receipt-14")).toMatchObject({ dispute: "lost" });
    // The email written in capitals and the phone written nationally and internationally tie the first three together.
    expect(
      new Set(
        ["till-3:receipt-88", "till-3:receipt-89", "till-4:receipt-12"].map((id) => guests.get(id)?.guest),
      ).size,
    ).toBe(1);
  });

  it("when a canonical CSV names a column that does not exist, then nothing is imported and the one-line error names the column", async () => {
    const file = join(folder, "typo.csv");
    await writeFile(
      file,
      "id,created,amount,currency,status,emial\np1,1700000000,100,usd,succeeded,a@example.com\n",
    );

    const imported = await guestgraph("import", file, "--direct", "--account", uniqueAccount());

    expect(imported.code).toBe(3);
    expect(imported.stderr.trim()).toBe(
      `guestgraph: Cannot import ${file}: unknown column 'emial' in the canonical CSV header (see the README for its columns).`,
    );
  });

  it("when a Stripe list object is piped into standard input, then its data items are imported", async () => {
    const account = uniqueAccount();
    const charge = JSON.parse(await readFile(join(fixtures, "stripe/charge-guest-succeeded.json"), "utf8"));
    const list = {
      object: "list",
      url: "/v1/charges",
      has_more: false,
      data: [1, 2, 3].map((i) => ({ ...charge, id: `ch_listed${i}` })),
    };
    const rejects = join(folder, "stdin.rejects.jsonl");

    const outcome = await new Promise<Outcome>((done) => {
      const child = spawn(
        process.execPath,
        ["src/cli/guestgraph.ts", "import", "-", "--direct", "--account", account, "--rejects", rejects],
        { env: env() },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(JSON.stringify(list, null, 2));
    });

    expect(outcome.code).toBe(0);
    expect(summaryOf(outcome)).toMatchObject({
      file: "-",
      format: "json",
      read: 3,
      created: 3,
      rejected: 0,
      rejects_file: null,
    });
    expect(existsSync(rejects)).toBe(false);
  });

  it("when the file does not exist, then the one-line error says so and the exit code is 3", async () => {
    const imported = await guestgraph("import", join(folder, "missing.jsonl"), "--direct");

    expect(imported.code).toBe(3);
    expect(imported.stderr).toContain("no such file (give a file, or - for standard input)");
  });
});
