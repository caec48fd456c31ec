import { Link, useParams } from "react-router";
import { query } from "../api.ts";
import type { Payment } from "../api-types.ts";
import { GuestLink, IdentifierLink, PaymentBadges, PaymentLink } from "../components/bits.tsx";
import { ErrorState, Loading } from "../components/states.tsx";
import { ExplanationSentences } from "../explanation.tsx";
import { dateTime, money } from "../format.ts";
import { canInvestigate, useSignedIn } from "../session.tsx";
import { useApi } from "../use-api.ts";

/** The payment page: its fields, and (for investigators) why it belongs to its guest, in words. */
export function PaymentPage() {
  const { id = "" } = useParams();
  const session = useSignedIn();
  const payment = useApi<Payment>(`/v1/payments/${encodeURIComponent(id)}`);

  if (payment.status === "loading") return <Loading what="the payment" />;
  if (payment.status === "failed")
    return <ErrorState error={payment.error} what="payment" retry={payment.reload} />;
  const p = payment.data;

  return (
    <>
      <header className="page-head">
        <div>
          <p className="eyebrow">Payment</p>
          <h1>
            {money(p.amount, p.currency)} <PaymentBadges payment={p} />
          </h1>
          <p className="mono muted">{p.id}</p>
        </div>
        <div className="head-actions">
          {canInvestigate(session) ? (
            <Link className="button" to={`/graph${query({ node: p.id })}`}>
              Open in link graph
            </Link>
          ) : null}
        </div>
      </header>

      <section aria-labelledby="why">
        <h2 id="why">
          Why it belongs {p.guest ? "to this guest" : p.customer ? "to this customer" : "where it is"}
        </h2>
        {p.explanation ? (
          <ExplanationSentences explanation={p.explanation} payment={p} />
        ) : (
          <p className="notice notice-info">
            Explanations are shown to investigator and admin keys; this key's role is {session.info.role}.
          </p>
        )}
        {p.explanation && p.explanation.identifiers.length > 0 ? (
          <table className="compact">
            <caption>Each identifier's most recent earlier use</caption>
            <thead>
              <tr>
                <th scope="col">Identifier</th>
                <th scope="col">Earlier payment</th>
                <th scope="col">Its guest now</th>
              </tr>
            </thead>
            <tbody>
              {p.explanation.identifiers.map((identifier) => (
                <tr key={`${identifier.type}:${identifier.value}`}>
                  <th scope="row">
                    <IdentifierLink
                      type={identifier.type}
                      value={identifier.value}
                      card={p.card?.fingerprint === identifier.value ? p.card : undefined}
                    />
                  </th>
                  <td>
                    {identifier.previous_use ? (
                      <>
                        <PaymentLink id={identifier.previous_use.payment} />{" "}
                        <span className="muted">{dateTime(identifier.previous_use.created)}</span>
                      </>
                    ) : (
                      <span className="muted">none: first use</span>
                    )}
                  </td>
                  <td>
                    {identifier.previous_use?.guest ? (
                      <GuestLink id={identifier.previous_use.guest} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section aria-labelledby="fields">
        <h2 id="fields">Details</h2>
        <dl className="fields">
          <Field label="Created">{dateTime(p.created)}</Field>
          <Field label="Amount">{money(p.amount, p.currency)}</Field>
          <Field label="Status">{p.status}</Field>
          <Field label="Guest">{p.guest ? <GuestLink id={p.guest} /> : "—"}</Field>
          <Field label="Registered customer">{p.customer ?? "—"}</Field>
          <Field label="Refunded">
            {p.amount_refunded > 0
              ? `${money(p.amount_refunded, p.currency)}${p.refunded ? " (fully)" : ""}`
              : "no"}
          </Field>
          <Field label="Dispute">
            {p.dispute
              ? `${p.dispute.status.replaceAll("_", " ")}${p.dispute.reason ? ` (${p.dispute.reason.replaceAll("_", " ")})` : ""}`
              : "none"}
          </Field>
          <Field label="Billing name">{p.billing_details.name ?? "—"}</Field>
          <Field label="Billing country">{p.billing_details.address.country ?? "—"}</Field>
          <Field label="Card">
            {p.card
              ? `${p.card.brand ?? "card"} •••• ${p.card.last4 ?? "????"}${p.card.exp_month ? `, exp. ${String(p.card.exp_month).padStart(2, "0")}/${p.card.exp_year}` : ""}${p.card.country ? `, ${p.card.country}` : ""}`
              : "—"}
          </Field>
          <Field label="Description">{p.description ?? "—"}</Field>
          <Field label="Payment intent">{p.payment_intent ?? "—"}</Field>
          <Field label="Risk (Stripe)">
            {p.outcome
              ? `${p.outcome.risk_level ?? "unknown"}${p.outcome.risk_score !== null ? ` (score ${p.outcome.risk_score})` : ""}`
              : "—"}
          </Field>
          <Field label="Network">
            {p.outcome
              ? `${p.outcome.network_status ?? "—"}${p.outcome.seller_message ? `: ${p.outcome.seller_message}` : ""}`
              : "—"}
          </Field>
          <Field label="Mode">{p.livemode ? "live" : "test"}</Field>
        </dl>
      </section>

      <section aria-labelledby="used">
        <h2 id="used">Identifiers it used</h2>
        {p.identifiers.length === 0 ? (
          <p className="muted">No email, phone or card.</p>
        ) : (
          <ul className="plain">
            {p.identifiers.map((identifier) => (
              <li key={`${identifier.type}:${identifier.value}`}>
                <IdentifierLink
                  type={identifier.type}
                  value={identifier.value}
                  card={identifier.type === "card" ? (p.card ?? undefined) : undefined}
                />{" "}
                <span className="muted small">from {identifier.sources.join(", ")}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {Object.keys(p.metadata).length > 0 ? (
        <section aria-labelledby="metadata">
          <h2 id="metadata">Metadata</h2>
          <dl className="fields">
            {Object.entries(p.metadata).map(([name, value]) => (
              <Field key={name} label={name}>
                {value}
              </Field>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
