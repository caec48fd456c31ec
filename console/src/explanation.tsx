import type { ReactNode } from "react";
import type { Explanation, Payment } from "./api-types.ts";
import { GuestLink, PaymentLink } from "./components/bits.tsx";
import { cardLabel, dateTime } from "./format.ts";

/**
 * A payment's explanation as sentences a support agent can read out: why it belongs where it is, which
 * identifiers matched which earlier payment, and which guests lost it and why — with links to each.
 */

type Ref = { type: "email" | "phone" | "card"; value: string };

function identifierWords(ref: Ref, payment: Payment): string {
  if (ref.type === "card") {
    const card = payment.card?.fingerprint === ref.value ? payment.card : null;
    return card?.last4 ? `the ${cardLabel(card)} card` : `the card with fingerprint ${ref.value}`;
  }
  return ref.type === "email" ? `the email ${ref.value}` : `the phone number ${ref.value}`;
}

/** "a, b and c" */
function list(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export function ExplanationSentences({
  explanation,
  payment,
}: {
  explanation: Explanation;
  payment: Payment;
}) {
  const words = (refs: Ref[]) => list(refs.map((ref) => identifierWords(ref, payment)));
  const sentences: ReactNode[] = [];

  if (explanation.decision === "registered_customer") {
    sentences.push(
      <>
        This payment was made by the registered customer <span className="mono">{payment.customer}</span>, so
        it belongs to that customer and is never grouped into a guest.
      </>,
    );
  } else if (explanation.decision === "founded_guest") {
    const all = explanation.identifiers;
    sentences.push(
      <>
        This payment started guest {explanation.guest ? <GuestLink id={explanation.guest} /> : "—"}:{" "}
        {all.length === 0
          ? "it carries no email, phone or card, so nothing could tie it to an earlier payment."
          : `no earlier guest payment had used ${words(all)}, so it became the first payment of a new guest.`}
      </>,
    );
  } else {
    const match = explanation.matched_payment;
    sentences.push(
      <>
        This payment joined guest {explanation.guest ? <GuestLink id={explanation.guest} /> : "—"} because it
        used {words(explanation.matched_on)}, as did payment {match ? <PaymentLink id={match.id} /> : "—"}
        {match ? ` on ${dateTime(match.created)}` : ""}: the most recent earlier payment to use any of its
        identifiers.
      </>,
    );
  }

  for (const lost of explanation.outranked_guests) {
    sentences.push(
      <>
        Guest <GuestLink id={lost.guest} /> had also used {words(lost.via)}, but less recently (last in
        payment <PaymentLink id={lost.latest_payment} /> on {dateTime(lost.latest_created)}), so the payment
        did not go to it.
      </>,
    );
  }

  if (explanation.decision === "joined_guest") {
    const fresh = explanation.identifiers.filter((identifier) => identifier.previous_use === null);
    if (fresh.length > 0) {
      sentences.push(<>It was the first payment to use {words(fresh)}.</>);
    }
  }

  return (
    <div className="explanation" data-testid="explanation">
      {sentences.map((sentence, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the sentences are built once per render in a fixed order
        <p key={index}>{sentence}</p>
      ))}
    </div>
  );
}
