import { disputeStatuses } from "../../domain/mutable-fields.ts";

/**
 * CSV rows into payments GuestGraph parses like any other (the canonical shape, `object: "payment"`):
 * Stripe Dashboard's "Payments" export, and GuestGraph's own canonical CSV. The columns read are listed
 * here and in the README ("guestgraph import"). Pure: a row in, a payment object or the reason out.
 */

export type CsvKind = "stripe-dashboard" | "canonical";

export class RowError extends Error {
  override name = "RowError";
  readonly param: string;
  constructor(param: string, message: string) {
    super(message);
    this.param = param;
  }
}

/** Stripe Dashboard → Payments → Export: the columns GuestGraph reads (others are ignored). */
export const dashboardColumns = [
  "id",
  "Created (UTC)",
  "Amount",
  "Amount Refunded",
  "Currency",
  "Status",
  "Description",
  "Seller Message",
  "Mode",
  "Customer ID",
  "Customer Email",
  "Customer Phone",
  "Card Fingerprint",
  "Card Brand",
  "Card Last4",
  "Card Exp Month",
  "Card Exp Year",
  "Card Issue Country",
  "Card Name",
  "Card Address Country",
  "Dispute Status",
  "Dispute Reason",
  "PaymentIntent ID",
] as const;

/** The canonical CSV: one column per field of the canonical payment, plus metadata.<key> columns. */
export const canonicalColumns = [
  "id",
  "created",
  "amount",
  "currency",
  "status",
  "livemode",
  "customer",
  "email",
  "emails",
  "phone",
  "card_fingerprint",
  "card_brand",
  "card_last4",
  "card_exp_month",
  "card_exp_year",
  "card_country",
  "billing_name",
  "billing_country",
  "description",
  "amount_refunded",
  "refunded",
  "dispute_status",
  "dispute_reason",
  "risk_level",
  "risk_score",
  "network_status",
  "seller_message",
  "outcome_type",
] as const;

export function csvKind(header: string[]): CsvKind | null {
  if (header.includes("Created (UTC)") && header.includes("id")) return "stripe-dashboard";
  if (header.includes("id") && header.includes("created") && header.includes("amount")) return "canonical";
  return null;
}

/** A canonical CSV's header must name only known columns: a misspelt one would silently lose data. */
export function unknownCanonicalColumn(header: string[]): string | null {
  const known = new Set<string>(canonicalColumns);
  return header.find((column) => !known.has(column) && !/^metadata\.[^.]{1,40}$/.test(column)) ?? null;
}

type Row = Record<string, string>;

const blank = (value: string | undefined) => value === undefined || value.trim() === "";
const cell = (row: Row, column: string): string | undefined =>
  blank(row[column]) ? undefined : row[column]?.trim();

