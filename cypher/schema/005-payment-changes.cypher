// Payments that change and go away (deletion and erasure).

// A deleted payment's tombstone: its id and when it was deleted, so that an older copy cannot bring it back.
CREATE CONSTRAINT deleted_payment_account_id IF NOT EXISTS
FOR (d:DeletedPayment) REQUIRE (d.account, d.id) IS UNIQUE;

// An erasure's record (who, when, counts, and the keyed hash of the value; never the value).
CREATE CONSTRAINT erasure_account_id IF NOT EXISTS
FOR (e:Erasure) REQUIRE (e.account, e.id) IS UNIQUE;

// Erased identifiers by keyed hash: a later copy carrying one has it removed before it is stored.
CREATE CONSTRAINT erased_identifier_account_hash IF NOT EXISTS
FOR (e:ErasedIdentifier) REQUIRE (e.account, e.hash) IS UNIQUE;
