-- The channels the admin API manages (docs/channels.md), shared by every node.
--
-- A channel is never removed: a deleted one keeps its row (deleted, disabled) so the tasks pinned to it still reach
-- it, and its id is never reused. Every write takes the next value of channel_versions as the row's version: updates
-- are compare-and-set on it, and max(version) is the revision a node compares to know whether to reload.
-- models is a JSON object: public model name -> the provider's model name.
CREATE SEQUENCE channel_versions;

CREATE TABLE channels (
    id                      text COLLATE "C" PRIMARY KEY,
    name                    text        NOT NULL,
    provider                text        NOT NULL,
    base_url                text        NOT NULL,
    credential_source       text        NOT NULL,
    credential              text        NOT NULL,
    models                  jsonb       NOT NULL,
    priority                integer     NOT NULL,
    weight                  integer     NOT NULL CHECK (weight >= 1),
    max_concurrent          integer     NOT NULL CHECK (max_concurrent >= 1),
    max_requests_per_second integer     NOT NULL CHECK (max_requests_per_second >= 0),
    enabled                 boolean     NOT NULL,
    deleted                 boolean     NOT NULL DEFAULT false,
    version                 bigint      NOT NULL DEFAULT nextval('channel_versions'),
    updated_at              timestamptz NOT NULL
);
CREATE INDEX channels_version ON channels (version);
