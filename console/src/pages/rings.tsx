import { type FormEvent, useId } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api.ts";
import type { ListObject, Ring, RingIdentifier, RingView } from "../api-types.ts";
import { GuestLink, IdentifierLink, RiskFlags } from "../components/bits.tsx";
import { DataTable } from "../components/data-table.tsx";
import { Pager } from "../components/pager.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { dateTime, dayToSeconds, money, plural } from "../format.ts";
import { useApi } from "../use-api.ts";

/** The rings: groups of guests tied together by shared identifiers, highest risk score first. */
export function RingsPage() {
  const [params, setParams] = useSearchParams();
  const id = useId();
  const get = (name: string) => params.get(name) ?? "";
  const rings = useApi<ListObject<Ring>>(
    `/v1/rings${query({
      limit: 25,
      min_guests: get("min_guests"),
      has_dispute: get("has_dispute"),
      since: dayToSeconds(get("since"), false),
      starting_after: get("starting_after"),
      ending_before: get("ending_before"),
    })}`,
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim()) next.set(name, value.trim());
    }
    setParams(next);
  }

  return (
    <>
      <h1>Rings</h1>
      <p className="lede">
        Distinct guests tied together by shared emails, phones or cards (hub identifiers aside), highest risk
        score first.
      </p>
      <form className="filters" onSubmit={apply} aria-label="Filter rings" key={params.toString()}>
        <div className="field">
          <label htmlFor={`${id}-min`}>Guests at least</label>
          <input id={`${id}-min`} name="min_guests" type="number" min={2} defaultValue={get("min_guests")} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-dispute`}>Disputes</label>
          <select id={`${id}-dispute`} name="has_dispute" defaultValue={get("has_dispute")}>
            <option value="">Any</option>
            <option value="true">With a dispute</option>
            <option value="false">Without disputes</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-since`}>Active since</label>
          <input id={`${id}-since`} name="since" type="date" defaultValue={get("since")} />
        </div>
        <div className="actions">
          <button type="submit">Apply filters</button>
        </div>
      </form>
      {rings.status === "loading" ? <Loading what="rings" /> : null}
      {rings.status === "failed" ? (
        <ErrorState error={rings.error} what="ring list" retry={rings.reload} />
      ) : null}
      {rings.status === "done" ? (
        rings.data.data.length === 0 ? (
          <Empty>
            <p>
              No ring matches: no two guests share an email, phone or card
              {params.size > 0 ? " within these filters" : ""}.
            </p>
          </Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="rings">
                <caption>Rings, highest risk score first</caption>
                <thead>
                  <tr>
                    <th scope="col">Ring</th>
                    <th scope="col" className="num">
                      Score
                    </th>
                    <th scope="col">Signals</th>
                    <th scope="col" className="num">
                      Guests
                    </th>
                    <th scope="col" className="num">
                      Payments
                    </th>
                    <th scope="col" className="num">
                      Disputes
                    </th>
                    <th scope="col" className="num">
                      Failed
                    </th>
                    <th scope="col">Spent</th>
                    <th scope="col">Last payment</th>
                    <th scope="col">Graph</th>
                  </tr>
                </thead>
                <tbody>
                  {rings.data.data.map((ring) => (
                    <tr key={ring.id} className={ring.dispute_count > 0 ? "row-disputed" : undefined}>
                      <th scope="row">
                        <Link to={`/rings/${encodeURIComponent(ring.id)}`} className="mono">
                          {ring.id}
                        </Link>
                      </th>
                      <td className="num">
                        <Score value={ring.risk_score} />
                      </td>
                      <td>
                        <RiskFlags flags={ring.risk_flags} of="ring" />
                      </td>
                      <td className="num">
                        {ring.guest_count}
                        {ring.disputed_guest_count > 0 ? (
                          <span className="muted small"> ({ring.disputed_guest_count} disputed)</span>
                        ) : null}
                      </td>
                      <td className="num">{ring.payment_count.toLocaleString("en")}</td>
                      <td className="num">
                        {ring.dispute_count > 0 ? (
                          <span className="badge badge-dispute">{ring.dispute_count}</span>
                        ) : (
                          "0"
                        )}
                      </td>
                      <td className="num">{ring.failed_payment_count}</td>
                      <td>
                        <RingTotals ring={ring} />
                      </td>
                      <td>{dateTime(ring.last_payment)}</td>
                      <td>
                        <Link to={ringGraphPath(ring)}>
                          Open graph<span className="visually-hidden"> of {ring.id}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager list={rings.data} label="Rings" />
          </>
        )
      ) : null}
    </>
  );
}

/** A ring's graph: its founder's neighbourhood, with the identifiers that tie the ring expanded (when known). */
export function ringGraphPath(ring: Ring, identifiers: RingIdentifier[] = []): string {
  const search = new URLSearchParams({ node: ring.founder, depth: identifiers.length > 0 ? "1" : "2" });
  for (const identifier of identifiers.slice(0, 20))
    search.append("expand", `${identifier.type}:${identifier.value}`);
  return `/graph?${search}`;
}

function Score({ value }: { value: number }) {
  return (
    <span
      className={`score ${value >= 60 ? "score-high" : value >= 30 ? "score-medium" : "score-low"}`}
      title="Risk score, 0 to 100"
    >
      {value}
    </span>
  );
}

function RingTotals({ ring }: { ring: Ring }) {
  if (ring.totals.length === 0) return <span className="muted">—</span>;
  return (
    <span className="totals">
      {ring.totals.map((total) => (
        <span key={total.currency}>
          {money(total.spent, total.currency)}
          {total.disputed > 0 ? (
            <span className="muted"> ({money(total.disputed, total.currency)} disputed)</span>
          ) : null}
        </span>
      ))}
    </span>
  );
}

/** One ring: its score and signals, guests, the identifiers that tie them, the hubs they touched. */
export function RingPage() {
  const { id = "" } = useParams();
  const ring = useApi<RingView>(`/v1/rings/${encodeURIComponent(id)}`);
  if (ring.status === "loading") return <Loading what="the ring" />;
  if (ring.status === "failed") return <ErrorState error={ring.error} what="ring" retry={ring.reload} />;
  const view = ring.data;
  return (
    <>
      <header className="page-head">
        <div>
          <p className="eyebrow">Ring</p>
          <h1 className="mono">{view.id}</h1>
          <p>
            {plural(view.guest_count, "guest")} tied together, founded by <GuestLink id={view.founder} />.
          </p>
        </div>
        <div className="head-actions">
          <Link className="button" to={ringGraphPath(view, view.identifiers)}>
            Open the ring's graph
          </Link>
        </div>
      </header>
      <dl className="stats">
        <div>
          <dt>Risk score</dt>
          <dd>
            <Score value={view.risk_score} /> / 100
          </dd>
        </div>
        <div>
          <dt>Signals</dt>
          <dd>
            <RiskFlags flags={view.risk_flags} of="ring" />
          </dd>
        </div>
        <div>
          <dt>Payments</dt>
          <dd>{view.payment_count.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Disputes</dt>
          <dd className={view.dispute_count > 0 ? "alert-text" : undefined}>{view.dispute_count}</dd>
        </div>
        <div>
          <dt>Failed attempts</dt>
          <dd>{view.failed_payment_count}</dd>
        </div>
        <div>
          <dt>Refunded payments</dt>
          <dd>{view.refunded_payment_count}</dd>
        </div>
        <div>
          <dt>Active</dt>
          <dd className="small">
            {dateTime(view.first_payment)} – {dateTime(view.last_payment)}
          </dd>
        </div>
        <div>
          <dt>Money</dt>
          <dd className="small">
            <RingTotals ring={view} />
          </dd>
        </div>
      </dl>

      <section aria-labelledby="ring-guests">
        <h2 id="ring-guests">Guests</h2>
        <DataTable
          caption="The ring's guests, most recent activity first"
          rows={view.guests}
          rowKey={(guest) => guest.id}
          rowClassName={(guest) => (guest.dispute_count > 0 ? "row-disputed" : undefined)}
          columns={[
            { header: "Guest", cell: (guest) => <GuestLink id={guest.id} /> },
            { header: "Payments", numeric: true, cell: (guest) => guest.payment_count },
            { header: "Disputes", numeric: true, cell: (guest) => guest.dispute_count },
            { header: "Hops to a dispute", numeric: true, cell: (guest) => guest.dispute_distance ?? "—" },
            { header: "Last payment", cell: (guest) => dateTime(guest.last_payment) },
          ]}
        />
        {view.guests_truncated ? <p className="muted">The first {view.guests.length} guests.</p> : null}
      </section>

      <RingIdentifiers
        title="What ties them"
        list={view.identifiers}
        truncated={view.identifiers_truncated}
      />
      {view.hub_identifiers.length > 0 ? (
        <RingIdentifiers
          title="Hub identifiers they touched (shown, but they tie nothing together)"
          list={view.hub_identifiers}
          truncated={view.hub_identifiers_truncated}
        />
      ) : null}
    </>
  );
}

function RingIdentifiers({
  title,
  list,
  truncated,
}: {
  title: string;
  list: RingIdentifier[];
  truncated: boolean;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <DataTable
        rows={list}
        rowKey={(identifier) => `${identifier.type}:${identifier.value}`}
        columns={[
          {
            header: "Identifier",
            cell: (identifier) => <IdentifierLink type={identifier.type} value={identifier.value} />,
          },
          {
            header: "Ring guests using it",
            numeric: true,
            cell: (identifier) => identifier.ring_guest_count,
          },
          { header: "All guests using it", numeric: true, cell: (identifier) => identifier.guest_count },
        ]}
      />
      {truncated ? <p className="muted">The first {list.length}.</p> : null}
    </section>
  );
}
