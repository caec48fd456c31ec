/**
 * The items of a JSON document read piece by piece, with the line each starts on: the elements of a
 * top-level array, or of the `data` array of a Stripe list object (`{"object": "list", "data": [...]}`),
 * or a single top-level object. One linear pass over the characters that holds only the item being read
 * (at most maxItemChars), so a document of any size is read in flat memory.
 */

export type JsonItem = { line: number; text: string } | { line: number; error: string };

/** A payment is a few kilobytes; anything far larger is not one. */
export const maxItemChars = 1_000_000;

export class JsonDocumentError extends Error {
  override name = "JsonDocumentError";
}

const newline = 10;
const quote = 34;
const backslash = 92;
const comma = 44;
const colon = 58;
const openBrace = 123;
const closeBrace = 125;
const openBracket = 91;
const closeBracket = 93;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

export class JsonItemScanner {
  #line = 1;
  #depth = 0;
  #inString = false;
  #escape = false;
  /** The depth inside which items sit: 1 in a top-level array, 2 in a list's data array; 0 until known. */
  #itemDepth = 0;
  /** The item being read: its parts from earlier chunks, where it starts in this chunk (-1: none), its line. */
  #parts: string[] = [];
  #chars = 0;
  #start = -1;
  #itemLine = 0;
  /** While the top-level object may be the item itself (no `data` array met yet), it is the item. */
  #topIsItem = false;
  /** The last string closed at depth 1 (a key, when a colon follows), up to 16 characters. */
  #string = "";
  #lastString = "";
  #key = "";
  #ended = false;

  push(chunk: string): JsonItem[] {
    const items: JsonItem[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code === newline) this.#line++;
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (code === backslash) this.#escape = true;
        else if (code === quote) {
          this.#inString = false;
          if (this.#depth === 1) this.#lastString = this.#string;
        } else if (this.#depth === 1 && this.#string.length < 16) this.#string += chunk[i];
        continue;
      }
      if (isSpace(code)) continue;
      if (this.#ended)
        throw new JsonDocumentError(`unexpected text after the JSON document at line ${this.#line}`);
      // An item starts at its first character inside the items' array.
      if (
        this.#itemDepth > 0 &&
        this.#depth === this.#itemDepth &&
        this.#start < 0 &&
        this.#parts.length === 0
      ) {
        if (code === comma) continue;
        if (code !== closeBracket) this.#begin(i);
      }
      switch (code) {
        case quote:
          this.#inString = true;
          this.#string = "";
          break;
        case openBrace:
        case openBracket:
          if (this.#depth === 0) {
            if (code === openBracket) this.#itemDepth = 1;
            else {
              this.#topIsItem = true;
              this.#begin(i);
            }
          } else if (this.#depth === 1 && code === openBracket && this.#topIsItem && this.#key === "data") {
            // A list object: its data array holds the items; the object around them is no item.
            this.#topIsItem = false;
            this.#parts = [];
            this.#start = -1;
            this.#chars = 0;
            this.#itemDepth = 2;
          }
          this.#depth++;
          break;
        case closeBrace:
        case closeBracket:
          // A bare value (number, true, …) as the array's last item ends at the bracket.
          if (this.#itemDepth > 0 && this.#depth === this.#itemDepth && this.#reading)
            this.#finish(chunk, i, items);
          this.#depth--;
          if (this.#depth < 0) throw new JsonDocumentError(`unbalanced ${chunk[i]} at line ${this.#line}`);
          if (this.#itemDepth > 0 && this.#depth === this.#itemDepth && this.#reading)
            this.#finish(chunk, i + 1, items);
          if (this.#depth === 0) {
            if (this.#topIsItem) this.#finish(chunk, i + 1, items);
            this.#ended = true;
          }
          break;
        case colon:
          if (this.#depth === 1) this.#key = this.#lastString;
          break;
        case comma:
          if (this.#depth === 1) this.#key = "";
          // A bare value (number, true, …) in the items' array ends at the comma.
          if (this.#itemDepth > 0 && this.#depth === this.#itemDepth && this.#reading)
            this.#finish(chunk, i, items);
          break;
        default:
          if (this.#depth === 0) throw new JsonDocumentError(`expected [ or { at line ${this.#line}`);
      }
    }
    if (this.#start >= 0) {
      this.#keepPart(chunk.slice(this.#start));
      this.#start = 0;
    }
    return items;
  }

  end(): void {
    if (this.#depth !== 0 || this.#inString || !this.#ended) {
      throw new JsonDocumentError(`the JSON document ends in the middle (at line ${this.#line})`);
    }
  }

  get #reading(): boolean {
    return this.#start >= 0 || this.#parts.length > 0;
  }

  #begin(index: number): void {
    this.#start = index;
    this.#itemLine = this.#line;
  }

  #keepPart(part: string): void {
    this.#chars += part.length;
    if (this.#chars <= maxItemChars) this.#parts.push(part);
  }

  #finish(chunk: string, end: number, items: JsonItem[]): void {
    if (this.#start >= 0) this.#keepPart(chunk.slice(this.#start, end));
    items.push(
      this.#chars > maxItemChars
        ? { line: this.#itemLine, error: `the item is over ${maxItemChars} characters` }
        : { line: this.#itemLine, text: this.#parts.join("").trim() },
    );
    this.#parts = [];
    this.#chars = 0;
    this.#start = -1;
  }
}
