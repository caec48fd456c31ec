import type { TimeSlicer } from "../time-slice.ts";

/**
 * A JSON request body's structure, read from its raw bytes before anything parses it: one linear pass
 * (strings are skipped with indexOf) that needs no recursion, checks the body's bounds, and finds where each
 * payment of a batch starts and ends. The body is then parsed payment by payment (json-body.ts), so neither
 * an attacker's shape (10,000 levels of nesting, millions of empty objects) nor a legitimate 10 MB batch
 * holds the event loop: JSON.parse only ever sees a piece of bounded size.
 *
 * The bounds are far above what any Stripe object or batch needs (a Stripe Charge is about 120 values and
 * 6 levels deep) and are documented in the README ("Limits").
 */
export const jsonBodyLimits = {
  /** Levels of nesting: objects and arrays inside each other. */
  maxDepth: 32,
  maxKeysPerObject: 1_000,
  maxItemsPerArray: 10_000,
  /** Values (strings, numbers, booleans, nulls, objects, arrays) in the whole body. */
  maxValues: 500_000,
  /** Values in one payment: each element of a batch's `data`, or a body that is not a batch. */
  maxPaymentValues: 10_000,
  /** Bytes of one payment, as for maxPaymentValues. */
  maxPaymentBytes: 1024 * 1024,
};

/** Where a piece of the body lies: [start, end) byte offsets. */
export type Span = readonly [number, number];

/**
 * `batch`: a top-level object with a `data` array; each member's value and each element of `data` can be
 * parsed on its own. `whole`: anything else, parsed in one piece (bounded like one payment).
 */
export type JsonLayout =
  | { kind: "whole" }
  | { kind: "batch"; members: { key: Span; value: Span; elements: Span[] | null }[] };

/** Why the body was refused: `param` names the field as a client writes it (`data[3].metadata`). */
export class JsonBodyError extends Error {
  override name = "JsonBodyError";
  readonly code: "json_invalid" | "parameter_invalid";
  readonly param: string | null;

  constructor(code: "json_invalid" | "parameter_invalid", message: string, param: string | null = null) {
    super(message);
    this.code = code;
    this.param = param;
  }
}

const OBJECT = 0;
const ARRAY = 1;

// What may come next.
const VALUE = 0; // a value (at the top, after ':' or after ',' in an array)
const VALUE_OR_CLOSE = 1; // after '['
const KEY = 2; // after ',' in an object
const KEY_OR_CLOSE = 3; // after '{'
const COLON = 4;
const COMMA_OR_CLOSE = 5;
const END = 6; // after the top-level value

interface Frame {
  kind: typeof OBJECT | typeof ARRAY;
  /** Keys or items so far. */
  count: number;
  /** The current key's span, quotes included (objects). */
  key: Span | null;
  /** The batch's `data` array: each of its elements is a payment of its own. */
  isData: boolean;
}

const quote = 0x22;
const backslash = 0x5c;

const decoder = new TextDecoder("utf-8", { fatal: false });

