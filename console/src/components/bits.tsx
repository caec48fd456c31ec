import { useId } from "react";
import { Link } from "react-router";
import type { GuestListItem, IdentifierType, Payment } from "../api-types.ts";
import { cardLabel, money } from "../format.ts";
import { riskDefinition } from "../risk.ts";

/** A short label with a longer text shown on hover and on keyboard focus (and read by screen readers). */
export function Tip({ label, text, className }: { label: string; text: string; className?: string }) {
  const id = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so that keyboard users can read the definition too
    <span className={`tip ${className ?? ""}`} tabIndex={0} aria-describedby={id}>
      {label}
      <span role="tooltip" id={id} className="tip-text">
        {text}
      </span>
    </span>
  );
}

export function RiskFlags({ flags, of = "guest" }: { flags: readonly string[]; of?: "guest" | "ring" }) {
  if (flags.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="flags" aria-label="Risk signals">
      {flags.map((flag) => (
        <li key={flag}>
          <Tip
            label={flag.replaceAll("_", " ")}
            text={riskDefinition(flag, of)}
            className="badge badge-risk"
          />
        </li>
      ))}
    </ul>
  );
}

export function Totals({ totals }: { totals: GuestListItem["totals"] }) {
  if (totals.length === 0) return <span className="muted">—</span>;
  return (
    <span className="totals">
      {totals.map((total) => (
        <span key={total.currency}>
          {money(total.spent, total.currency)}
          {total.refunded > 0 ? (
            <span className="muted"> ({money(total.refunded, total.currency)} refunded)</span>
          ) : null}
        </span>
      ))}
    </span>
  );
}

/** Status, refund and dispute of a payment as badges: what an investigator scans a timeline for. */
export function PaymentBadges({
  payment,
}: {
  payment: Pick<Payment, "status" | "refunded" | "amount_refunded" | "dispute">;
}) {
  return (
    <span className="badges">
      <span className={`badge badge-${payment.status}`}>{payment.status}</span>
      {payment.amount_refunded > 0 ? (
        <span className="badge badge-refund">{payment.refunded ? "refunded" : "partially refunded"}</span>
      ) : null}
      {payment.dispute ? (
        <span className="badge badge-dispute">disputed: {payment.dispute.status.replaceAll("_", " ")}</span>
      ) : null}
    </span>
  );
}

export function GuestLink({ id, children }: { id: string; children?: React.ReactNode }) {
  return (
    <Link to={`/guests/${encodeURIComponent(id)}`} className="mono">
      {children ?? id}
    </Link>
  );
}

export function PaymentLink({ id, children }: { id: string; children?: React.ReactNode }) {
  return (
    <Link to={`/payments/${encodeURIComponent(id)}`} className="mono">
      {children ?? id}
    </Link>
  );
}

/** An identifier, linking to everything that used it (the identifier page). */
export function IdentifierLink({
  type,
  value,
  card,
}: {
  type: IdentifierType;
  value: string;
  card?: { brand?: string | null; last4?: string | null } | undefined;
}) {
  const text = type === "card" ? cardLabel({ ...card, fingerprint: value }) : value;
  return (
    <Link to={`/identifiers/${type}/${encodeURIComponent(value)}`} className="identifier">
      <span className={`kind kind-${type}`}>{type}</span> {text}
    </Link>
  );
}
