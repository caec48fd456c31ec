// Indexes for the countries an account's payments come from (billing address and card), so that a phone
// number typed without its country code (the search box) is read in the regions the account actually
// sells to: one seek per country asks whether any payment of the account has it.

CREATE INDEX payment_account_billing_country IF NOT EXISTS
FOR (p:Payment) ON (p.account, p.billingCountry);

CREATE INDEX payment_account_card_country IF NOT EXISTS
FOR (p:Payment) ON (p.account, p.cardCountry);
