import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api.ts";
import type { GuestListItem, IdentifierReport, IdentifierType, ListObject } from "../api-types.ts";
import { GuestLink } from "../components/bits.tsx";
import { DataTable } from "../components/data-table.tsx";
import { Pager } from "../components/pager.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { cardLabel, date, dateTime, money } from "../format.ts";
import { canInvestigate, useSignedIn } from "../session.tsx";
import { useApi } from "../use-api.ts";
import { GuestTable } from "./customers.tsx";

const filterOf: Record<IdentifierType, string> = { email: "email", phone: "phone", card: "card_fingerprint" };
const typeName: Record<IdentifierType, string> = {
  email: "Email",
  phone: "Phone",
  card: "Card (fingerprint)",
};

/**
 * One email, phone or card. Investigators see its history (GET /v1/identifiers/:type/:value: counts,
 * velocity, activity per day, who used it); readers see the guests that used it (the Customers tab's filter).
 */
export function IdentifierPage() {
  const { type = "", value = "" } = useParams();
  const session = useSignedIn();
  const known = type === "email" || type === "phone" || type === "card";
  if (!known) {
    return (
      <Empty>
        <h1>No such kind of identifier</h1>
        <p>Identifiers are emails, phones and cards.</p>
      </Empty>
    );
  }
  return (
    <>
      <header className="page-head">
        <div>
          <p className="eyebrow">{typeName[type]}</p>
          <h1 className="mono">{value}</h1>
        </div>
        <div className="head-actions">
          {canInvestigate(session) ? (
            <Link className="button" to={`/graph${query({ node: `${type}:${value}` })}`}>
              Open in link graph
            </Link>
          ) : null}
        </div>
      </header>
      {canInvestigate(session) ? (
        <IdentifierHistory type={type} value={value} />
      ) : (
        <GuestsThatUsed type={type} value={value} />
      )}
    </>
  );
}

function IdentifierHistory({ type, value }: { type: IdentifierType; value: string }) {
  const report = useApi<IdentifierReport>(`/v1/identifiers/${type}/${encodeURIComponent(value)}`);
  if (report.status === "loading") return <Loading what="the identifier's history" />;
  if (report.status === "failed")
    return <ErrorState error={report.error} what="identifier" retry={report.reload} />;
  const r = report.data;
  return (
    <>
      {r.card ? (
        <p>
          {cardLabel({ ...r.card, fingerprint: r.value })}
          {r.card.exp_month ? `, exp. ${String(r.card.exp_month).padStart(2, "0")}/${r.card.exp_year}` : ""}
          {r.card.country ? `, ${r.card.country}` : ""}
        </p>
      ) : null}
      {r.truncated.any ? (
        <p className="notice notice-warning">
          A hub: these statistics come from its newest {r.truncated.payments.kept.toLocaleString("en")} of{" "}
          {r.truncated.payments.total.toLocaleString("en")} payments.
        </p>
      ) : null}
      <dl className="stats">
        <div>
          <dt>Payments</dt>
          <dd>{r.payment_count.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>First used</dt>
          <dd>{dateTime(r.first_used)}</dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd>{dateTime(r.last_used)}</dd>
        </div>
        <div>
          <dt>Guests / customers</dt>
          <dd>
            {r.counts.guests} / {r.counts.customers}
          </dd>
        </div>
        <div>
          <dt>Failed / disputed</dt>
          <dd
            className={r.counts.failed_payments + r.counts.disputed_payments > 0 ? "alert-text" : undefined}
          >
            {r.counts.failed_payments} / {r.counts.disputed_payments}
          </dd>
        </div>
        <div>
          <dt>Emails, phones, cards with it</dt>
          <dd>
            {r.counts.emails}, {r.counts.phones}, {r.counts.cards}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="velocity">
        <h2 id="velocity">Velocity</h2>
        <DataTable
          caption={`Payments before ${dateTime(r.velocity.as_of)}`}
          rows={velocityWindows}
          rowKey={(window) => window}
          columns={[
            { header: "Within", cell: (window) => window.replace("last_", "the last ").replaceAll("_", " ") },
            { header: "Payments", numeric: true, cell: (window) => r.velocity.payments[window] },
            { header: "Failed", numeric: true, cell: (window) => r.velocity.failed_payments[window] },
          ]}
        />
      </section>
      <section aria-labelledby="users">
        <h2 id="users">Who used it</h2>
        <DataTable
          caption="Guests and registered customers that used it, most recent use first"
          rows={[...r.guests.data, ...r.customers.data]}
          rowKey={(user) => user.id}
          rowClassName={(user) => (user.disputed_payment_count > 0 ? "row-disputed" : undefined)}
          columns={[
            {
              header: "Guest or customer",
              cell: (user) =>
                user.type === "guest" ? <GuestLink id={user.id} /> : <span className="mono">{user.id}</span>,
            },
            { header: "Payments", numeric: true, cell: (user) => user.payment_count },
            { header: "Failed", numeric: true, cell: (user) => user.failed_payment_count },
            { header: "Disputed", numeric: true, cell: (user) => user.disputed_payment_count },
            { header: "First used", cell: (user) => dateTime(user.first_used) },
            { header: "Last used", cell: (user) => dateTime(user.last_used) },
          ]}
        />
        {r.guests.has_more || r.customers.has_more ? (
          <p className="muted">
            The 10 most recent guests and customers; the link graph shows up to 50 around it.
          </p>
        ) : null}
      </section>
      {r.activity.length > 0 ? (
        <section aria-labelledby="activity">
          <h2 id="activity">Activity per day</h2>
          <DataTable
            caption="Payments per day, newest first"
            rows={r.activity.slice(0, 30)}
            rowKey={(day) => String(day.day)}
            rowClassName={(day) => (day.failed > 0 ? "row-failed" : undefined)}
            columns={[
              { header: "Day", cell: (day) => date(day.day) },
              { header: "Payments", numeric: true, cell: (day) => day.payments },
              { header: "Failed", numeric: true, cell: (day) => day.failed },
              { header: "Disputed", numeric: true, cell: (day) => day.disputed },
              {
                header: "Amounts",
                cell: (day) => day.amounts.map((amount) => money(amount.amount, amount.currency)).join(", "),
              },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}

const velocityWindows = ["last_hour", "last_day", "last_week", "last_30_days"] as const;

function GuestsThatUsed({ type, value }: { type: IdentifierType; value: string }) {
  const [params] = useSearchParams();
  const guests = useApi<ListObject<GuestListItem>>(
    `/v1/guests${query({
      [filterOf[type]]: value,
      limit: 50,
      starting_after: params.get("starting_after"),
      ending_before: params.get("ending_before"),
    })}`,
  );
  if (guests.status === "loading") return <Loading what="guests" />;
  if (guests.status === "failed")
    return <ErrorState error={guests.error} what="identifier" retry={guests.reload} />;
  if (guests.data.data.length === 0) {
    return (
      <Empty>
        <p>No guest used this {type}.</p>
      </Empty>
    );
  }
  return (
    <>
      <GuestTable
        guests={guests.data.data}
        caption={`Guests that used this ${type}, most recent activity first`}
      />
      <Pager list={guests.data} label="Guests" />
    </>
  );
}
