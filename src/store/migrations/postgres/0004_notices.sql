-- Graded problem notices (issue 5): a notice, the tickets linked to it and its timeline.
CREATE TABLE notices (
    id BIGSERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    rule_name TEXT,                         -- the burst rule that opened it; NULL when opened by hand
    state TEXT NOT NULL,                    -- open | acknowledged | mitigated | resolved | reviewed
    grade BIGINT NOT NULL,                 -- 1 = most severe
    grade_manual BIGINT NOT NULL DEFAULT 0,
    category_id BIGINT REFERENCES categories(id),
    service_id BIGINT REFERENCES services(id),
    ticket_count BIGINT NOT NULL DEFAULT 0,
    statement TEXT NOT NULL DEFAULT '',
    statement_state TEXT NOT NULL DEFAULT 'none',   -- none | draft | approved | published
    statement_published_at BIGINT,
    resolution TEXT NOT NULL DEFAULT '',
    review_cause TEXT NOT NULL DEFAULT '',
    review_timeline TEXT NOT NULL DEFAULT '',
    review_actions TEXT NOT NULL DEFAULT '',
    opened_by BIGINT REFERENCES users(id),
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    resolved_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1
);
-- At most one active notice per burst rule: the constraint that makes a burst open exactly one notice
-- (NoticeRepo::OpenForRule inserts with ON CONFLICT DO NOTHING on this index).
CREATE UNIQUE INDEX notices_one_active_per_rule ON notices(rule_name)
    WHERE state IN ('open', 'acknowledged', 'mitigated');
CREATE INDEX notices_state ON notices(state, id);

CREATE TABLE notice_tickets (
    notice_id BIGINT NOT NULL REFERENCES notices(id),
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (notice_id, ticket_id)
);
CREATE INDEX notice_tickets_ticket ON notice_tickets(ticket_id);

CREATE TABLE notice_events (
    id BIGSERIAL PRIMARY KEY,
    notice_id BIGINT NOT NULL REFERENCES notices(id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notice_events_notice ON notice_events(notice_id, id);

-- The burst window query reads recent tickets of a category subtree.
CREATE INDEX tickets_category_created ON tickets(category_id, created_at);
