// Search: which of these countries the account's payments were billed in or paid with a card from, so a
// phone number typed without its country code ("(650) 253-0000") is read in those regions. One index seek
// per country and side (Payment (account, billingCountry) and (account, cardCountry)), stopping at the
// first payment: bounded by the number of countries, whatever the size of the account.
// One row per country used: country (ISO 3166-1 alpha-2).
// Parameters: $account, $countries (candidates, e.g. ["US", "GB", "FR"])
// :param account => 'acct_1Nv0FGQ9RKHgCVdK'
// :param countries => ['US', 'GB', 'FR']
UNWIND $countries AS country
WITH country
WHERE EXISTS { MATCH (p:Payment {account: $account, billingCountry: country}) }
   OR EXISTS { MATCH (p:Payment {account: $account, cardCountry: country}) }
RETURN country
