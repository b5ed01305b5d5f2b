-- Accounts (phone numbers / Apple ID emails) that messages can be sent from.
-- source = 'config' (GATEWAY_ACCOUNTS) or 'agent' (announced in an agent's hello).
CREATE TABLE sender_account (
    handle      text        PRIMARY KEY,
    source      text        NOT NULL,
    agent_id    text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE message (
    id               text        PRIMARY KEY,          -- msg_<ULID>: time-ordered
    direction        text        NOT NULL CHECK (direction IN ('sent', 'received')),
    status           text        NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read',
                                                            'failed', 'dead_letter', 'cancelled', 'received')),
    recipient        text        NOT NULL,             -- "to"
    sender           text,                             -- "from": the account (sent) or the person (received)
    participant      text        NOT NULL,             -- the other party: recipient (sent) or sender (received)
    from_number      text,                             -- account requested by the client, if any
    body             text,
    priority         smallint    NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 100),
    attempts         integer     NOT NULL DEFAULT 0,   -- hand-overs to an agent
    attempts_base    integer     NOT NULL DEFAULT 0,   -- attempts at the last manual retry
    last_error       text,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_by       text,                             -- gateway instance holding the lease
    lease_until      timestamptz,
    guid             text,                             -- Messages.app guid (chat.db)
    chat             text,                             -- chat guid of an inbound message
    bulk_job_id      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    queued_at        timestamptz,
    sent_at          timestamptz,
    delivered_at     timestamptz,
    read_at          timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The dispatcher's claim: ready rows in priority order, FIFO (id is time-ordered) within a priority.
CREATE INDEX message_ready_idx ON message (priority DESC, id)
    WHERE status IN ('queued', 'failed');
-- Lease recovery: rows handed over whose lease may have expired.
CREATE INDEX message_sending_idx ON message (lease_until) WHERE status = 'sending';
-- List filters, newest first.
CREATE INDEX message_direction_idx ON message (direction, id DESC);
CREATE INDEX message_participant_idx ON message (participant, id DESC);
-- Inbound dedup by Apple guid.
CREATE UNIQUE INDEX message_inbound_guid_idx ON message (guid) WHERE direction = 'received';
-- Queue stats.
CREATE INDEX message_status_idx ON message (status);

CREATE TABLE message_attachment (
    id          text        PRIMARY KEY,               -- att_<ULID>
    message_id  text        NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    position    integer     NOT NULL,
    source_url  text,
    filename    text,
    mime_type   text,
    size        bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (message_id, position)
);

-- Recipients an account has already written to (pacing counts only new ones).
CREATE TABLE account_contact (
    account        text        NOT NULL,
    recipient      text        NOT NULL,
    first_sent_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account, recipient)
);
