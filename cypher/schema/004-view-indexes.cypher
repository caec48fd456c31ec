// Indexes the guest views read through: the Customers tab's filters and the search box.

// Guests by the last four digits of a card they used (`card_last4`, and a 4-digit search).
// A card's last4 never changes for one fingerprint, so the (account, last4) seek finds every card that could match.
CREATE INDEX card_account_last4 IF NOT EXISTS
FOR (c:Card) ON (c.account, c.last4);

// Name search: billingNameSearch is stored lower-cased with accents removed, and a TEXT index (trigrams)
// answers CONTAINS without reading every payment. A TEXT index holds one property, so the account is
// checked on the (few) hits after the seek.
CREATE TEXT INDEX payment_billing_name_search IF NOT EXISTS
FOR (p:Payment) ON (p.billingNameSearch);

// The Customers tab filtered by has_dispute / has_refund, walked in activity order like the unfiltered
// list: disputed guests are rare, so walking every guest to find a page of them would read the whole account.
CREATE INDEX guest_account_dispute_last_payment IF NOT EXISTS
FOR (g:Guest) ON (g.account, g.hasDispute, g.lastPaymentAt);

CREATE INDEX guest_account_refund_last_payment IF NOT EXISTS
FOR (g:Guest) ON (g.account, g.hasRefund, g.lastPaymentAt);
