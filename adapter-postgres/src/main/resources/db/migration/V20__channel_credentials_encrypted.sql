-- Channel credentials are encrypted at rest (docs/channels.md, "Credentials at rest"): credential then holds
-- "v1:" + base64(nonce || AES-256-GCM ciphertext || tag), the channel id as associated data, under CHANNEL_SECRETS_KEY.
-- Rows written before (or by a node of an older version during a rolling upgrade) keep credential_encrypted = false:
-- they hold the credential in clear until the next node start encrypts them in place.
ALTER TABLE channels ADD COLUMN credential_encrypted boolean NOT NULL DEFAULT false;
