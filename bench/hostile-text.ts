import { maskCardNumbers } from "../src/domain/card-number-guard.ts";
import { emailsInText, normalisePhone } from "../src/domain/identifiers.ts";
import { parsePayment } from "../src/ingest/to-payment.ts";

/**
 * Is every text scan linear? Parses a canonical payment whose description is N characters of each shape
 * an attacker (or a careless export) could send — the card-number scan, the email scan and the mask all
 * run over it — at 100 KB, 1 MB and 10 MB, and prints the CPU time per MB. Linear means the ms/MB column
 * stays flat as N grows ten-fold (issue 7, finding 1: the old email regex took 9 s for 100 KB of "x").
 * No database: this is the CPU work a request does on the event loop before it reaches Neo4j.
 *
 *   npm run bench:hostile-text -- [maxMegabytes=10]
 */

const maxMegabytes = Number(process.argv[2] ?? 10);
const megabyte = 1_000_000;

/** Each shape repeated to length n. */
const shapes: Record<string, string> = {
  "x (the old worst case)": "x",
  "letters then @": "abcdefghij",
  "a.a.a. then @": "a.",
  '"a"a (quoted local parts)': '"a',
  "@a@a (at signs)": "@a",
  "emails, comma-separated": "ann@example.com,",
  "digits 4 4 4 (one-digit groups)": "4 ",
  "card numbers, spaced": "4242 4242 4242 4242 ",
  "card numbers, glued": "4242424242424242x",
  "full-width digits": "４２４２ ",
  "Arabic-Indic digits with dots": "٤٢٤٢.",
  "digits and separators 1234-5678.": "1234-5678.",
  "andré.martin@ (non-ASCII)": "andré.martin",
};

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** CPU milliseconds (user + system) of the work: on a shared machine, wall time measures the neighbours. */
function time(work: () => unknown): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

const sizes = [0.1, 1, maxMegabytes].filter(
  (size, index, all) => size <= maxMegabytes && all.indexOf(size) === index,
);
console.log(
  `shape${" ".repeat(30)}${sizes.map((size) => `${size} MB`.padStart(14)).join("")}   (CPU ms per MB)`,
);
for (const [name, unit] of Object.entries(shapes)) {
  const cells: string[] = [];
  for (const size of sizes) {
    const description = `${repeatTo(unit, size * megabyte)}@example.com`;
    const payment = {
      object: "payment",
      id: "bench-1",
      created: 1_700_000_000,
      amount: 100,
      currency: "usd",
      status: "succeeded",
      description,
    };
    const ms = time(() => parsePayment(payment, "acct_bench"));
    cells.push(`${(ms / size).toFixed(0)}`.padStart(14));
  }
  console.log(`${name.padEnd(35)}${cells.join("")}`);
}

// The parts on their own, at the largest size, for the record.
const big = repeatTo("4242 4242 4242 4242 ann@example.com ", maxMegabytes * megabyte);
console.log(`\nAt ${maxMegabytes} MB of card numbers and addresses:`);
console.log(`  maskCardNumbers ${time(() => maskCardNumbers(big)).toFixed(0)} ms CPU`);
console.log(`  emailsInText    ${time(() => emailsInText(`${big} `)).toFixed(0)} ms CPU`);
const vanity = repeatTo("1-800-FLOWERS ", maxMegabytes * megabyte);
console.log(
  `  normalisePhone of ${maxMegabytes} MB ${time(() => normalisePhone(vanity, "US")).toFixed(0)} ms CPU (no phone: over 250 characters)`,
);
