import { type FormEvent, useId } from "react";
import { Link, useSearchParams } from "react-router";
import { query } from "../api.ts";
import type { GuestListItem, ListObject } from "../api-types.ts";
import { GuestLink, RiskFlags, Totals } from "../components/bits.tsx";
import { Pager } from "../components/pager.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { cardLabel, dateTime, dayToSeconds } from "../format.ts";
import { guestFlagNames, riskDefinition } from "../risk.ts";
import { useApi } from "../use-api.ts";

/**
 * The Customers tab: GET /v1/guests with its filters and cursor paging, all of them in the page's URL.
 * The API lists guests by most recent activity, newest first (its one order); filters combine.
 */

const textFilters = [
  { name: "email", label: "Email", type: "email", placeholder: "jenny@example.com" },
  { name: "phone", label: "Phone", type: "tel", placeholder: "+1 415 555 0123" },
  { name: "card_last4", label: "Card last 4", type: "text", placeholder: "4242", pattern: "\\d{4}" },
  { name: "card_fingerprint", label: "Card fingerprint", type: "text", placeholder: "Xt5EWLLDS7FJjR1c" },
] as const;

const pageParams = ["starting_after", "ending_before"];

export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const formId = useId();
  const get = (name: string) => params.get(name) ?? "";

  const apiPath = `/v1/guests${query({
    limit: get("limit") || 25,
    email: get("email"),
    phone: get("phone"),
    card_last4: get("card_last4"),
    card_fingerprint: get("card_fingerprint"),
    has_dispute: get("has_dispute"),
    has_refund: get("has_refund"),
    "last_payment[gte]": dayToSeconds(get("from"), false),
    "last_payment[lte]": dayToSeconds(get("to"), true),
    "risk_score[gte]": get("min_risk"),
    risk_flag: get("risk_flag"),
    starting_after: get("starting_after"),
    ending_before: get("ending_before"),
  })}`;
  const guests = useApi<ListObject<GuestListItem>>(apiPath);

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const [name, value] of form) {
      if (typeof value === "string" && value.trim() !== "" && !pageParams.includes(name))
        next.set(name, value.trim());
    }
    setParams(next);
  }

  const filtered = [...params.keys()].some((name) => !pageParams.includes(name) && name !== "limit");

  return (
    <>
      <h1>Customers</h1>
      <p className="lede">
        Guest customers: payments grouped by the email, phone or card they share. Most recent activity first.
      </p>
      <form className="filters" onSubmit={applyFilters} aria-label="Filter guests" key={params.toString()}>
        {textFilters.map((filter) => (
          <div className="field" key={filter.name}>
            <label htmlFor={`${formId}-${filter.name}`}>{filter.label}</label>
            <input
              id={`${formId}-${filter.name}`}
              name={filter.name}
              type={filter.type}
              placeholder={filter.placeholder}
              defaultValue={get(filter.name)}
              {...("pattern" in filter ? { pattern: filter.pattern, inputMode: "numeric" as const } : {})}
            />
          </div>
        ))}
        <YesNo
          id={`${formId}-dispute`}
          name="has_dispute"
          label="Disputes"
          value={get("has_dispute")}
          yes="With a dispute"
          no="Without disputes"
        />
        <YesNo
          id={`${formId}-refund`}
          name="has_refund"
          label="Refunds"
          value={get("has_refund")}
          yes="With a refund"
          no="Without refunds"
        />
        <div className="field">
          <label htmlFor={`${formId}-from`}>Last payment from</label>
          <input id={`${formId}-from`} name="from" type="date" defaultValue={get("from")} />
        </div>
        <div className="field">
          <label htmlFor={`${formId}-to`}>Last payment until</label>
          <input id={`${formId}-to`} name="to" type="date" defaultValue={get("to")} />
        </div>
        <div className="field">
          <label htmlFor={`${formId}-min-risk`}>Minimum risk score</label>
          <input
            id={`${formId}-min-risk`}
            name="min_risk"
            type="number"
            min={0}
            max={100}
            step={1}
            inputMode="numeric"
            placeholder="0–100"
            aria-describedby={`${formId}-min-risk-hint`}
            defaultValue={get("min_risk")}
          />
          <span id={`${formId}-min-risk-hint`} className="visually-hidden">
            Guests whose risk score is at least this, from 0 to 100
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${formId}-risk-flag`}>Risk flag</label>
          <select id={`${formId}-risk-flag`} name="risk_flag" defaultValue={get("risk_flag")}>
            <option value="">Any</option>
            {guestFlagNames.map((flag) => (
              <option key={flag} value={flag} title={riskDefinition(flag)}>
                {flag.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${formId}-limit`}>Per page</label>
          <select id={`${formId}-limit`} name="limit" defaultValue={get("limit") || "25"}>
            {["10", "25", "50", "100"].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit">Apply filters</button>
          {filtered ? <Link to="/customers">Clear filters</Link> : null}
        </div>
      </form>

      {guests.status === "loading" ? <Loading what="guests" /> : null}
      {guests.status === "failed" ? (
        <ErrorState error={guests.error} what="guest list" retry={guests.reload} />
      ) : null}
      {guests.status === "done" ? (
        guests.data.data.length === 0 ? (
          <Empty>
            <p>
              {filtered
                ? "No guest matches these filters."
                : "This account has no guests yet: send payments to POST /v1/payments."}
            </p>
          </Empty>
        ) : (
          <>
            <GuestTable guests={guests.data.data} caption="Guests, most recent activity first" />
            <Pager list={guests.data} label="Guest list" />
          </>
        )
      ) : null}
    </>
  );
}

