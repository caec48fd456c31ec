import type { Payment } from "../api-types.ts";
import { cardLabel, dateTime, money } from "../format.ts";
import { GuestLink, PaymentBadges, PaymentLink } from "./bits.tsx";

/** Payments as a timeline table: failed, refunded and disputed ones stand out at a glance. */
export function PaymentTable<P extends Payment>({
  payments,
  caption,
  matched,
  showGuest,
}: {
  payments: P[];
  caption: string;
  matched?: (payment: P) => string;
  showGuest?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="payments">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Payment</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">Email</th>
            <th scope="col">Card</th>
            {showGuest ? <th scope="col">Guest</th> : null}
            {matched ? <th scope="col">Matched on</th> : null}
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.id} className={`row-${payment.status}${payment.dispute ? " row-disputed" : ""}`}>
              <td>{dateTime(payment.created)}</td>
              <th scope="row">
                <PaymentLink id={payment.id} />
              </th>
              <td className="num">{money(payment.amount, payment.currency)}</td>
              <td>
                <PaymentBadges payment={payment} />
              </td>
              <td>
                {payment.identifiers.find((identifier) => identifier.type === "email")?.value ?? (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{payment.card ? cardLabel(payment.card) : <span className="muted">—</span>}</td>
              {showGuest ? (
                <td>
                  {payment.guest ? (
                    <GuestLink id={payment.guest} />
                  ) : (
                    <span className="muted">{payment.customer ?? "—"}</span>
                  )}
                </td>
              ) : null}
              {matched ? <td>{matched(payment)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
