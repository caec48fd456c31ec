import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api.ts";
import type { GuestListItem, IdentifierType, ListObject } from "../api-types.ts";
import { Pager } from "../components/pager.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { canInvestigate, useSignedIn } from "../session.tsx";
import { useApi } from "../use-api.ts";
import { GuestTable } from "./customers.tsx";

const filterOf: Record<IdentifierType, string> = { email: "email", phone: "phone", card: "card_fingerprint" };

/** One email, phone or card: every guest that used it (the Customers tab's identifier filter). */
export function IdentifierPage() {
  const { type = "", value = "" } = useParams();
  const [params] = useSearchParams();
  const session = useSignedIn();
  const known = type === "email" || type === "phone" || type === "card";
  const guests = useApi<ListObject<GuestListItem>>(
    known
      ? `/v1/guests${query({
          [filterOf[type]]: value,
          limit: 50,
          starting_after: params.get("starting_after"),
          ending_before: params.get("ending_before"),
        })}`
      : null,
  );
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
          <p className="eyebrow">
            {type === "card" ? "Card (fingerprint)" : type === "email" ? "Email" : "Phone"}
          </p>
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
      {guests.status === "loading" ? <Loading what="guests" /> : null}
      {guests.status === "failed" ? (
        <ErrorState error={guests.error} what="identifier" retry={guests.reload} />
      ) : null}
      {guests.status === "done" ? (
        guests.data.data.length === 0 ? (
          <Empty>
            <p>No guest used this {type}.</p>
          </Empty>
        ) : (
          <>
            <GuestTable
              guests={guests.data.data}
              caption={`Guests that used this ${type}, most recent activity first`}
            />
            <Pager list={guests.data} label="Guests" />
          </>
        )
      ) : null}
    </>
  );
}