function YesNo(props: { id: string; name: string; label: string; value: string; yes: string; no: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value}>
        <option value="">Any</option>
        <option value="true">{props.yes}</option>
        <option value="false">{props.no}</option>
      </select>
    </div>
  );
}

export function GuestTable({
  guests,
  caption,
  matched,
}: {
  guests: (GuestListItem & { matched_on?: string })[];
  caption: string;
  matched?: (guest: GuestListItem & { matched_on?: string }) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="guests">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Guest</th>
            <th scope="col">Phone</th>
            <th scope="col">Card</th>
            <th scope="col" className="num">
              Payments
            </th>
            <th scope="col">Spent</th>
            <th scope="col" className="num">
              Disputes
            </th>
            <th scope="col">Last payment</th>
            <th scope="col">Risk</th>
            {matched ? <th scope="col">Matched on</th> : null}
          </tr>
        </thead>
        <tbody>
          {guests.map((guest) => (
            <tr key={guest.id} className={guest.dispute_count > 0 ? "row-disputed" : undefined}>
              <th scope="row">
                <GuestLink id={guest.id}>{guest.primary_email ?? guest.id}</GuestLink>
                {guest.primary_email ? <div className="muted mono small">{guest.id}</div> : null}
              </th>
              <td>{guest.primary_phone ?? <span className="muted">—</span>}</td>
              <td>{guest.primary_card ? cardLabel(guest.primary_card) : <span className="muted">—</span>}</td>
              <td className="num">{guest.payment_count.toLocaleString("en")}</td>
              <td>
                <Totals totals={guest.totals} />
              </td>
              <td className="num">
                {guest.dispute_count > 0 ? (
                  <span className="badge badge-dispute">{guest.dispute_count}</span>
                ) : (
                  "0"
                )}
              </td>
              <td>{dateTime(guest.last_payment)}</td>
              <td>
                {(guest as { risk?: { score: number } }).risk ? (
                  <span className="muted small">
                    score {(guest as { risk?: { score: number } }).risk?.score}{" "}
                  </span>
                ) : null}
                <RiskFlags flags={guest.risk_flags} />
              </td>
              {matched ? <td>{matched(guest)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