/** The key a span holds, for a param; long keys are cut (a param is for reading, not for echoing data). */
function keyText(bytes: Uint8Array, span: Span): string {
  const raw = decoder.decode(bytes.subarray(span[0], span[1]));
  let key: string;
  try {
    key = JSON.parse(raw) as string;
  } catch {
    key = raw.slice(1, -1);
  }
  return key.length > 100 ? `${key.slice(0, 100)}…` : key;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function endsScalar(byte: number): boolean {
  return (
    isWhitespace(byte) ||
    byte === 0x2c || // ,
    byte === 0x5d || // ]
    byte === 0x7d || // }
    byte === 0x3a || // :
    byte === 0x5b || // [
    byte === 0x7b || // {
    byte === quote
  );
}

/** `"data"` exactly, as the batch envelope names it. */
function isDataKey(bytes: Uint8Array, span: Span): boolean {
  return (
    span[1] - span[0] === 6 &&
    bytes[span[0] + 1] === 0x64 &&
    bytes[span[0] + 2] === 0x61 &&
    bytes[span[0] + 3] === 0x74 &&
    bytes[span[0] + 4] === 0x61
  );
}

/**
 * Reads the body's layout, or throws JsonBodyError for a body out of bounds or not JSON by its structure.
 * What lies inside strings and scalars is left to JSON.parse of each piece, which sees every byte.
 */
export async function scanJsonLayout(bytes: Uint8Array, slicer: TimeSlicer): Promise<JsonLayout> {
  const scanner = new LayoutScanner(bytes);
  const sliceBytes = 256 * 1024;
  while (!scanner.scan(sliceBytes)) await slicer.pause();
  return scanner.layout();
}

/**
 * The scan as a state machine over bytes, run in slices (`scan(budget)`) so that the event loop gets its
 * turn between them; a class rather than one async function, so that its hot loop stays plain and fast.
 */
class LayoutScanner {
  readonly #bytes: Uint8Array;
  readonly #frames: Frame[] = [];
  #pos = 0;
  /** Inside a string whose opening quote is at #stringStart, when a slice ended in the middle of it. */
  #stringStart = -1;
  #expect: number = VALUE;
  #values = 0;
  #envelopeValues = 0;
  #elementBytes = 0;
  /** The batch's members (top-level object), and the data element being read. */
  readonly #members: { key: Span; value: Span; elements: Span[] | null }[] = [];
  #memberStart = -1;
  #elementStart = -1;
  #elementValues = 0;
  #topIsObject = false;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  layout(): JsonLayout {
    if (this.#frames.length > 0 || this.#expect !== END) throw notJson();
    if (this.#bytes.length - this.#elementBytes > jsonBodyLimits.maxPaymentBytes) {
      throw invalid(
        `the request body is larger than ${jsonBodyLimits.maxPaymentBytes / 1024 / 1024} MB outside a batch's data`,
        null,
      );
    }
    const members = this.#members;
    return members.some((member) => member.elements !== null)
      ? { kind: "batch", members }
      : { kind: "whole" };
  }

  /** Reads about `budget` more bytes; true once the whole body is read. */
  scan(budget: number): boolean {
    const bytes = this.#bytes;
    const length = bytes.length;
    const stop = Math.min(length, this.#pos + budget);
    let pos = this.#pos;
    if (this.#stringStart >= 0) {
      pos = this.#string(this.#stringStart, pos, stop);
      if (pos < 0) return false;
    }
    while (pos < stop) {
      const byte = bytes[pos] as number;
      if (isWhitespace(byte)) {
        pos++;
        continue;
      }
      const frame = this.#frames[this.#frames.length - 1];
      // As JSON bodies are written (and body-parser's strict mode): an object or an array at the top.
      if (!frame && byte !== 0x7b && byte !== 0x5b) throw notJson();
      if (byte === quote) {
        pos = this.#string(pos, pos + 1, stop);
        if (pos < 0) return false;
        continue;
      }
      switch (byte) {
        case 0x7b: // {
        case 0x5b: // [
          this.#open(byte === 0x7b ? OBJECT : ARRAY, pos, frame);
          pos++;
          continue;
        case 0x7d: // }
        case 0x5d: {
          // ]
          const closes = byte === 0x7d ? OBJECT : ARRAY;
          if (!frame || frame.kind !== closes) throw notJson();
          const allowed = closes === OBJECT ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
          if (this.#expect !== allowed && this.#expect !== COMMA_OR_CLOSE) throw notJson();
          this.#frames.pop();
          pos++;
          this.#valueEnds(pos);
          continue;
        }
        case 0x2c: // ,
          if (this.#expect !== COMMA_OR_CLOSE || !frame) throw notJson();
          this.#expect = frame.kind === OBJECT ? KEY : VALUE;
          pos++;
          continue;
        case 0x3a: // :
          if (this.#expect !== COLON) throw notJson();
          this.#expect = VALUE;
          pos++;
          continue;
        default: {
          // A number, true, false or null: its bytes are checked by JSON.parse of the piece holding it.
          if (this.#expect !== VALUE && this.#expect !== VALUE_OR_CLOSE) throw notJson();
          const start = pos;
          while (pos < length && !endsScalar(bytes[pos] as number)) pos++;
          this.#valueStarts(start);
          this.#valueEnds(pos);
        }
      }
    }
    this.#pos = pos;
    return pos >= length;
  }

  /**
   * Reads a string from `from` (its opening quote at `start`) to its closing quote, stepping over escapes;
   * the position after it, or -1 when the slice ended first (the scan resumes inside the string).
   */
  #string(start: number, from: number, stop: number): number {
    const bytes = this.#bytes;
    let end = from;
    for (;;) {
      if (end >= bytes.length) throw notJson();
      if (end >= stop) {
        this.#stringStart = start;
        this.#pos = end;
        return -1;
      }
      const inner = bytes[end] as number;
      if (inner === quote) break;
      end += inner === backslash ? 2 : 1;
    }
    this.#stringStart = -1;
    end++;
    if (this.#expect === KEY || this.#expect === KEY_OR_CLOSE) {
      const object = this.#frames[this.#frames.length - 1] as Frame;
      object.count++;
      if (object.count > jsonBodyLimits.maxKeysPerObject) {
        throw invalid(
          `an object holds more than ${jsonBodyLimits.maxKeysPerObject.toLocaleString("en")} keys`,
          this.#path(this.#frames.length - 1),
        );
      }
      object.key = [start, end];
      this.#expect = COLON;
    } else if (this.#expect === VALUE || this.#expect === VALUE_OR_CLOSE) {
      this.#valueStarts(start);
      this.#valueEnds(end);
    } else {
      throw notJson();
    }
    return end;
  }

  #open(kind: typeof OBJECT | typeof ARRAY, pos: number, parent: Frame | undefined): void {
    if (this.#expect !== VALUE && this.#expect !== VALUE_OR_CLOSE) throw notJson();
    if (this.#frames.length >= jsonBodyLimits.maxDepth) {
      throw invalid(
        `nested more than ${jsonBodyLimits.maxDepth} levels deep`,
        this.#path(Math.min(this.#frames.length, 1)),
      );
    }
    this.#valueStarts(pos);
    if (this.#frames.length === 0) this.#topIsObject = kind === OBJECT;
    const isData =
      kind === ARRAY &&
      this.#frames.length === 1 &&
      this.#topIsObject &&
      parent?.key != null &&
      isDataKey(this.#bytes, parent.key);
    if (isData && parent?.key) this.#members.push({ key: parent.key, value: [pos, pos], elements: [] });
    this.#frames.push({ kind, count: 0, key: null, isData });
    this.#expect = kind === OBJECT ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
  }

  /** Counts a value starting at `at`, against every bound. */
  #valueStarts(at: number): void {
    const limits = jsonBodyLimits;
    const frames = this.#frames;
    const parent = frames[frames.length - 1];
    if (parent?.kind === ARRAY) {
      parent.count++;
      if (parent.count > limits.maxItemsPerArray) {
        throw invalid(
          `a list holds more than ${limits.maxItemsPerArray.toLocaleString("en")} items`,
          this.#path(frames.length - 1),
        );
      }
    }
    this.#values++;
    if (this.#values > limits.maxValues) {
      throw invalid(
        `the request body holds more than ${limits.maxValues.toLocaleString("en")} values; send fewer payments per request`,
        this.#path(Math.min(frames.length, 1)),
      );
    }
    if (parent?.isData) {
      this.#elementStart = at;
      this.#elementValues = 0;
    }
    if (this.#elementStart >= 0) {
      this.#elementValues++;
      if (this.#elementValues > limits.maxPaymentValues) {
        throw invalid(
          `a payment holds more than ${limits.maxPaymentValues.toLocaleString("en")} values`,
          this.#path(2),
        );
      }
    } else {
      this.#envelopeValues++;
      if (this.#envelopeValues > limits.maxPaymentValues) {
        throw invalid(
          `the request body holds more than ${limits.maxPaymentValues.toLocaleString("en")} values outside a batch's data`,
          this.#path(Math.min(frames.length, 1)),
        );
      }
    }
    if (frames.length === 1 && this.#topIsObject) this.#memberStart = at;
  }

  /** A value ended just before `end`; what may follow is its parent's business. */
  #valueEnds(end: number): void {
    const frames = this.#frames;
    const parent = frames[frames.length - 1];
    if (!parent) {
      this.#expect = END;
      return;
    }
    this.#expect = COMMA_OR_CLOSE;
    if (parent.isData && this.#elementStart >= 0) {
      if (end - this.#elementStart > jsonBodyLimits.maxPaymentBytes) {
        throw invalid(
          `a payment is larger than ${jsonBodyLimits.maxPaymentBytes / 1024 / 1024} MB`,
          this.#path(),
        );
      }
      this.#elementBytes += end - this.#elementStart;
      this.#members[this.#members.length - 1]?.elements?.push([this.#elementStart, end]);
      this.#elementStart = -1;
    }
    if (frames.length === 1 && this.#topIsObject && parent.key) {
      const member = this.#members[this.#members.length - 1];
      if (member && member.value[0] === this.#memberStart) member.value = [this.#memberStart, end];
      else this.#members.push({ key: parent.key, value: [this.#memberStart, end], elements: null });
    }
  }

  /** The param naming the slot of each of the first `upTo` frames: `data[3].metadata`. */
  #path(upTo = this.#frames.length): string | null {
    let name = "";
    for (let i = 0; i < upTo; i++) {
      const frame = this.#frames[i] as Frame;
      if (frame.kind === ARRAY) name += `[${frame.count - 1}]`;
      else if (frame.key) {
        const key = keyText(this.#bytes, frame.key);
        name += name === "" ? key : `.${key}`;
      }
    }
    return name === "" ? null : name;
  }
}

function invalid(message: string, param: string | null): JsonBodyError {
  return new JsonBodyError("parameter_invalid", `Invalid ${param ?? "request body"}: ${message}.`, param);
}

function notJson(): JsonBodyError {
  return new JsonBodyError("json_invalid", "The request body is not valid JSON.");
}
