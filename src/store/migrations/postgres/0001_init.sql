-- sladesk schema 1 (PostgreSQL). Times are UTC epoch seconds. Append-only: never edit after release.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organisations (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    role TEXT NOT NULL,
    password_hash TEXT,
    organisation_id BIGINT REFERENCES organisations(id),
    org_admin BIGINT NOT NULL DEFAULT 0,
    customer_class TEXT,
    customer_grade TEXT,
    account_manager_id BIGINT REFERENCES users(id),
    language TEXT NOT NULL DEFAULT 'zh-CN',
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_organisation ON users(organisation_id);

CREATE TABLE groups (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    email TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE group_members (
    group_id BIGINT NOT NULL REFERENCES groups(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE services (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_group_id BIGINT REFERENCES groups(id),
    active BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE categories (
    id BIGSERIAL PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id BIGINT REFERENCES categories(id)
);

CREATE TABLE tickets (
    id BIGSERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    impact TEXT NOT NULL,
    urgency TEXT NOT NULL,
    priority BIGINT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    service_id BIGINT REFERENCES services(id),
    category_id BIGINT REFERENCES categories(id),
    group_id BIGINT REFERENCES groups(id),
    assignee_id BIGINT REFERENCES users(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    resolved_at BIGINT,
    closed_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_customer ON tickets(customer_id, id);
CREATE INDEX tickets_organisation ON tickets(organisation_id, id);
CREATE INDEX tickets_group ON tickets(group_id, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);
CREATE INDEX tickets_created ON tickets(created_at, id);

CREATE TABLE articles (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    internal BIGINT NOT NULL,
    channel TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX articles_ticket ON articles(ticket_id, id);

CREATE TABLE attachments (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_article ON attachments(article_id);

CREATE TABLE ticket_history (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    actor_id BIGINT REFERENCES users(id),
    at BIGINT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX ticket_history_ticket ON ticket_history(ticket_id, id);

CREATE TABLE ticket_links (
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL REFERENCES tickets(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, kind, target_id)
);

CREATE TABLE ticket_tags (
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags(tag);

CREATE TABLE canned_responses (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE auth_tokens (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX auth_tokens_user ON auth_tokens(user_id);

CREATE TABLE idempotency_keys (
    actor_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (actor_id, key)
);

-- Words in titles and articles, Chinese included: pg_trgm answers ILIKE '%...%' from a GIN index.
CREATE TABLE ticket_search (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    internal BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ticket_search_ticket ON ticket_search(ticket_id);
CREATE INDEX ticket_search_body ON ticket_search USING gin (body gin_trgm_ops);
