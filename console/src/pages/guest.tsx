import { useEffect } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { query } from "../api.ts";
import type { GuestRisk, GuestView, ListObject, Payment } from "../api-types.ts";
import { GuestLink, IdentifierLink, RiskFlags } from "../components/bits.tsx";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Pager } from "../components/pager.tsx";
import { PaymentTable } from "../components/payment-table.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { dateTime, money, plural } from "../format.ts";
import { canInvestigate, useSignedIn } from "../session.tsx";
import { useApi } from "../use-api.ts";

/**
 * The guest page: who the guest is (identifiers with first and last use), what they paid (timeline,
 * totals), and who they are tied to (registered customers, linked guests). A retired guest's id lands
 * here on the guest that holds it now, and says so.
 */
export function GuestPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSignedIn();
  const guest = useApi<GuestView>(`/v1/guests/${encodeURIComponent(id)}`);
  // Asked together with the view, not after it: the API lists a retired id's payments under the guest holding them now.
  const [params] = useSearchParams();
  const payments = useApi<ListObject<Payment>>(
    `/v1/guests/${encodeURIComponent(id)}/payments${query({
      limit: 25,
      starting_after: params.get("starting_after"),
      ending_before: params.get("ending_before"),
    })}`,
  );
  const redirectedFrom =
    (location.state as { redirectedFrom?: string } | null)?.redirectedFrom ??
    (guest.status === "done" ? guest.data.redirected_from : null);

  // The address shows the guest's current id, so that a copied link names the guest it shows.
  useEffect(() => {
    if (guest.status === "done" && guest.data.redirected_from && guest.data.id !== id) {
      navigate(`/guests/${encodeURIComponent(guest.data.id)}${location.search}`, {
        replace: true,
        state: { redirectedFrom: guest.data.redirected_from },
      });
    }
  }, [guest, id, navigate, location.search]);

  if (guest.status === "loading") return <Loading what="the guest" />;
  if (guest.status === "failed") return <ErrorState error={guest.error} what="guest" retry={guest.reload} />;
  const view = guest.data;

  return (
    <>
      {redirectedFrom ? (
        <p className="notice notice-info" role="status">
          Guest <span className="mono">{redirectedFrom}</span> was retired: a payment that arrived late moved
          its founding payment into this older guest, which holds it now.
        </p>
      ) : null}
      <header className="page-head">
        <div>
          <p className="eyebrow">Guest</p>
          <h1>{view.primary_email ?? view.primary_phone ?? view.id}</h1>
          <p className="mono muted">{view.id}</p>
        </div>
        <div className="head-actions">
          {canInvestigate(session) ? (
            <Link className="button" to={`/graph${query({ node: view.id })}`}>
              Open in link graph
            </Link>
          ) : null}
        </div>
      </header>

      <section aria-labelledby="summary" className="cards">
        <h2 id="summary" className="visually-hidden">
          Summary
        </h2>
        <dl className="stats">
          <div>
            <dt>Payments</dt>
            <dd>{view.payment_count.toLocaleString("en")}</dd>
          </div>
          <div>
            <dt>First payment</dt>
            <dd>{dateTime(view.first_payment)}</dd>
          </div>
          <div>
            <dt>Last payment</dt>
            <dd>{dateTime(view.last_payment)}</dd>
          </div>
          <div>
            <dt>Disputes</dt>
            <dd className={view.dispute_count > 0 ? "alert-text" : undefined}>{view.dispute_count}</dd>
          </div>
          <div>
            <dt>Refunded payments</dt>
            <dd>{view.refunded_payment_count}</dd>
          </div>
          <div>
            <dt>Risk signals</dt>
            <dd>
              <RiskFlags flags={view.risk_flags} />
            </dd>
          </div>
        </dl>
        <RiskFacts risk={(view as { risk?: GuestRisk }).risk} />
      </section>

      <section aria-labelledby="totals">
        <h2 id="totals">Totals per currency</h2>
        {view.totals.length === 0 ? (
          <p className="muted">No money moved.</p>
        ) : (
          <DataTable
            caption="Totals per currency"
            rows={view.totals}
            rowKey={(total) => total.currency}
            columns={[
              { header: "Currency", cell: (total) => total.currency.toUpperCase() },
              {
                header: "Spent (succeeded)",
                numeric: true,
                cell: (total) => money(total.spent, total.currency),
              },
              { header: "Refunded", numeric: true, cell: (total) => money(total.refunded, total.currency) },
            ]}
          />
        )}
      </section>

      <section aria-labelledby="identifiers">
        <h2 id="identifiers">Identifiers</h2>
        <DataTable
          caption="Emails, phones and cards the guest used"
          rows={view.identifiers}
          rowKey={(identifier) => `${identifier.type}:${identifier.value}`}
          columns={[
            { header: "Identifier", cell: (identifier) => <IdentifierCell identifier={identifier} /> },
            { header: "First used", cell: (identifier) => dateTime(identifier.first_seen) },
            { header: "Last used", cell: (identifier) => dateTime(identifier.last_seen) },
            {
              header: "Payments",
              numeric: true,
              cell: (identifier) => identifier.payment_count.toLocaleString("en"),
            },
          ]}
        />
      </section>

      <GuestPayments payments={payments} total={view.payment_count} />

      <section aria-labelledby="linked">
        <h2 id="linked">Linked guests</h2>
        {view.linked_guests.length === 0 ? (
          <p className="muted">No other guest used any of this guest's identifiers.</p>
        ) : (
          <DataTable
            caption="Other guests sharing an identifier with this one"
            rows={view.linked_guests}
            rowKey={(linked) => linked.guest}
            columns={[
              { header: "Guest", cell: (linked) => <GuestLink id={linked.guest} /> },
              ...sharingColumns,
            ]}
          />
        )}
      </section>

      <section aria-labelledby="customers">
        <h2 id="customers">Related registered customers</h2>
        {view.related_customers.length === 0 ? (
          <p className="muted">No registered customer used any of this guest's identifiers.</p>
        ) : (
          <DataTable
            caption="Registered customers sharing an identifier with this guest"
            rows={view.related_customers}
            rowKey={(customer) => customer.customer}
            columns={[
              { header: "Customer", className: "mono", cell: (customer) => customer.customer },
              ...sharingColumns,
            ]}
          />
        )}
      </section>
    </>
  );
}

