-- sladesk schema 1 (SQLite). Times are UTC epoch seconds. Append-only: never edit after release.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    role TEXT NOT NULL,
    password_hash TEXT,
    organisation_id INTEGER REFERENCES organisations(id),
    org_admin INTEGER NOT NULL DEFAULT 0,
    customer_class TEXT,
    customer_grade TEXT,
    account_manager_id INTEGER REFERENCES users(id),
    language TEXT NOT NULL DEFAULT 'zh-CN',
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE INDEX users_organisation ON users(organisation_id);

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    email TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES groups(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_group_id INTEGER REFERENCES groups(id),
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES categories(id)
);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    impact TEXT NOT NULL,
    urgency TEXT NOT NULL,
    priority INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES users(id),
    organisation_id INTEGER REFERENCES organisations(id),
    service_id INTEGER REFERENCES services(id),
    category_id INTEGER REFERENCES categories(id),
    group_id INTEGER REFERENCES groups(id),
    assignee_id INTEGER REFERENCES users(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    resolved_at INTEGER,
    closed_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_customer ON tickets(customer_id, id);
CREATE INDEX tickets_organisation ON tickets(organisation_id, id);
CREATE INDEX tickets_group ON tickets(group_id, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);
CREATE INDEX tickets_created ON tickets(created_at, id);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    internal INTEGER NOT NULL,
    channel TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX articles_ticket ON articles(ticket_id, id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX attachments_article ON attachments(article_id);

CREATE TABLE ticket_history (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    actor_id INTEGER REFERENCES users(id),
    at INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX ticket_history_ticket ON ticket_history(ticket_id, id);

CREATE TABLE ticket_links (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    kind TEXT NOT NULL,
    target_id INTEGER NOT NULL REFERENCES tickets(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, kind, target_id)
);

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags(tag);

CREATE TABLE canned_responses (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE auth_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX auth_tokens_user ON auth_tokens(user_id);

CREATE TABLE idempotency_keys (
    actor_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (actor_id, key)
);

-- Words in titles and articles, Chinese included: trigrams need no word boundaries.
CREATE VIRTUAL TABLE ticket_search USING fts5(body, ticket_id UNINDEXED, internal UNINDEXED, tokenize = 'trigram');
