// Due jobs: work that falls due later (SLA warnings and breaches, escalation steps, auto-close, surveys,
// reports), written in the transaction of the change that causes it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/utc_time.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

enum class JobState { kPending, kClaimed, kDone, kCancelled, kFailed };
inline constexpr EnumNames<JobState, 5> kJobStateNames{{{
    {JobState::kPending, "pending"},
    {JobState::kClaimed, "claimed"},
    {JobState::kDone, "done"},
    {JobState::kCancelled, "cancelled"},
    {JobState::kFailed, "failed"},
}}};


struct DueJob {
    std::int64_t id = 0;
    std::string kind;                  // e.g. "sla_warning", "sla_breach"
    std::optional<TicketId> ticket_id;
    std::string job_key;               // what it is about, e.g. "sla:resolution:90"
    UtcTime due_at{};
    JobState state = JobState::kPending;
    std::string payload = "{}";        // JSON
    std::optional<std::string> claimed_by;
    std::optional<UtcTime> claimed_until;
    int attempts = 0;
    std::optional<std::string> last_error;
    UtcTime created_at{};
    std::optional<UtcTime> finished_at;
};

/// Stateless; every function runs on the connection (and transaction) it is given.
class JobRepo {
 public:
    /// Inserts a pending job; returns its id.
    static Result<std::int64_t> Schedule(SqlConnection& db, const DueJob& job);
    /// Cancels the pending (not yet claimed) jobs of `ticket` whose kind starts with `kind_prefix` (e.g. "sla_");
    /// returns how many.
    static Result<std::int64_t> CancelPendingForTicket(SqlConnection& db, TicketId ticket,
                                                       const std::string& kind_prefix, UtcTime now);
    /// The pending and claimed jobs of `ticket`, by due time.
    static Result<std::vector<DueJob>> OpenForTicket(SqlConnection& db, TicketId ticket);
};

}  // namespace sladesk::store
