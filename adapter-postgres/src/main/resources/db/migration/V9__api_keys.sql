-- API keys: only SHA-256 of the secret is kept (key_hash), with its first characters (prefix) for display.
-- A key is looked up by its hash on use; listed by owner. credit_limit is stored for the credits to come.
-- No foreign key to users: a key of a deleted account is refused like one of a disabled account (the check reads
-- the account), and the key rows stay as the record of what was issued.
CREATE TABLE api_keys (
    id           text        PRIMARY KEY,
    user_id      text        NOT NULL,
    name         text        NOT NULL,
    prefix       text        NOT NULL,
    key_hash     text        NOT NULL UNIQUE,
    scopes       text[]      NOT NULL,
    credit_limit bigint,
    expires_at   timestamptz,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_by_user ON api_keys (user_id, created_at DESC);
