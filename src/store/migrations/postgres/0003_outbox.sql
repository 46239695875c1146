-- The notification outbox (issue 4): messages written in the transaction of the change that causes them, delivered
-- later by the dispatcher (src/notify) with retries; every delivery attempt is logged here for admins.
CREATE TABLE outbox_messages (
    id BIGSERIAL PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,     -- the caller's idempotency key: a re-run job enqueues nothing new
    message_uid TEXT NOT NULL UNIQUE,   -- stable id sent to receivers (Message-ID, Idempotency-Key) to drop duplicates
    event TEXT NOT NULL,                -- e.g. sla_warning, sla_breach
    channel TEXT NOT NULL,              -- a configured channel name: email, sms, webhook:ops, dingtalk:desk ...
    recipient TEXT NOT NULL,            -- address, phone, or the channel's target
    user_id BIGINT REFERENCES users(id),
    ticket_id BIGINT REFERENCES tickets(id),
    language TEXT NOT NULL,             -- zh-CN | en
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}',    -- the template variables as JSON (webhook payloads)
    urgent INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,                -- pending | sending | sent | dead
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,   -- pending: when it may be sent; sending: the claim's lease end
    claimed_by TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox_messages(next_attempt_at, id) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_state ON outbox_messages(state, id);
CREATE INDEX outbox_ticket ON outbox_messages(ticket_id);

-- One row per delivery attempt: when, how it ended, the receiver's response code or the error (never secrets).
CREATE TABLE outbox_attempts (
    id BIGSERIAL PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES outbox_messages(id),
    attempt INTEGER NOT NULL,
    node TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    outcome TEXT NOT NULL,              -- sent | retry | dead
    response_code INTEGER,
    error TEXT
);
CREATE INDEX outbox_attempts_message ON outbox_attempts(message_id, id);