type GuestIdentifier = GuestView["identifiers"][number];

/** An identifier the guest used: its link, and what is known of it (an unverified phone, a card's expiry). */
function IdentifierCell({ identifier }: { identifier: GuestIdentifier }) {
  return (
    <>
      <IdentifierLink type={identifier.type} value={identifier.value} card={identifier.card} />
      {identifier.type === "phone" && identifier.verified === false ? (
        <span className="muted small"> (not a valid number: kept as written)</span>
      ) : null}
      {identifier.card?.exp_month ? (
        <span className="muted small">
          {" "}
          exp. {String(identifier.card.exp_month).padStart(2, "0")}/{identifier.card.exp_year}
        </span>
      ) : null}
    </>
  );
}

/** A linked guest or related customer: the identifiers it shares with the guest, and its payments. */
type Sharing = GuestView["linked_guests"][number] | GuestView["related_customers"][number];

const sharingColumns: Column<Sharing>[] = [
  {
    header: "Shares",
    cell: (other) => (
      <ul className="inline-list">
        {other.identifiers.map((identifier) => (
          <li key={`${identifier.type}:${identifier.value}`}>
            <IdentifierLink type={identifier.type} value={identifier.value} />
          </li>
        ))}
      </ul>
    ),
  },
  { header: "Its payments using them", numeric: true, cell: (other) => other.shared_payment_count },
  { header: "Its payments", numeric: true, cell: (other) => other.payment_count },
];

/** The guest's whole payment history, newest first, paged in the URL. */
function GuestPayments({
  payments,
  total,
}: {
  payments: ReturnType<typeof useApi<ListObject<Payment>>>;
  total: number;
}) {
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">Payments</h2>
      <p className="muted">
        {plural(total, "payment")}, newest first. Failed attempts, refunds and disputes are marked.
      </p>
      {payments.status === "loading" ? <Loading what="payments" /> : null}
      {payments.status === "failed" ? (
        <ErrorState error={payments.error} what="payments" retry={payments.reload} />
      ) : null}
      {payments.status === "done" ? (
        payments.data.data.length === 0 ? (
          <Empty>
            <p>No payments on this page.</p>
          </Empty>
        ) : (
          <>
            <PaymentTable payments={payments.data.data} caption="The guest's payments, newest first" />
            <Pager list={payments.data} label="Payments" />
          </>
        )
      ) : null}
    </section>
  );
}

/** The guest's risk object: its score, its ring, how near a dispute is. */
function RiskFacts({ risk }: { risk: GuestRisk | undefined }) {
  if (!risk) return null;
  return (
    <p className="risk-line" data-testid="guest-risk">
      Risk score <strong>{risk.score}</strong> / 100.{" "}
      {risk.ring ? (
        <>
          In ring{" "}
          <Link to={`/rings/${encodeURIComponent(risk.ring)}`} className="mono">
            {risk.ring}
          </Link>{" "}
          ({plural(risk.ring_size, "guest")}).{" "}
        </>
      ) : (
        "In no ring. "
      )}
      {risk.dispute_distance === 0
        ? "It has a disputed payment itself."
        : risk.dispute_distance === null
          ? "No guest with a dispute is within reach."
          : `The nearest guest with a dispute is ${plural(risk.dispute_distance, "hop")} away.`}{" "}
      {risk.identifiers_shared_with_disputed_guests > 0
        ? `${plural(risk.identifiers_shared_with_disputed_guests, "identifier")} shared with disputed guests. `
        : ""}
      {risk.hub_identifiers > 0 ? `${plural(risk.hub_identifiers, "hub identifier")} used.` : ""}
    </p>
  );
}
