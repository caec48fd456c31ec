import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonBody } from "../../src/http/json-body.ts";
import { JsonBodyError, jsonBodyLimits } from "../../src/http/json-layout.ts";

/**
 * Request bodies are parsed piece by piece within bounds (json-layout.ts, json-body.ts). Whatever the
 * pieces, the answer must be JSON.parse's own for every body within bounds, and a JsonBodyError naming the
 * field for every body out of them; never a stack overflow, never a silently different value.
 */

const bytes = (text: string) => Buffer.from(text, "utf8");

async function refusal(text: string | Buffer): Promise<JsonBodyError> {
  try {
    await parseJsonBody(typeof text === "string" ? bytes(text) : text);
  } catch (error) {
    if (error instanceof JsonBodyError) return error;
    throw error;
  }
  throw new Error("the body was accepted");
}

/** A JSON value whose keys and strings hold nothing the parser refuses on purpose (see the examples below). */
const plainJson = fc
  .jsonValue({ maxDepth: 5 })
  .filter((value) => !/__proto__|constructor|prototype|\\u0000/.test(JSON.stringify(value)));
const body = fc.oneof(
  fc.dictionary(fc.string(), plainJson, { maxKeys: 6 }),
  fc.array(plainJson, { maxLength: 6 }),
  fc.record({ data: fc.array(plainJson, { maxLength: 8 }) }),
  fc.record({ data: fc.array(plainJson, { maxLength: 4 }), other: plainJson }),
);

