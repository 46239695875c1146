// Tickets, their change history, links, tags and search text. SQL written once for both backends.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

enum class TicketSort { kId, kCreatedAt, kUpdatedAt, kPriority };

/// A list request: visibility comes from `actor`; every other field narrows the result.
struct TicketQuery {
    std::vector<TicketStatus> statuses;
    std::optional<int> priority;
    std::optional<GroupId> group_id;
    std::optional<UserId> assignee_id;
    bool unassigned = false;
    std::optional<UserId> customer_id;
    std::optional<OrganisationId> organisation_id;
    std::optional<ServiceId> service_id;
    std::optional<CategoryId> category_id;
    std::optional<TicketKind> kind;
    std::optional<std::string> tag;
    std::optional<UtcTime> resolved_before;  // resolved at or before this instant
    std::optional<std::string> text;  // words in titles and articles (substring match, any script)
    TicketSort sort = TicketSort::kId;
    bool descending = true;
    std::optional<std::pair<std::int64_t, std::int64_t>> after;  // keyset cursor: (sort value, id)
    int limit = 50;
};

/// Stateless; every function runs on the connection (and transaction) it is given.
class TicketRepo {
 public:
    /// Inserts `ticket` (id and version assigned) with its tags; returns the new id.
    static Result<TicketId> Insert(SqlConnection& db, const Ticket& ticket);
    /// kNotFound if there is no such ticket. Visibility is the caller's check (see Visible).
    static Result<Ticket> Get(SqlConnection& db, TicketId id);
    /// Whether `actor` may see ticket `id` at all (customers: own or organisation's; agents: their groups,
    /// assigned to them or unassigned; supervisors and up: all).
    static Result<bool> Visible(SqlConnection& db, TicketId id, const Actor& actor);
    /// Get and Visible in one query: the ticket if `actor` may see it; kNotFound ("ticket N") if not, or if there
    /// is no such ticket.
    static Result<Ticket> GetVisible(SqlConnection& db, TicketId id, const Actor& actor);
    /// Writes every mutable field if the stored version is still `ticket.version`, then bumps it.
    /// kPreconditionFailed if another change got there first.
    static Result<std::int64_t> Update(SqlConnection& db, const Ticket& ticket);
    /// Tickets visible to `actor` that match `query`, at most query.limit + 1 (the extra one means "more").
    static Result<std::vector<Ticket>> List(SqlConnection& db, const TicketQuery& query, const Actor& actor);
    /// Count of visible tickets by status (for /metrics and dashboards).
    static Result<std::vector<std::pair<std::string, std::int64_t>>> CountByStatus(SqlConnection& db);

    static Status AddHistory(SqlConnection& db, const HistoryEntry& entry);
    static Result<std::vector<HistoryEntry>> History(SqlConnection& db, TicketId id);
    /// Whether the ticket's history holds an entry of `field` with new value `new_value` (idempotent recording).
    static Result<bool> HasHistory(SqlConnection& db, TicketId id, const std::string& field,
                                   const std::string& new_value);

    /// kConflict if the link already exists.
    static Status AddLink(SqlConnection& db, TicketId id, const TicketLink& link, UtcTime at);
    static Result<std::vector<TicketLink>> Links(SqlConnection& db, TicketId id);
    static Status ReplaceTags(SqlConnection& db, TicketId id, const std::vector<std::string>& tags);

    /// Adds text that `q=` finds as soon as the write commits; `internal` text is hidden from customers' searches.
    /// On SQLite it waits in ticket_search_pending (searched too) until the writer moves it into the FTS5 table.
    static Status IndexText(SqlConnection& db, TicketId id, bool internal, const std::string& text);
};

/// Moves SQLite's pending search text into the FTS5 table; the group-commit writer runs it a few times a second.
inline constexpr const char* kSqliteFlushSearchText =
    "INSERT INTO ticket_search (body, ticket_id, internal) SELECT body, ticket_id, internal FROM ticket_search_pending;"
    "DELETE FROM ticket_search_pending";

/// The value a ticket is sorted by, for building cursors.
std::int64_t SortValue(const Ticket& ticket, TicketSort sort);

}  // namespace sladesk::store
