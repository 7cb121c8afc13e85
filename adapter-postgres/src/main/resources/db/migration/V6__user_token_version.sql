-- A token carries its user's token version; a token whose version is no longer the user's is refused.
-- Logout raises the version (ending every token issued before); disabling an account raises it too and
-- keeps the account from signing in. Existing rows start at version 0, which tokens issued before this
-- migration (without the claim) are read as, so they stay valid until their exp or the next logout.
ALTER TABLE users ADD COLUMN token_version bigint  NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled      boolean NOT NULL DEFAULT false;
