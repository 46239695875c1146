-- The email channel (issue 6). Times are UTC epoch seconds. Append-only: never edit after release.

-- Every inbound message the desk accepted, by Message-ID: an MTA that delivers the same message again (a retry
-- after a lost answer) finds it here and nothing is stored twice. Also the per-sender rate limit's count.
CREATE TABLE mail_inbound (
    message_id TEXT PRIMARY KEY,        -- without angle brackets; synthesized from the bytes' hash when missing
    sender TEXT NOT NULL,               -- lower-case From address
    received_at INTEGER NOT NULL,
    outcome TEXT NOT NULL,              -- created | appended | bounce | ignored
    ticket_id INTEGER REFERENCES tickets(id),
    article_id INTEGER REFERENCES articles(id),
    reason TEXT                          -- why it was a bounce or ignored
);
CREATE INDEX mail_inbound_sender ON mail_inbound(sender, received_at);

-- Message ids of mail received on and sent for each ticket: a reply's In-Reply-To/References find their ticket here
-- (after the subject's [#id] tag, never by subject alone).
CREATE TABLE mail_thread_ids (
    message_id TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    direction TEXT NOT NULL,            -- in | out
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_thread_ids_ticket ON mail_thread_ids(ticket_id, created_at);

-- Delivery failures reported back for a user's address (bounces), newest last.
CREATE TABLE mail_bounces (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    address TEXT NOT NULL,
    status TEXT NOT NULL,               -- the DSN status, e.g. 5.1.1; '' if the report gave none
    message_id TEXT NOT NULL,           -- the bounce message's id
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_bounces_user ON mail_bounces(user_id, id);
CREATE INDEX users_email ON users(lower(email));
