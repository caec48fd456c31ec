// A repeated erasure of the same value is recognised by its keyed hash.
CREATE INDEX erasure_account_value_hash IF NOT EXISTS
FOR (e:Erasure) ON (e.account, e.valueHash);
