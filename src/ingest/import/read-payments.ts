import { Readable } from "node:stream";
import { parse } from "csv-parse";
import {
  type CsvKind,
  canonicalPayment,
  csvKind,
  dashboardPayment,
  RowError,
  unknownCanonicalColumn,
} from "./csv-payments.ts";
import { JsonItemScanner, maxItemChars } from "./json-items.ts";

/**
 * Payments from a file of any size, one at a time with the line each starts on: JSON Lines, a JSON
 * array, a Stripe list object, Stripe Dashboard's "Payments" CSV export, or the canonical CSV — told
 * apart by the file's first characters. A row that cannot be read is an item with its reason, and
 * reading goes on.
 */

export type ImportFormat = "jsonl" | "json" | "stripe-dashboard-csv" | "canonical-csv";

export type ReadItem =
  | { line: number; payment: unknown }
  | { line: number; error: { param: string; message: string }; id?: string };

/** The file cannot be read at all (not one of the formats, a broken JSON document, a wrong CSV header). */
export class ImportFormatError extends Error {
  override name = "ImportFormatError";
}

export interface PaymentReader {
  format: ImportFormat;
  items: AsyncGenerator<ReadItem>;
}

/** Reads the first characters to learn the format, then hands back the items of the whole text. */
export async function readPayments(text: AsyncIterable<string>): Promise<PaymentReader> {
  const source = text[Symbol.asyncIterator]();
  let head = "";
  // Enough of the start to see the first line (or all of it, for a small file).
  while (!head.includes("\n") && head.length < maxItemChars) {
    const next = await source.next();
    if (next.done) break;
    head += next.value;
  }
  head = head.replace(/^\uFEFF/, "");
  const rest = chained(head, source);
  const first = head.trimStart()[0];
  if (first === undefined) return { format: "jsonl", items: empty() };
  if (first === "[") return { format: "json", items: jsonDocument(rest) };
  if (first === "{") {
    const firstLine = head.trimStart().split("\n")[0] ?? "";
    const parsed = tryParse(firstLine);
    const isList = parsed !== undefined && Array.isArray((parsed as { data?: unknown }).data);
    if (parsed !== undefined && typeof parsed === "object" && parsed !== null && !isList) {
      return { format: "jsonl", items: jsonLines(rest) };
    }
    return { format: "json", items: jsonDocument(rest) };
  }
  return csv(head, rest);
}

async function* chained(head: string, source: AsyncIterator<string>): AsyncGenerator<string> {
  if (head) yield head;
  for (;;) {
    const next = await source.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* empty(): AsyncGenerator<ReadItem> {}

async function* jsonLines(text: AsyncIterable<string>): AsyncGenerator<ReadItem> {
  let pending = "";
  let line = 0;
  let tooLong = false;
  const item = (content: string, number: number, longLine: boolean): ReadItem | null => {
    if (longLine)
      return {
        line: number,
        error: { param: "(line)", message: `The line is over ${maxItemChars} characters.` },
      };
    if (content.trim() === "") return null;
    const value = tryParse(content);
    return value === undefined
      ? { line: number, error: { param: "(line)", message: "The line is not valid JSON." } }
      : { line: number, payment: value };
  };
  for await (const chunk of text) {
    let start = 0;
    for (let end = chunk.indexOf("\n"); end >= 0; end = chunk.indexOf("\n", start)) {
      line++;
      const read = item(tooLong ? "" : pending + chunk.slice(start, end), line, tooLong);
      if (read) yield read;
      pending = "";
      tooLong = false;
      start = end + 1;
    }
    if (!tooLong) pending += chunk.slice(start);
    if (pending.length > maxItemChars) {
      tooLong = true;
      pending = "";
    }
  }
  if (pending !== "" || tooLong) {
    const read = item(pending, line + 1, tooLong);
    if (read) yield read;
  }
}

async function* jsonDocument(text: AsyncIterable<string>): AsyncGenerator<ReadItem> {
  const scanner = new JsonItemScanner();
  try {
    for await (const chunk of text) {
      for (const item of scanner.push(chunk)) yield jsonItem(item);
    }
    scanner.end();
  } catch (error) {
    if (error instanceof ImportFormatError) throw error;
    throw new ImportFormatError(`not a readable JSON document: ${(error as Error).message}`);
  }
}

function jsonItem(item: { line: number; text: string } | { line: number; error: string }): ReadItem {
  if ("error" in item) return { line: item.line, error: { param: "(item)", message: `${item.error}.` } };
  const value = tryParse(item.text);
  return value === undefined
    ? { line: item.line, error: { param: "(item)", message: "The item is not valid JSON." } }
    : { line: item.line, payment: value };
}

function csv(head: string, rest: AsyncIterable<string>): PaymentReader {
  const header = parseHeader(head.split("\n")[0] ?? "");
  const kind = csvKind(header);
  if (!kind) {
    throw new ImportFormatError(
      "not JSON, JSON Lines, a Stripe Dashboard Payments export (its header has id and Created (UTC)) or a canonical CSV (its header has id, created and amount)",
    );
  }
  if (kind === "canonical") {
    const unknown = unknownCanonicalColumn(header);
    if (unknown)
      throw new ImportFormatError(
        `unknown column '${unknown}' in the canonical CSV header (see the README for its columns)`,
      );
  }
  return {
    format: kind === "canonical" ? "canonical-csv" : "stripe-dashboard-csv",
    items: csvRows(kind, rest),
  };
}

function parseHeader(line: string): string[] {
  return line
    .replace(/\r$/, "")
    .split(",")
    .map((column) => column.trim().replace(/^"(.*)"$/, "$1"));
}

async function* csvRows(kind: CsvKind, text: AsyncIterable<string>): AsyncGenerator<ReadItem> {
  const skipped: ReadItem[] = [];
  const parser = Readable.from(text).pipe(
    parse({
      columns: true,
      bom: true,
      info: true,
      skip_records_with_error: true,
      max_record_size: maxItemChars,
      trim: false,
    }),
  );
  parser.on("skip", (error: Error & { lines?: number }) => {
    skipped.push({
      line: error.lines ?? 0,
      error: { param: "(row)", message: `The row is not valid CSV: ${error.message}` },
    });
  });
  const toPayment = kind === "canonical" ? canonicalPayment : dashboardPayment;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number; invalid_field_length: number };
  }>) {
    const line = info.lines;
    // Rows skipped as broken CSV come in line order with the others.
    while (skipped.length > 0 && (skipped[0] as ReadItem).line < line) yield skipped.shift() as ReadItem;
    try {
      yield { line, payment: toPayment(record) };
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      yield { line, error: { param: error.param, message: error.message }, id: record.id };
    }
  }
  yield* skipped.splice(0);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
