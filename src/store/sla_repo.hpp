// The stored clocks of each ticket (ticket_sla) and the ticket events clocks are replayed from.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "core/utc_time.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// One ticket's clocks as last evaluated. The JSON texts belong to the service layer; the store keeps them whole.
struct StoredClocks {
    TicketId ticket_id;
    std::int64_t policy_revision = 0;
    UtcTime evaluated_at{};
    std::optional<UtcTime> next_due_at;  // earliest due instant of a running SLA clock
    bool breached = false;
    std::string figures_json;
    std::string segments_json;
    std::string breaches_json;
};

/// A ticket_history row that matters to clocks, with the role of whoever made the change (unset: the system).
struct ClockHistoryRow {
    UtcTime at{};
    std::string field;
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
    std::optional<Role> actor_role;
};

/// Stateless; every function runs on the connection (and transaction) it is given.
class SlaRepo {
 public:
    /// Inserts or replaces the row of `clocks.ticket_id`.
    static Status Put(SqlConnection& db, const StoredClocks& clocks);
    /// The row of `ticket`, or nullopt if its clocks were never evaluated.
    static Result<std::optional<StoredClocks>> Get(SqlConnection& db, TicketId ticket);
    /// The rows of the given tickets (those that have one), in no particular order.
    static Result<std::vector<StoredClocks>> ForTickets(SqlConnection& db, std::span<const TicketId> tickets);
    /// The clock-relevant history of `ticket` (created, status, group, reply, reopened), oldest first.
    static Result<std::vector<ClockHistoryRow>> ClockHistory(SqlConnection& db, TicketId ticket);
    /// Up to `limit` ids above `after`, ascending, of open tickets whose clocks were evaluated under a policy
    /// revision older than `revision` or never.
    static Result<std::vector<TicketId>> StaleOpenTickets(SqlConnection& db, std::int64_t revision, TicketId after,
                                                          int limit);
    /// Up to `limit` ids above `after`, ascending, of all open tickets (previews).
    static Result<std::vector<TicketId>> OpenTickets(SqlConnection& db, TicketId after, int limit);
};

}  // namespace sladesk::store
