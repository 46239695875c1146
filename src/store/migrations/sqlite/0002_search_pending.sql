-- Search text waits here during a group commit and moves into the FTS5 table once per batch, just before
-- COMMIT: an FTS5 table written inside the batch would take part in every write's SAVEPOINT, which costs
-- more than the write itself.
CREATE TABLE ticket_search_pending (
    ticket_id INTEGER NOT NULL,
    internal INTEGER NOT NULL,
    body TEXT NOT NULL
);
