/**
 * A parameter's name as a client wrote it, from the path zod reports. Query parameters come back in the
 * bracket form they were sent in (`last_payment[gte]`, `ids[0]`); a JSON body's fields in the form a
 * JSON client would write them (`data[3].amount`).
 */

export type ParamLocation = "query" | "body" | "path";

export function paramName(path: readonly PropertyKey[], location: ParamLocation): string | null {
  if (path.length === 0) return null;
  const [first, ...rest] = path.map((segment) =>
    typeof segment === "symbol" ? (segment.description ?? "") : segment,
  );
  let name = typeof first === "number" ? `[${first}]` : String(first);
  for (const segment of rest) {
    if (location !== "body" || typeof segment === "number") name += `[${segment}]`;
    else name += `.${segment}`;
  }
  return name;
}
