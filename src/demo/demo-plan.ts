import type { PhoneNumber } from "libphonenumber-js/max";
import type { Country, DemoRandom } from "./demo-random.ts";

/**
 * What the demo account is made of before it becomes Stripe objects: people, their identifiers, and
 * the payments they make. Each planted group (a person, a household, a ring member, …) is built so that
 * the guest rule puts exactly its guest payments in one guest, which is what makes the ground truth
 * exact: groups never share an identifier by chance, and every payment of a group after its first shares
 * an identifier with an earlier payment of the group that is used more recently than by anyone else.
 */

export type GroupKind =
  | "honest"
  | "family"
  | "registered_customer"
  | "card_testing"
  | "high_velocity_email"
  | "ring_member"
  | "hub_phone_user";

export interface DemoCard {
  fingerprint: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  country: string;
}

export interface DemoEmail {
  /** As GuestGraph stores it: trimmed, lower-case. */
  address: string;
}

export interface Person {
  name: string;
  country: Country;
  emails: DemoEmail[];
  phones: PhoneNumber[];
  cards: DemoCard[];
}

export interface PlannedPayment {
  id: string;
  created: number;
  group: Group;
  person: Person;
  amount: number;
  currency: string;
  status: "succeeded" | "failed" | "pending";
  email: DemoEmail | null;
  /** Where the payer typed the email: Stripe's billing email, the receipt email, or inside the description. */
  emailAt: "billing" | "receipt" | "description";
  phone: PhoneNumber | null;
  card: DemoCard;
  customer: string | null;
  description: string | null;
  risk: "normal" | "elevated" | "highest";
  refund: { amount: number; at: number } | null;
  dispute: { reason: string; opened: number; status: string; closed: number | null } | null;
  /** Sent first as a PaymentIntent with its charge expanded, as payment_intent.* webhooks carry it. */
  asPaymentIntent: boolean;
  /** Seen as pending before it settled (charge.pending, then charge.succeeded). */
  pendingFirst: boolean;
}

export interface Group {
  kind: GroupKind;
  /** A short label for people reading the ground truth ("Lena Weber", "the Okafor household"). */
  label: string;
  people: Person[];
  payments: PlannedPayment[];
  customer: string | null;
}

const day = 86_400;

const brands = [
  { value: "visa", weight: 55 },
  { value: "mastercard", weight: 30 },
  { value: "amex", weight: 10 },
  { value: "discover", weight: 5 },
];

export function newCard(random: DemoRandom, country: Country): DemoCard {
  return {
    fingerprint: random.fingerprint(),
    brand: random.faker.helpers.weightedArrayElement(brands),
    last4: random.faker.string.numeric(4),
    expMonth: random.int(1, 12),
    expYear: random.int(2027, 2032),
    country: country.code,
  };
}

/** An address built from the person's name, the way people pick them (never seen before in the account). */
export function newEmail(random: DemoRandom, first: string, last: string, country: Country): DemoEmail {
  const slug = (text: string) =>
    text
      .normalize("NFKD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase() || "x";
  const address = random.unique(() => {
    const separator = random.pick([".", "", "_", "."]);
    const suffix = random.chance(0.45) ? String(random.int(1, 99)) : "";
    const local = random.chance(0.2)
      ? `${slug(first)[0]}${slug(last)}${suffix}`
      : `${slug(first)}${separator}${slug(last)}${suffix}`;
    return `${local}@${random.pick(country.emailDomains)}`;
  });
  return { address };
}

export function newPerson(random: DemoRandom, country = random.country(), last?: string): Person {
  const first = country.faker.person.firstName();
  const family = last ?? country.faker.person.lastName();
  return {
    name: `${first} ${family}`,
    country,
    emails: [newEmail(random, first, family, country)],
    phones: [],
    cards: [newCard(random, country)],
  };
}

/** Amount in minor units, typical of a shop: mostly small baskets, a long tail of big ones. */
export function basketAmount(random: DemoRandom): number {
  const major = random.chance(0.85) ? random.int(8, 120) : random.int(120, 900);
  return major * 100 + random.pick([0, 0, 49, 50, 95, 99]);
}

/** `count` distinct, increasing times in [from, to]. */
export function timesBetween(random: DemoRandom, count: number, from: number, to: number): number[] {
  const times = Array.from({ length: count }, () => random.int(from, to)).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) {
    if ((times[i] as number) <= (times[i - 1] as number)) times[i] = (times[i - 1] as number) + 1;
  }
  return times;
}

/** A payment with the everyday defaults; builders override what makes theirs special. */
export function payment(
  random: DemoRandom,
  group: Group,
  person: Person,
  fields: Pick<PlannedPayment, "created" | "card"> & Partial<PlannedPayment>,
): PlannedPayment {
  const declined = random.chance(0.04);
  const planned: PlannedPayment = {
    id: random.id("ch_3"),
    group,
    person,
    amount: basketAmount(random),
    currency: person.country.currency,
    status: declined ? "failed" : "succeeded",
    email: null,
    emailAt: random.faker.helpers.weightedArrayElement([
      { value: "billing", weight: 75 },
      { value: "receipt", weight: 17 },
      { value: "description", weight: 8 },
    ]),
    phone: null,
    customer: group.customer,
    description: null,
    risk: "normal",
    refund: null,
    dispute: null,
    asPaymentIntent: random.chance(0.25),
    pendingFirst: random.chance(0.12),
    ...fields,
  };
  // Only money that moved can be refunded or disputed.
  if (planned.status !== "succeeded") {
    planned.refund = null;
    planned.dispute = null;
  }
  if (planned.status === "succeeded" && !("refund" in fields) && random.chance(0.05)) {
    const full = random.chance(0.6);
    planned.refund = {
      amount: full ? planned.amount : Math.max(100, Math.round(planned.amount * 0.3)),
      at: planned.created + random.int(2 * 3600, 20 * day),
    };
  }
  if (planned.status === "succeeded" && !("dispute" in fields) && random.chance(0.008)) {
    planned.dispute = everydayDispute(random, planned.created);
  }
  group.payments.push(planned);
  return planned;
}

function everydayDispute(random: DemoRandom, created: number): NonNullable<PlannedPayment["dispute"]> {
  const opened = created + random.int(5 * day, 40 * day);
  return {
    reason: random.pick([
      "product_not_received",
      "duplicate",
      "subscription_canceled",
      "product_unacceptable",
    ]),
    opened,
    status: random.pick(["won", "lost", "under_review", "needs_response"]),
    closed: opened + random.int(7 * day, 30 * day),
  };
}

export function fraudDispute(random: DemoRandom, created: number): NonNullable<PlannedPayment["dispute"]> {
  const opened = created + random.int(3 * day, 25 * day);
  return {
    reason: "fraudulent",
    opened,
    status: random.pick(["lost", "lost", "needs_response", "under_review"]),
    closed: opened + random.int(10 * day, 40 * day),
  };
}

export const seconds = { day, hour: 3600, minute: 60 };
