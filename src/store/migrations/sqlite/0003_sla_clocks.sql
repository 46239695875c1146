-- The SLA/OLA/UC clocks of each ticket as last evaluated (in the same transaction as the change that caused it):
-- figures and running segments as JSON (read and written whole, never queried inside), plus the columns lists
-- and reports filter on. Recorded breaches stay here so a breached target stays breached.
CREATE TABLE ticket_sla (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    policy_revision INTEGER NOT NULL,
    evaluated_at INTEGER NOT NULL,
    next_due_at INTEGER,          -- earliest due instant of a running SLA clock; NULL if none runs
    breached INTEGER NOT NULL,    -- 1 once any clock of the ticket breached
    figures TEXT NOT NULL,
    segments TEXT NOT NULL,
    breaches TEXT NOT NULL
);
CREATE INDEX ticket_sla_next_due ON ticket_sla(next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX ticket_sla_revision ON ticket_sla(policy_revision);

-- Work that falls due later (SLA warnings and breaches, escalation steps, auto-close, surveys, reports), written in
-- the transaction of the change that causes it and claimed by one scheduler node at a time.
CREATE TABLE due_jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                 -- e.g. sla_warning, sla_breach
    ticket_id INTEGER REFERENCES tickets(id),
    job_key TEXT NOT NULL,              -- what it is about, e.g. "sla:resolution:90"; unique per ticket and kind
    due_at INTEGER NOT NULL,
    state TEXT NOT NULL,                -- pending | claimed | done | cancelled | failed
    payload TEXT NOT NULL DEFAULT '{}',
    claimed_by TEXT,
    claimed_until INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX due_jobs_pending ON due_jobs(due_at, id) WHERE state IN ('pending', 'claimed');
CREATE INDEX due_jobs_ticket ON due_jobs(ticket_id, state);