describe("parsing a JSON body in pieces", () => {
  it("when a body within bounds is sent, compact or indented, then it parses exactly as JSON.parse does", async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(undefined, 2, "\t"), async (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(await parseJsonBody(bytes(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 2_000, seed: 7_001 },
    );
  });

  it("when a valid body is damaged by one character, then it is accepted only if JSON.parse accepts it, with the same value", async () => {
    const damaged = fc
      .tuple(body, fc.nat(), fc.constantFrom("", ",", ":", "[", "]", "{", "}", '"', "\\", "1", " ", "x"))
      .map(([value, at, inserted]) => {
        const text = JSON.stringify(value);
        const cut = at % (text.length + 1);
        // Replace the character at `cut` (or insert at the end).
        return text.slice(0, cut) + inserted + text.slice(cut + 1);
      });
    await fc.assert(
      fc.asyncProperty(damaged, async (text) => {
        let expected: unknown;
        let valid = true;
        try {
          expected = JSON.parse(text);
        } catch {
          valid = false;
        }
        const topIsContainer = /^\s*[[{]/.test(text);
        if (valid && topIsContainer) {
          expect(await parseJsonBody(bytes(text))).toEqual(expected);
        } else {
          const error = await refusal(text);
          expect(error.code).toBe("json_invalid");
        }
      }),
      { numRuns: 3_000, seed: 7_002 },
    );
  });

  it("when the body is empty, then it reads as an empty object", async () => {
    expect(await parseJsonBody(bytes(""))).toEqual({});
  });

  it("when the body is not an object or a list at the top, then json_invalid", async () => {
    for (const text of ['"text"', "12", "true", "null", " "]) {
      expect((await refusal(text)).code, text).toBe("json_invalid");
    }
  });

  it("when the body is not UTF-8, then json_invalid", async () => {
    const latin1 = Buffer.concat([bytes('{"name":"'), Buffer.from([0xe9]), bytes('"}')]);

    expect((await refusal(latin1)).message).toContain("UTF-8");
  });
});

describe("bounds (issue 7, finding 4: deep nesting)", () => {
  it("when a batch nests 10,000 levels deep, then 400 naming data, before anything recursive reads it", async () => {
    const text = `{"data":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;

    const error = await refusal(text);

    expect(error).toMatchObject({ code: "parameter_invalid", param: "data" });
    expect(error.message).toContain(`${jsonBodyLimits.maxDepth} levels`);
  });

  it("when a payment field nests one level more than the limit, then 400 naming that field; at the limit it parses", async () => {
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const atLimit = `{"metadata":${nested(jsonBodyLimits.maxDepth - 1)}}`;
    const over = `{"metadata":${nested(jsonBodyLimits.maxDepth)}}`;

    expect(await parseJsonBody(bytes(atLimit))).toEqual(JSON.parse(atLimit));
    expect(await refusal(over)).toMatchObject({ code: "parameter_invalid", param: "metadata" });
  });

  it("when an object holds more keys than the limit, then 400 naming the object", async () => {
    const keys = Array.from({ length: jsonBodyLimits.maxKeysPerObject + 1 }, (_, i) => `"k${i}":"v"`);

    const error = await refusal(`{"metadata":{${keys.join(",")}}}`);

    expect(error).toMatchObject({ code: "parameter_invalid", param: "metadata" });
  });

  it("when a list holds more items than the limit, then 400 naming the list", async () => {
    const error = await refusal(`{"data":[${"1,".repeat(jsonBodyLimits.maxItemsPerArray)}1]}`);

    expect(error).toMatchObject({ code: "parameter_invalid", param: "data" });
  });

  it("when one payment of a batch holds more values than the limit, then 400 naming it", async () => {
    const big = `{"metadata":[${"0,".repeat(jsonBodyLimits.maxPaymentValues)}0]}`;

    const error = await refusal(`{"data":[{"id":"a"},${big}]}`);

    expect(error).toMatchObject({ code: "parameter_invalid", param: "data[1]" });
  });

  it("when one payment of a batch is larger than the limit, then 400 naming it", async () => {
    const huge = `{"description":"${"x".repeat(jsonBodyLimits.maxPaymentBytes)}"}`;

    const error = await refusal(`{"data":[{"id":"a"},{"id":"b"},${huge}]}`);

    expect(error).toMatchObject({ code: "parameter_invalid", param: "data[2]" });
  });

  it("when a body that is not a batch is larger than a payment may be, then 400", async () => {
    const error = await refusal(`{"description":"${"x".repeat(jsonBodyLimits.maxPaymentBytes)}"}`);

    expect(error.code).toBe("parameter_invalid");
  });

  it("when a batch holds more values in all than the limit, then 400 naming data", async () => {
    const payment = `[${"0,".repeat(999)}0]`;
    const count = Math.ceil(jsonBodyLimits.maxValues / 1_000) + 1;

    const error = await refusal(`{"data":[${Array.from({ length: count }, () => payment).join(",")}]}`);

    expect(error).toMatchObject({ code: "parameter_invalid", param: "data" });
  });
});

describe("text no field may hold (issue 7, finding 12)", () => {
  it.each([
    ['{"metadata":{"__proto__":{"x":"1"}}}', "metadata.__proto__"],
    ['{"metadata":{"constructor":"x"}}', "metadata.constructor"],
    ['{"card":{"prototype":"x"}}', "card.prototype"],
    ['{"__proto__":{"admin":true}}', "__proto__"],
    ['{"data":[{"id":"a"},{"metadata":{"__proto__":"x"}}]}', "data[1].metadata.__proto__"],
  ])("when %s is sent, then 400 naming %s", async (text, param) => {
    expect(await refusal(text)).toMatchObject({ code: "parameter_invalid", param });
  });

  it.each([
    ['{"description":"a\\u0000b"}', "description", "NUL"],
    ['{"metadata":{"note":"x\\u0000"}}', "metadata.note", "NUL"],
    ['{"metadata":{"k\\u0000":"x"}}', "metadata.k\u0000", "NUL"],
    ['{"billing":{"name":"Ann \\ud800"}}', "billing.name", "surrogate"],
    ['{"emails":["a@example.com","\\udc00@example.com"]}', "emails[1]", "surrogate"],
    ['{"data":[{"description":"ok"},{"description":"\\ud83d"}]}', "data[1].description", "surrogate"],
  ])("when %s is sent, then 400 naming %s", async (text, param, what) => {
    const error = await refusal(text);

    expect(error).toMatchObject({ code: "parameter_invalid", param });
    expect(error.message).toContain(what);
  });

  it("when a string holds a whole surrogate pair (an emoji), then it is text and parses", async () => {
    expect(await parseJsonBody(bytes('{"description":"\\ud83d\\ude00 ok"}'))).toEqual({
      description: "😀 ok",
    });
  });
});
