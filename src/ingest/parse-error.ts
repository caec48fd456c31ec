import type { z } from "zod";
import type { ParseError } from "./to-payment.ts";

/**
 * The first zod issue as a Stripe-style error: `param` is the field's path ("latest_charge.amount",
 * "charges.data[0].currency"), and the message says what was expected, never what was sent.
 */
export function toParseError(error: z.ZodError, input: unknown): ParseError {
  const issue = innermost(error.issues[0], [], input);
  if (!issue) return { param: "(payload)", code: "parameter_invalid", message: "Invalid payload." };

  if (issue.code === "unrecognized_keys") {
    const param = formatPath([...issue.path, issue.keys[0] ?? ""]);
    return {
      param,
      code: "parameter_unknown",
      message: `Unknown field: ${param}. The canonical payment accepts only its documented fields.`,
    };
  }
  const param = formatPath(issue.path);
  if (valueAt(input, issue.path) === undefined) {
    return { param, code: "parameter_missing", message: `Missing required param: ${param}.` };
  }
  // zod's own wording starts "Invalid input: …"; the param already says which input.
  const expected = issue.message.replace(/^Invalid input: /, "");
  return { param, code: "parameter_invalid", message: `Invalid ${param}: ${expected}.` };
}

type Issue = z.core.$ZodIssue;

/**
 * A union of "id or expanded object" reports one issue for the whole field; when an object was sent,
 * the object branch's own first issue (latest_charge.amount) says far more than "expected an id".
 */
function innermost(issue: Issue | undefined, prefix: PropertyKey[], input: unknown): Issue | undefined {
  if (!issue) return undefined;
  const path = [...prefix, ...issue.path];
  if (issue.code !== "invalid_union" || typeof valueAt(input, path) !== "object") return { ...issue, path };
  const objectBranch = issue.errors.find(
    (branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0),
  );
  return objectBranch?.[0] ? innermost(objectBranch[0], path, input) : { ...issue, path };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(payload)";
  return path
    .map((key, index) =>
      typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`,
    )
    .join("");
}
