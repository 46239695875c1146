-- The SLA/OLA/UC clocks of each ticket as last evaluated (in the same transaction as the change that caused it):
-- figures and running segments as JSON (read and written whole, never queried inside), plus the columns lists
-- and reports filter on. Recorded breaches stay here so a breached target stays breached.
CREATE TABLE ticket_sla (
    ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
    policy_revision BIGINT NOT NULL,
    evaluated_at BIGINT NOT NULL,
    next_due_at BIGINT,          -- earliest due instant of a running SLA clock; NULL if none runs
    breached BIGINT NOT NULL,    -- 1 once any clock of the ticket breached
    figures TEXT NOT NULL,
    segments TEXT NOT NULL,
    breaches TEXT NOT NULL
);
CREATE INDEX ticket_sla_next_due ON ticket_sla(next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX ticket_sla_revision ON ticket_sla(policy_revision);

-- Work that falls due later (SLA warnings and breaches, escalation steps, auto-close, surveys, reports), written in
-- the transaction of the change that causes it and claimed by one scheduler node at a time.
CREATE TABLE due_jobs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,                 -- e.g. sla_warning, sla_breach
    ticket_id BIGINT REFERENCES tickets(id),
    job_key TEXT NOT NULL,              -- what it is about, e.g. "sla:resolution:90"; unique per ticket and kind
    due_at BIGINT NOT NULL,
    state TEXT NOT NULL,                -- pending | claimed | done | cancelled | failed
    payload TEXT NOT NULL DEFAULT '{}',
    claimed_by TEXT,
    claimed_until BIGINT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX due_jobs_pending ON due_jobs(due_at, id) WHERE state IN ('pending', 'claimed');
CREATE INDEX due_jobs_ticket ON due_jobs(ticket_id, state);
