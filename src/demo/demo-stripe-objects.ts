import type { PhoneNumber } from "libphonenumber-js/max";
import type { DemoEmail, PlannedPayment } from "./demo-plan.ts";
import type { DemoRandom } from "./demo-random.ts";

/**
 * A planned payment as the copies Stripe sends of it over its life (pending, settled, refunded,
 * disputed, dispute closed), each a full Charge — or, for the first one, a PaymentIntent with its
 * charge expanded — carrying the state at that moment, the way webhooks and the API hand them out.
 */

export interface StripeCopy {
  /** When the state this copy carries came about (unix seconds). */
  at: number;
  object: Record<string, unknown>;
}

/** The state a payment ends in, from the copies that exist by the end of the demo's window. */
export interface FinalState {
  status: PlannedPayment["status"];
  amountRefunded: number;
  dispute: string | null;
}

interface ChargeState {
  status: PlannedPayment["status"];
  amountRefunded: number;
  dispute: { status: string; reason: string; created: number } | null;
  at: number;
}

export function stripeCopies(
  random: DemoRandom,
  planned: PlannedPayment,
  end: number,
): { copies: StripeCopy[]; final: FinalState } {
  const written = writtenDetails(random, planned);
  const states: ChargeState[] = [];
  let settledAt = planned.created;
  if (planned.pendingFirst) {
    states.push({ status: "pending", amountRefunded: 0, dispute: null, at: planned.created });
    settledAt += random.int(30, 7200);
  }
  let state: ChargeState = { status: planned.status, amountRefunded: 0, dispute: null, at: settledAt };
  states.push(state);
  const later: ChargeState[] = [];
  if (planned.refund) later.push({ ...state, amountRefunded: planned.refund.amount, at: planned.refund.at });
  if (planned.dispute) {
    const { opened, closed, reason, status } = planned.dispute;
    later.push({ ...state, dispute: { status: "needs_response", reason, created: opened }, at: opened });
    if (status !== "needs_response" && closed !== null) {
      later.push({ ...state, dispute: { status, reason, created: opened }, at: closed });
    }
  }
  // Each later event's copy carries everything that happened before it too.
  for (const event of later.sort((a, b) => a.at - b.at)) {
    state = {
      ...state,
      amountRefunded: Math.max(state.amountRefunded, event.amountRefunded),
      dispute: event.dispute ?? state.dispute,
      at: event.at,
    };
    states.push(state);
  }
  const happened = states.filter((copy) => copy.at <= end);
  const copies = happened.map((copyState, index) => {
    const charge = chargeObject(planned, copyState, written);
    const object = index === 0 && planned.asPaymentIntent ? paymentIntentObject(planned, charge) : charge;
    return { at: copyState.at, object };
  });
  const last = happened.at(-1) as ChargeState;
  return {
    copies,
    final: {
      status: last.status,
      amountRefunded: last.amountRefunded,
      dispute: last.dispute?.status ?? null,
    },
  };
}

interface Written {
  email: string | null;
  phone: string | null;
  address: Record<string, string | null>;
  paymentIntent: string;
  paymentMethod: string;
}

/** How the payer typed their details this time: case, stray spaces, and every way of writing a phone number. */
function writtenDetails(random: DemoRandom, planned: PlannedPayment): Written {
  const faker = planned.person.country.faker;
  return {
    email: planned.email ? writtenEmail(random, planned.email) : null,
    phone: planned.phone ? writtenPhone(random, planned.phone, planned.person.country.code) : null,
    address: {
      city: faker.location.city(),
      country: planned.person.country.code,
      line1: faker.location.streetAddress(),
      line2: null,
      postal_code: faker.location.zipCode(),
      state: planned.person.country.code === "US" ? faker.location.state({ abbreviated: true }) : null,
    },
    paymentIntent: random.id("pi_3"),
    paymentMethod: random.id("pm_1"),
  };
}

function writtenEmail(random: DemoRandom, email: DemoEmail): string {
  const address = email.address;
  switch (
    random.faker.helpers.weightedArrayElement([
      { value: "as-is", weight: 70 },
      { value: "capitalised", weight: 12 },
      { value: "upper", weight: 6 },
      { value: "spaced", weight: 12 },
    ])
  ) {
    case "capitalised":
      return address.replace(
        /(^|[._@])([a-z])/g,
        (_, before: string, letter: string) => before + letter.toUpperCase(),
      );
    case "upper":
      return address.toUpperCase();
    case "spaced":
      return ` ${address} `;
    default:
      return address;
  }
}

