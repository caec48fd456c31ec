import {
  type DemoCard,
  type DemoEmail,
  type Group,
  newCard,
  newEmail,
  newPerson,
  type Person,
  payment,
  timesBetween,
} from "./demo-plan.ts";
import type { DemoRandom } from "./demo-random.ts";

/**
 * Honest buyers: repeat guests who change cards, emails and phones over time (always keeping one of
 * the old ones on the payment that brings a new one, as real people do), households sharing a card,
 * and registered customers who once checked out as guests.
 */

interface Window {
  from: number;
  to: number;
}

/** A guest who pays `count` times, now and then with a new card, email or phone. */
export function honestGuest(random: DemoRandom, count: number, window: Window): Group {
  const person = newPerson(random);
  const group: Group = { kind: "honest", label: person.name, people: [person], payments: [], customer: null };
  const [first, last] = person.name.split(" ") as [string, string];
  if (random.chance(0.5)) person.phones.push(random.phone(person.country));
  let card = person.cards[0] as DemoCard;
  let email = person.emails[0] as DemoEmail;
  let phone = person.phones[0] ?? null;
  for (const [index, created] of timesBetween(random, count, window.from, window.to).entries()) {
    // What this payment brings that is new; the rest is what the person used before.
    const change =
      index === 0 ? "none" : random.pick(["none", "none", "none", "none", "card", "email", "phone"]);
    if (change === "card") {
      card = newCard(random, person.country);
      person.cards.push(card);
    } else if (change === "email") {
      email = newEmail(random, first, last, person.country);
      person.emails.push(email);
    } else if (change === "phone") {
      phone = random.phone(person.country);
      person.phones.push(phone);
    }
    // A known email or card always comes along: without one the payment would found a guest of its own.
    const withEmail = change === "email" || change === "card" || change === "phone" || random.chance(0.9);
    payment(random, group, person, {
      created,
      card: change === "email" && random.chance(0.3) ? pickOld(random, person.cards, card) : card,
      email: withEmail ? email : null,
      phone: phone && (change === "phone" || random.chance(0.4)) ? phone : null,
    });
  }
  return group;
}

/** Everyone in a household pays with the family card at first; some later get a card of their own. */
export function household(random: DemoRandom, count: number, window: Window): Group {
  const head = newPerson(random);
  const familyName = head.name.split(" ")[1] as string;
  const members = [head];
  const size = random.int(2, 4);
  while (members.length < size) {
    const member = newPerson(random, head.country, familyName);
    member.cards = [];
    members.push(member);
  }
  const familyCard = head.cards[0] as DemoCard;
  const group: Group = {
    kind: "family",
    label: `the ${familyName} household`,
    people: members,
    payments: [],
    customer: null,
  };
  const paid = new Set<Person>();
  for (const created of timesBetween(random, count, window.from, window.to)) {
    const member = random.pick(members);
    const email = random.pick(member.emails);
    let card = familyCard;
    if (paid.has(member) && random.chance(0.35)) {
      if (member.cards.length === 0 || random.chance(0.1)) member.cards.push(newCard(random, member.country));
      card = random.pick(member.cards);
    }
    if (!member.phones.length && random.chance(0.3)) member.phones.push(random.phone(member.country));
    payment(random, group, member, {
      created,
      card,
      email,
      phone: member.phones[0] && random.chance(0.5) ? member.phones[0] : null,
    });
    paid.add(member);
  }
  return group;
}

/**
 * A buyer who checked out as a guest a few times, then registered: the later payments carry the
 * customer id (linked to the same email and card, never grouped into a guest).
 */
export function registeredCustomer(
  random: DemoRandom,
  count: number,
  window: Window,
): { guest: Group; customer: Group } {
  const person = newPerson(random);
  const customerId = random.id("cus_", 14);
  const guest: Group = { kind: "honest", label: person.name, people: [person], payments: [], customer: null };
  const customer: Group = {
    kind: "registered_customer",
    label: person.name,
    people: [person],
    payments: [],
    customer: customerId,
  };
  const guestCount = count >= 3 && random.chance(0.6) ? random.int(1, Math.min(3, count - 1)) : 0;
  for (const [index, created] of timesBetween(random, count, window.from, window.to).entries()) {
    payment(random, index < guestCount ? guest : customer, person, {
      created,
      card: person.cards[0] as DemoCard,
      email: person.emails[0] as DemoEmail,
      emailAt: "billing",
    });
  }
  return { guest, customer };
}

function pickOld(random: DemoRandom, cards: DemoCard[], current: DemoCard): DemoCard {
  const older = cards.filter((card) => card !== current);
  return older.length > 0 ? random.pick(older) : current;
}
