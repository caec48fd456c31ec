import { useSearchParams } from "react-router";
import { query as queryString } from "../api.ts";
import type { SearchResult } from "../api-types.ts";
import { PaymentTable } from "../components/payment-table.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { searchMatchLabel } from "../format.ts";
import { useApi } from "../use-api.ts";
import { GuestTable } from "./customers.tsx";

/** Search results: guests and payments that match the query, best match first, each saying what matched. */
export function SearchPage() {
  const [params] = useSearchParams();
  const text = (params.get("query") ?? "").trim();
  const tooShort = text.length < 3;
  const result = useApi<SearchResult>(
    tooShort ? null : `/v1/search${queryString({ query: text, limit: 25 })}`,
  );

  return (
    <>
      <h1>Search results{text ? <> for “{text}”</> : null}</h1>
      {tooShort ? (
        <Empty>
          <p>
            Type at least 3 characters in the search box: an email or its start, a phone number, card last 4
            or fingerprint, a payment or guest id, or part of a billing name.
          </p>
        </Empty>
      ) : result.status === "loading" ? (
        <Loading what="search results" />
      ) : result.status === "failed" ? (
        <ErrorState error={result.error} what="search" retry={result.reload} />
      ) : result.data.guests.data.length === 0 && result.data.payments.data.length === 0 ? (
        <Empty>
          <p>
            Nothing matches “{text}”. Emails match exactly or by their start; phones in any spelling; names
            ignore case and accents.
          </p>
        </Empty>
      ) : (
        <>
          <section aria-labelledby="guest-results">
            <h2 id="guest-results">
              Guests{" "}
              <span className="count">
                {result.data.guests.data.length}
                {result.data.guests.has_more ? "+" : ""}
              </span>
            </h2>
            {result.data.guests.data.length === 0 ? (
              <p className="muted">No guest matches.</p>
            ) : (
              <GuestTable
                guests={result.data.guests.data}
                caption="Matching guests, best match first"
                matched={(guest) =>
                  searchMatchLabel[guest.matched_on as keyof typeof searchMatchLabel] ??
                  guest.matched_on ??
                  ""
                }
              />
            )}
          </section>
          <section aria-labelledby="payment-results">
            <h2 id="payment-results">
              Payments{" "}
              <span className="count">
                {result.data.payments.data.length}
                {result.data.payments.has_more ? "+" : ""}
              </span>
            </h2>
            {result.data.payments.data.length === 0 ? (
              <p className="muted">No payment matches.</p>
            ) : (
              <PaymentTable
                payments={result.data.payments.data}
                caption="Matching payments, best match first"
                matched={(payment) => searchMatchLabel[payment.matched_on]}
                showGuest
              />
            )}
          </section>
        </>
      )}
    </>
  );
}