function writtenPhone(random: DemoRandom, phone: PhoneNumber, billingCountry: string): string {
  const international = [
    phone.number,
    phone.formatInternational(),
    `00${phone.countryCallingCode} ${phone.formatNational().replace(/^0/, "")}`,
  ];
  // A national spelling is read in the billing country's numbering plan, so only a local number is written that way.
  const national =
    phone.country === billingCountry
      ? [phone.formatNational(), phone.formatNational().replace(/\D/g, "")]
      : [];
  return random.pick([...international, ...national, ...national]);
}

function chargeObject(
  planned: PlannedPayment,
  state: ChargeState,
  written: Written,
): Record<string, unknown> {
  const settled = state.status !== "pending";
  const succeeded = state.status === "succeeded";
  const card = planned.card;
  const score = Number.parseInt(planned.id.slice(-2), 36) % 40;
  return {
    id: planned.id,
    object: "charge",
    amount: planned.amount,
    amount_captured: succeeded ? planned.amount : 0,
    amount_refunded: state.amountRefunded,
    balance_transaction: succeeded ? `txn_${planned.id.slice(4)}` : null,
    billing_details: {
      address: written.address,
      email: planned.emailAt === "billing" ? written.email : null,
      name: planned.person.name,
      phone: written.phone,
    },
    calculated_statement_descriptor: "GUESTGRAPH DEMO",
    captured: succeeded,
    created: planned.created,
    currency: planned.currency,
    customer: planned.customer,
    description:
      planned.description ??
      (planned.emailAt === "description" && written.email
        ? `Order for ${planned.person.name}, send the receipt to ${written.email.trim()}`
        : null),
    disputed: state.dispute !== null,
    dispute: state.dispute
      ? {
          id: `dp_${planned.id.slice(4)}`,
          object: "dispute",
          amount: planned.amount,
          charge: planned.id,
          created: state.dispute.created,
          currency: planned.currency,
          reason: state.dispute.reason,
          status: state.dispute.status,
        }
      : null,
    failure_code: state.status === "failed" ? "card_declined" : null,
    failure_message: state.status === "failed" ? "Your card was declined." : null,
    livemode: false,
    metadata: {},
    outcome: settled
      ? {
          network_status: succeeded ? "approved_by_network" : "declined_by_network",
          reason: succeeded ? null : "generic_decline",
          risk_level: planned.risk,
          risk_score:
            planned.risk === "normal"
              ? 3 + score
              : planned.risk === "elevated"
                ? 66 + (score % 10)
                : 76 + (score % 23),
          seller_message: succeeded
            ? "Payment complete."
            : "The bank did not return any further details with this decline.",
          type: succeeded ? "authorized" : "issuer_declined",
        }
      : null,
    paid: succeeded,
    payment_intent: written.paymentIntent,
    payment_method: written.paymentMethod,
    payment_method_details: {
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: "pass", cvc_check: "pass" },
        country: card.country,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        fingerprint: card.fingerprint,
        funding: "credit",
        last4: card.last4,
        network: card.brand,
      },
      type: "card",
    },
    receipt_email: planned.emailAt === "receipt" ? written.email : null,
    refunded: state.amountRefunded >= planned.amount,
    status: state.status,
  };
}

function paymentIntentObject(
  planned: PlannedPayment,
  charge: Record<string, unknown>,
): Record<string, unknown> {
  const status = { pending: "processing", succeeded: "succeeded", failed: "requires_payment_method" }[
    charge.status as PlannedPayment["status"]
  ];
  return {
    id: charge.payment_intent,
    object: "payment_intent",
    amount: planned.amount,
    amount_received: charge.status === "succeeded" ? planned.amount : 0,
    created: planned.created,
    currency: planned.currency,
    customer: planned.customer,
    description: charge.description,
    last_payment_error: charge.status === "failed" ? { code: "card_declined", type: "card_error" } : null,
    latest_charge: charge,
    livemode: false,
    metadata: {},
    payment_method: charge.payment_method,
    receipt_email: charge.receipt_email,
    status,
  };
}
