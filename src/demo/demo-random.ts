import { base, de, en, en_AU, en_CA, en_GB, en_US, Faker, fr, nl } from "@faker-js/faker";
import {
  type CountryCode,
  getExampleNumber,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";
import mobileExamples from "libphonenumber-js/mobile/examples";
import { containsCardNumber } from "../domain/card-number-guard.ts";

/**
 * Every random choice of the demo account comes from here, seeded: the same seed gives the same people,
 * identifiers and payments on any machine (given the same @faker-js/faker and libphonenumber-js versions,
 * which package-lock.json pins).
 */

export interface Country {
  code: CountryCode;
  currency: string;
  emailDomains: readonly string[];
  faker: Faker;
}

const countryLocales = [
  {
    code: "US",
    currency: "usd",
    locale: en_US,
    domains: ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"],
  },
  {
    code: "GB",
    currency: "gbp",
    locale: en_GB,
    domains: ["gmail.com", "hotmail.co.uk", "btinternet.com", "outlook.com"],
  },
  { code: "DE", currency: "eur", locale: de, domains: ["gmail.com", "web.de", "gmx.de", "t-online.de"] },
  { code: "FR", currency: "eur", locale: fr, domains: ["gmail.com", "orange.fr", "free.fr", "laposte.net"] },
  {
    code: "NL",
    currency: "eur",
    locale: nl,
    domains: ["gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"],
  },
  {
    code: "CA",
    currency: "cad",
    locale: en_CA,
    domains: ["gmail.com", "rogers.com", "shaw.ca", "outlook.com"],
  },
  { code: "AU", currency: "aud", locale: en_AU, domains: ["gmail.com", "bigpond.com", "optusnet.com.au"] },
] as const;

/** Where the account's buyers come from: mostly home (US), some abroad. */
const countryWeights = [55, 12, 10, 8, 5, 6, 4];

const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class DemoRandom {
  readonly faker: Faker;
  readonly countries: Country[];
  readonly #used = new Set<string>();

  constructor(seed: number) {
    this.faker = new Faker({ locale: [en, base] });
    this.faker.seed(seed);
    this.countries = countryLocales.map((country, index) => {
      const faker = new Faker({ locale: [country.locale, en, base] });
      faker.seed(seed * 31 + index + 1);
      return { code: country.code, currency: country.currency, emailDomains: country.domains, faker };
    });
  }

  /** The account's home country (the US): where fraud is aimed. */
  get home(): Country {
    return this.countries[0] as Country;
  }

  int(min: number, max: number): number {
    return this.faker.number.int({ min, max });
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.faker.number.float({ min: 0, max: 1 }) < p;
  }

  pick<T>(items: readonly T[]): T {
    return this.faker.helpers.arrayElement(items);
  }

  shuffle<T>(items: T[]): T[] {
    return this.faker.helpers.shuffle(items);
  }

  country(): Country {
    return this.faker.helpers.weightedArrayElement(
      this.countries.map((value, index) => ({ value, weight: countryWeights[index] ?? 1 })),
    );
  }

  /** A Stripe-looking id: prefix and 24 letters and digits, never seen before in this account. */
  id(prefix: string, length = 24): string {
    return this.unique(() => `${prefix}${this.faker.string.fromCharacters(alphanumeric, length)}`);
  }

  /** A card fingerprint like Stripe's (16 letters and digits, starting with a letter). */
  fingerprint(): string {
    return this.unique(
      () => `${this.faker.string.alpha(1)}${this.faker.string.fromCharacters(alphanumeric, 15)}`,
    );
  }

  /** A valid mobile number of the country (libphonenumber-js full metadata), never used before. */
  phone(country: Country): PhoneNumber {
    const example = getExampleNumber(country.code, mobileExamples) as PhoneNumber;
    const national = example.nationalNumber;
    for (;;) {
      const keep = national.slice(0, Math.max(2, national.length - 6));
      const candidate = `${keep}${this.faker.string.numeric(national.length - keep.length)}`;
      const parsed = parsePhoneNumberFromString(`+${example.countryCallingCode}${candidate}`);
      if (parsed?.isValid() && !this.#used.has(parsed.number)) {
        this.#used.add(parsed.number);
        return parsed;
      }
    }
  }

  /** A value `make` produces that no earlier call produced (identifiers of different people never collide by chance). */
  unique(make: () => string): string {
    for (;;) {
      const value = make();
      const key = value.toLowerCase();
      if (!this.#used.has(key) && !containsCardNumber(value)) {
        this.#used.add(key);
        return value;
      }
    }
  }
}
