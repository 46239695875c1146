// Due jobs: work that falls due later (SLA warnings and breaches, escalation steps, auto-close, surveys,
// reports), written in the transaction of the change that causes it.
#pragma once

#include <chrono>
#include <optional>
#include <span>
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
    std::optional<std::string> claimed_by;  // the node holding the claim (state claimed)
    std::optional<UtcTime> claimed_until;   // claimed: the lease's end; pending after a failed run: the retry time
    int attempts = 0;                       // how many times the job was claimed (a run that crashed counts too)
    std::optional<std::string> last_error;
    UtcTime created_at{};
    std::optional<UtcTime> finished_at;
};

/// How many jobs of one kind are in one state (for admins and metrics).
struct JobCount {
    std::string kind;
    JobState state = JobState::kPending;
    std::int64_t count = 0;
};

/// A page of jobs for admins, by id; empty filters match everything.
struct JobListQuery {
    std::optional<JobState> state;
    std::optional<std::string> kind;
    std::int64_t after_id = 0;  // paging cursor: the last id of the previous page
    int limit = 100;
};

/// Stateless; every function runs on the connection (and transaction) it is given.
///
/// Claim side (the scheduler): a job is claimable at `now` when it is pending or claimed, due (due_at <= now) and
/// its claimed_until (a claim's lease, or a failed run's retry time) is unset or has passed. Claim marks jobs
/// claimed by one node until a lease ends; Complete, Fail and Release end the claim, and act only while the node
/// still holds it. On PostgreSQL, Claim locks its rows with FOR UPDATE SKIP LOCKED, so nodes claiming at once never
/// get the same job; on SQLite the single writer transaction serialises claims. Times are UTC, stored as epoch
/// seconds.
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

    /// Claims up to `limit` jobs claimable at `now`, oldest due first, for `node_id` until now + `lease`, and counts
    /// the attempt; returns them (as now stored) by due time, then id. `kinds` limits the claim to those kinds
    /// (empty: any kind), so a node never claims jobs it has no handler for. Run it in a write transaction.
    static Result<std::vector<DueJob>> Claim(SqlConnection& db, const std::string& node_id, UtcTime now,
                                             std::chrono::seconds lease, int limit,
                                             std::span<const std::string> kinds = {});
    /// Marks job `id` done at `now`. kConflict if `node_id` no longer holds it (its lease ran out and another
    /// claim took it): the other claim's outcome counts.
    static Status Complete(SqlConnection& db, std::int64_t id, const std::string& node_id, UtcTime now);
    /// Complete for many jobs in one statement; returns the ids marked done (those `node_id` still held).
    static Result<std::vector<std::int64_t>> CompleteMany(SqlConnection& db, std::span<const std::int64_t> ids,
                                                          const std::string& node_id, UtcTime now);
    /// Records a failed run of job `id` with `error`. With `retry_at` the job goes back to pending, claimable again
    /// from retry_at (its due_at is kept); without, it ends in state failed at `now`. kConflict as for Complete.
    static Status Fail(SqlConnection& db, std::int64_t id, const std::string& node_id, const std::string& error,
                       std::optional<UtcTime> retry_at, UtcTime now);
    /// Gives back a claimed job that was not run (shutdown): pending again at once, the attempt not counted.
    /// kConflict as for Complete.
    static Status Release(SqlConnection& db, std::int64_t id, const std::string& node_id);
    /// The earliest due_at of the jobs (of `kinds`; empty: any) not held back at `now` by a live lease or a retry
    /// time; nullopt if there is none. A value <= now means something is claimable now. Reads an index prefix only.
    static Result<std::optional<UtcTime>> NextDueAt(SqlConnection& db, UtcTime now,
                                                    std::span<const std::string> kinds = {});
    /// Job counts per kind and state, by kind then state. Scans the table (admin use, not the hot path).
    static Result<std::vector<JobCount>> Counts(SqlConnection& db);
    /// The jobs matching `query`, by id.
    static Result<std::vector<DueJob>> List(SqlConnection& db, const JobListQuery& query);
};

}  // namespace sladesk::store
