// Identity constraints: one node per thing, per merchant account.
// Every id is scoped by `account` (a Stripe account id): the same card or email in two accounts links nothing.
// Each constraint also gives the (account, key) lookup its index.

CREATE CONSTRAINT account_id IF NOT EXISTS
FOR (a:Account) REQUIRE a.id IS UNIQUE;

CREATE CONSTRAINT payment_account_id IF NOT EXISTS
FOR (p:Payment) REQUIRE (p.account, p.id) IS UNIQUE;

CREATE CONSTRAINT guest_account_id IF NOT EXISTS
FOR (g:Guest) REQUIRE (g.account, g.id) IS UNIQUE;

CREATE CONSTRAINT customer_account_id IF NOT EXISTS
FOR (c:Customer) REQUIRE (c.account, c.id) IS UNIQUE;

CREATE CONSTRAINT email_account_address IF NOT EXISTS
FOR (e:Email) REQUIRE (e.account, e.address) IS UNIQUE;

CREATE CONSTRAINT phone_account_number IF NOT EXISTS
FOR (ph:Phone) REQUIRE (ph.account, ph.number) IS UNIQUE;

CREATE CONSTRAINT card_account_fingerprint IF NOT EXISTS
FOR (c:Card) REQUIRE (c.account, c.fingerprint) IS UNIQUE;
