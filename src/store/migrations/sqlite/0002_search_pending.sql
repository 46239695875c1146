-- Search text is written here with its ticket and moved into the FTS5 table in bulk a few times a second by the
-- group-commit writer (searches read both): FTS5 costs much more per small transaction, and an FTS5 table written
-- inside a batch would take part in every write's SAVEPOINT.
CREATE TABLE ticket_search_pending (
    ticket_id INTEGER NOT NULL,
    internal INTEGER NOT NULL,
    body TEXT NOT NULL
);