export function dashboardPayment(row: Row): Record<string, unknown> {
  const currency = (cell(row, "Currency") ?? "").toLowerCase();
  const amount = minorUnits(cell(row, "Amount"), currency, "Amount");
  const refunded = cell(row, "Amount Refunded");
  const disputeStatus = cell(row, "Dispute Status");
  const metadata = Object.fromEntries(
    Object.entries(row)
      .filter(([column, value]) => column.endsWith(" (metadata)") && !blank(value))
      .map(([column, value]) => [column.slice(0, -" (metadata)".length), value]),
  );
  return pruned({
    object: "payment",
    id: cell(row, "id"),
    created: utcTimestamp(cell(row, "Created (UTC)")),
    amount,
    currency,
    status: dashboardStatus(cell(row, "Status")),
    livemode: cell(row, "Mode") ? cell(row, "Mode")?.toLowerCase() === "live" : undefined,
    customer: cell(row, "Customer ID"),
    email: cell(row, "Customer Email"),
    phone: cell(row, "Customer Phone"),
    description: cell(row, "Description"),
    card: prune({
      fingerprint: cell(row, "Card Fingerprint"),
      brand: cardBrand(cell(row, "Card Brand")),
      last4: cell(row, "Card Last4"),
      exp_month: integer(cell(row, "Card Exp Month")),
      exp_year: integer(cell(row, "Card Exp Year")),
      country: cell(row, "Card Issue Country"),
    }),
    billing: prune({ name: cell(row, "Card Name"), country: cell(row, "Card Address Country") }),
    refunds: refunded ? { amount_refunded: minorUnits(refunded, currency, "Amount Refunded") } : undefined,
    dispute: disputeStatus
      ? {
          status: dashboardDisputeStatus(disputeStatus),
          reason: cell(row, "Dispute Reason")?.toLowerCase().replace(/\s+/g, "_") ?? null,
        }
      : undefined,
    outcome: cell(row, "Seller Message") ? { seller_message: cell(row, "Seller Message") } : undefined,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
}

export function canonicalPayment(row: Row): Record<string, unknown> {
  const metadata = Object.fromEntries(
    Object.entries(row)
      .filter(([column, value]) => column.startsWith("metadata.") && !blank(value))
      .map(([column, value]) => [column.slice("metadata.".length), value]),
  );
  const refunded = cell(row, "refunded");
  return pruned({
    object: "payment",
    id: cell(row, "id"),
    created: integer(cell(row, "created")) ?? cell(row, "created"),
    amount: integer(cell(row, "amount")) ?? cell(row, "amount"),
    currency: cell(row, "currency"),
    status: cell(row, "status"),
    livemode: boolean(cell(row, "livemode"), "livemode"),
    customer: cell(row, "customer"),
    email: cell(row, "email"),
    emails: cell(row, "emails")
      ?.split(/[\s;]+/)
      .filter((email) => email !== ""),
    phone: cell(row, "phone"),
    description: cell(row, "description"),
    card: prune({
      fingerprint: cell(row, "card_fingerprint"),
      brand: cell(row, "card_brand"),
      last4: cell(row, "card_last4"),
      exp_month: integer(cell(row, "card_exp_month")) ?? cell(row, "card_exp_month"),
      exp_year: integer(cell(row, "card_exp_year")) ?? cell(row, "card_exp_year"),
      country: cell(row, "card_country"),
    }),
    billing: prune({ name: cell(row, "billing_name"), country: cell(row, "billing_country") }),
    refunds:
      cell(row, "amount_refunded") || refunded
        ? prune({
            amount_refunded: integer(cell(row, "amount_refunded")) ?? cell(row, "amount_refunded") ?? 0,
            refunded: boolean(refunded, "refunded"),
          })
        : undefined,
    dispute: cell(row, "dispute_status")
      ? { status: cell(row, "dispute_status"), reason: cell(row, "dispute_reason") ?? null }
      : undefined,
    outcome: prune({
      risk_level: cell(row, "risk_level"),
      risk_score: integer(cell(row, "risk_score")) ?? cell(row, "risk_score"),
      network_status: cell(row, "network_status"),
      seller_message: cell(row, "seller_message"),
      type: cell(row, "outcome_type"),
    }),
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
}

/** Stripe's currencies without minor units, and those with three decimals (https://docs.stripe.com/currencies). */
const zeroDecimal = new Set("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split(" "));
const threeDecimal = new Set("bhd jod kwd omr tnd".split(" "));

/** "10.99" in usd → 1099, "1,200" in jpy → 1200: exact, in strings (no floating point). */
export function minorUnits(value: string | undefined, currency: string, column: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.replace(/,/g, ""));
  if (!match) throw new RowError(column, `Invalid ${column}: expected an amount such as 10.99.`);
  const decimals = zeroDecimal.has(currency) ? 0 : threeDecimal.has(currency) ? 3 : 2;
  const fraction = (match[2] ?? "").padEnd(decimals, "0");
  if (fraction.length > decimals && /[1-9]/.test(fraction.slice(decimals))) {
    throw new RowError(column, `Invalid ${column}: more decimals than ${currency || "the currency"} has.`);
  }
  return Number(`${match[1]}${fraction.slice(0, decimals)}`);
}

/** "2024-03-18 21:22:19" or "2024-03-18 21:22" (UTC) → ISO 8601 with Z. */
function utcTimestamp(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z?$/.exec(value);
  if (!match)
    throw new RowError(
      "Created (UTC)",
      "Invalid Created (UTC): expected a time such as 2024-03-18 21:22:19.",
    );
  return `${match[1]}T${match[2]}${match[3] ?? ":00"}Z`;
}

function dashboardStatus(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const status = value.toLowerCase();
  if (["paid", "succeeded", "refunded", "partially refunded", "disputed", "captured"].includes(status))
    return "succeeded";
  if (["failed", "canceled", "cancelled", "blocked"].includes(status)) return "failed";
  if (["pending", "incomplete", "uncaptured", "processing", "requires_capture"].includes(status))
    return "pending";
  throw new RowError("Status", `Invalid Status: expected Paid, Refunded, Failed, Pending or the like.`);
}

function dashboardDisputeStatus(value: string): string {
  const status = value.toLowerCase().replace(/[\s-]+/g, "_");
  if ((disputeStatuses as readonly string[]).includes(status)) return status;
  throw new RowError(
    "Dispute Status",
    `Invalid Dispute Status: expected one of ${disputeStatuses.join(", ")}.`,
  );
}

const brands: Record<string, string> = {
  "american express": "amex",
  "diners club": "diners",
  mastercard: "mastercard",
  visa: "visa",
  discover: "discover",
  jcb: "jcb",
  unionpay: "unionpay",
};

function cardBrand(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return brands[value.toLowerCase()] ?? value.toLowerCase().replace(/\s+/g, "_");
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d{1,15}$/.test(value) ? Number(value) : undefined;
}

function boolean(value: string | undefined, column: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw new RowError(column, `Invalid ${column}: expected true or false.`);
}

function pruned(fields: Record<string, unknown>): Record<string, unknown> {
  return prune(fields) ?? {};
}

/** Leaves out what is not there, so that the canonical schema sees absent fields, not empty ones. */
function prune(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(fields).filter(([, value]) => value !== undefined);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
