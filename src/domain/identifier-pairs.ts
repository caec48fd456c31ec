/**
 * Radar's distinct counts (emails and cardholder names per card, cards per email) are made of pairs a
 * payment carries: its card with each of its emails and with its name. When payments change identifiers,
 * are deleted or lose an erased identifier, the pairs they carried and no longer carry may be gone from
 * the account: these are the candidates to forget (the graph then checks whether another payment still
 * carries each one).
 */

/** What one payment pairs up: its cards, emails and folded cardholder name. */
export interface PaymentPairs {
  id: string;
  cards: string[];
  emails: string[];
  name: string | null;
}

export interface CardPairs {
  card: string;
  emails: string[];
  names: string[];
}

export interface EmailPairs {
  email: string;
  cards: string[];
}

/**
 * The pairs the payments carried before and carry no longer (`after` lacks a deleted payment), grouped
 * by card and by email, each value once.
 */
export function pairsNoLongerCarried(
  before: PaymentPairs[],
  after: PaymentPairs[],
): { cards: CardPairs[]; emails: EmailPairs[] } {
  const now = new Map(after.map((payment) => [payment.id, payment]));
  const cardEmails = new Map<string, Set<string>>();
  const cardNames = new Map<string, Set<string>>();
  const emailCards = new Map<string, Set<string>>();
  const add = (groups: Map<string, Set<string>>, key: string, value: string) => {
    const group = groups.get(key) ?? new Set<string>();
    group.add(value);
    groups.set(key, group);
  };
  for (const payment of before) {
    const current = now.get(payment.id);
    for (const card of payment.cards) {
      const keepsCard = current?.cards.includes(card) ?? false;
      for (const email of payment.emails) {
        if (keepsCard && current?.emails.includes(email)) continue;
        add(cardEmails, card, email);
        add(emailCards, email, card);
      }
      if (payment.name !== null && !(keepsCard && current?.name === payment.name)) {
        add(cardNames, card, payment.name);
      }
    }
  }
  const cards = [...new Set([...cardEmails.keys(), ...cardNames.keys()])].map((card) => ({
    card,
    emails: [...(cardEmails.get(card) ?? [])],
    names: [...(cardNames.get(card) ?? [])],
  }));
  const emails = [...emailCards].map(([email, cards]) => ({ email, cards: [...cards] }));
  return { cards, emails };
}
