import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api.ts";
import type { GuestListItem, IdentifierReport, IdentifierType, ListObject } from "../api-types.ts";
import { GuestLink } from "../components/bits.tsx";
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
        <table className="compact">
          <caption className="visually-hidden">Payments before {dateTime(r.velocity.as_of)}</caption>
          <thead>
            <tr>
              <th scope="col">Within</th>
              <th scope="col" className="num">
                Payments
              </th>
              <th scope="col" className="num">
                Failed
              </th>
            </tr>
          </thead>
          <tbody>
            {(["last_hour", "last_day", "last_week", "last_30_days"] as const).map((window) => (
              <tr key={window}>
                <th scope="row">{window.replace("last_", "the last ").replaceAll("_", " ")}</th>
                <td className="num">{r.velocity.payments[window]}</td>
                <td className="num">{r.velocity.failed_payments[window]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="users">
        <h2 id="users">Who used it</h2>
        <table className="compact">
          <caption className="visually-hidden">
            Guests and registered customers that used it, most recent use first
          </caption>
          <thead>
            <tr>
              <th scope="col">Guest or customer</th>
              <th scope="col" className="num">
                Payments
              </th>
              <th scope="col" className="num">
                Failed
              </th>
              <th scope="col" className="num">
                Disputed
              </th>
              <th scope="col">First used</th>
              <th scope="col">Last used</th>
            </tr>
          </thead>
          <tbody>
            {[...r.guests.data, ...r.customers.data].map((user) => (
              <tr key={user.id} className={user.disputed_payment_count > 0 ? "row-disputed" : undefined}>
                <th scope="row">
                  {user.type === "guest" ? (
                    <GuestLink id={user.id} />
                  ) : (
                    <span className="mono">{user.id}</span>
                  )}
                </th>
                <td className="num">{user.payment_count}</td>
                <td className="num">{user.failed_payment_count}</td>
                <td className="num">{user.disputed_payment_count}</td>
                <td>{dateTime(user.first_used)}</td>
                <td>{dateTime(user.last_used)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.guests.has_more || r.customers.has_more ? (
          <p className="muted">
            The 10 most recent guests and customers; the link graph shows up to 50 around it.
          </p>
        ) : null}
      </section>
      {r.activity.length > 0 ? (
        <section aria-labelledby="activity">
          <h2 id="activity">Activity per day</h2>
          <table className="compact">
            <caption className="visually-hidden">Payments per day, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">
                  Payments
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                <th scope="col" className="num">
                  Disputed
                </th>
                <th scope="col">Amounts</th>
              </tr>
            </thead>
            <tbody>
              {r.activity.slice(0, 30).map((day) => (
                <tr key={day.day} className={day.failed > 0 ? "row-failed" : undefined}>
                  <th scope="row">{date(day.day)}</th>
                  <td className="num">{day.payments}</td>
                  <td className="num">{day.failed}</td>
                  <td className="num">{day.disputed}</td>
                  <td>{day.amounts.map((amount) => money(amount.amount, amount.currency)).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

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
