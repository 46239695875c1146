#include "store/job_repo.hpp"

#include <algorithm>

namespace sladesk::store {
namespace {

constexpr NamedQuery kSchedule{"due_job_insert",
    "INSERT INTO due_jobs (kind, ticket_id, job_key, due_at, state, payload, created_at) "
    "VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id"};
constexpr NamedQuery kCancelForTicket{"due_jobs_cancel_for_ticket",
    "UPDATE due_jobs SET state = 'cancelled', finished_at = $3 "
    "WHERE ticket_id = $1 AND state = 'pending' AND kind LIKE $2"};
constexpr NamedQuery kOpenForTicket{"due_jobs_open_for_ticket",
    "SELECT id, kind, ticket_id, job_key, due_at, state, payload, claimed_by, claimed_until, attempts, last_error, "
    "created_at, finished_at FROM due_jobs WHERE ticket_id = $1 AND state IN ('pending', 'claimed') "
    "ORDER BY due_at, id"};

// The claim side. Claim and NextDueAt are built per call because of the optional kind list (see KindFilter); the
// statement caches key on the text, so each kind set is prepared once per connection.
constexpr const char* kColumns =
    "id, kind, ticket_id, job_key, due_at, state, payload, claimed_by, claimed_until, attempts, last_error, "
    "created_at, finished_at";
// Claimable at $N: open, due, and not held back by a live lease or a retry time.
constexpr const char* kClaimableAt3 =
    "state IN ('pending', 'claimed') AND due_at <= $3 AND (claimed_until IS NULL OR claimed_until <= $3)";
constexpr const char* kClaimSet =
    "UPDATE due_jobs SET state = 'claimed', claimed_by = $1, claimed_until = $2, attempts = attempts + 1 ";

constexpr NamedQuery kComplete{"due_job_complete",
    "UPDATE due_jobs SET state = 'done', finished_at = $3, claimed_until = NULL "
    "WHERE id = $1 AND claimed_by = $2 AND state = 'claimed'"};
// The id list travels as one parameter: a JSON array for SQLite, an array literal for PostgreSQL.
constexpr NamedQuery kCompleteManySqlite{"due_jobs_complete_many",
    "UPDATE due_jobs SET state = 'done', finished_at = $3, claimed_until = NULL "
    "WHERE id IN (SELECT value FROM json_each($1)) AND claimed_by = $2 AND state = 'claimed' RETURNING id"};
constexpr NamedQuery kCompleteManyPostgres{"due_jobs_complete_many",
    "UPDATE due_jobs SET state = 'done', finished_at = $3, claimed_until = NULL "
    "WHERE id = ANY(CAST($1 AS BIGINT[])) AND claimed_by = $2 AND state = 'claimed' RETURNING id"};
constexpr NamedQuery kRetry{"due_job_retry",
    "UPDATE due_jobs SET state = 'pending', claimed_by = NULL, claimed_until = $4, last_error = $3 "
    "WHERE id = $1 AND claimed_by = $2 AND state = 'claimed'"};
constexpr NamedQuery kFail{"due_job_fail",
    "UPDATE due_jobs SET state = 'failed', claimed_until = NULL, last_error = $3, finished_at = $4 "
    "WHERE id = $1 AND claimed_by = $2 AND state = 'claimed'"};
constexpr NamedQuery kRelease{"due_job_release",
    "UPDATE due_jobs SET state = 'pending', claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1 "
    "WHERE id = $1 AND claimed_by = $2 AND state = 'claimed'"};
constexpr NamedQuery kCounts{"due_jobs_counts",
    "SELECT kind, state, COUNT(*) FROM due_jobs GROUP BY kind, state ORDER BY kind, state"};
constexpr NamedQuery kList{"due_jobs_list",
    "SELECT id, kind, ticket_id, job_key, due_at, state, payload, claimed_by, claimed_until, attempts, last_error, "
    "created_at, finished_at FROM due_jobs WHERE ($1 = '' OR state = $1) AND ($2 = '' OR kind = $2) AND id > $3 "
    "ORDER BY id LIMIT $4"};

/// " AND kind IN ($first, $first+1, ...)" for `kinds`; "" when empty (any kind).
std::string KindFilter(std::span<const std::string> kinds, int first_param) {
    if (kinds.empty()) return {};
    std::string filter = " AND kind IN (";
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0) filter += ", ";
        filter += "$" + std::to_string(first_param + static_cast<int>(i));
    }
    return filter + ")";
}

/// The claim statement for `backend`. PostgreSQL picks the rows in a MATERIALIZED CTE with FOR UPDATE SKIP LOCKED:
/// concurrent claims skip each other's rows instead of waiting, and the CTE is evaluated once, so the LIMIT holds
/// (a plain "WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)" may be run as a nested loop that locks more
/// than n rows under contention). SQLite has one writer at a time, so a plain subquery is enough.
std::string ClaimSql(Backend backend, const std::string& kind_filter) {
    const std::string pick = std::string("SELECT id AS picked_id FROM due_jobs WHERE ") + kClaimableAt3 +
                             kind_filter + " ORDER BY due_at, id LIMIT $4";
    if (backend == Backend::kPostgres) {
        return "WITH picked AS MATERIALIZED (" + pick + " FOR UPDATE SKIP LOCKED) " + kClaimSet +
               "FROM picked WHERE due_jobs.id = picked.picked_id RETURNING " + kColumns;
    }
    return std::string(kClaimSet) + "WHERE id IN (" + pick + ") RETURNING " + kColumns;
}

Status HeldOrConflict(Result<std::int64_t> changed, std::int64_t id, const std::string& node_id) {
    if (!changed) return changed.error();
    if (*changed == 0) {
        return Error::Conflict("job " + std::to_string(id) + " is no longer claimed by " + node_id);
    }
    return OkStatus();
}

std::optional<UtcTime> OptTime(const SqlRow& row, std::size_t column) {
    if (auto value = row.OptInt(column)) return FromEpochSeconds(*value);
    return std::nullopt;
}

DueJob FromRow(const SqlRow& row) {
    DueJob job;
    job.id = row.Int(0);
    job.kind = row.Text(1);
    if (auto ticket = row.OptInt(2)) job.ticket_id = TicketId{*ticket};
    job.job_key = row.Text(3);
    job.due_at = FromEpochSeconds(row.Int(4));
    job.state = kJobStateNames.Parse(row.Text(5)).value_or(JobState::kFailed);
    job.payload = row.Text(6);
    job.claimed_by = row.OptText(7);
    job.claimed_until = OptTime(row, 8);
    job.attempts = static_cast<int>(row.Int(9));
    job.last_error = row.OptText(10);
    job.created_at = FromEpochSeconds(row.Int(11));
    job.finished_at = OptTime(row, 12);
    return job;
}

}  // namespace

Result<std::int64_t> JobRepo::Schedule(SqlConnection& db, const DueJob& job) {
    const SqlValue params[] = {job.kind,
                               job.ticket_id ? SqlValue{job.ticket_id->value} : SqlValue{},
                               job.job_key,
                               ToEpochSeconds(job.due_at),
                               job.payload,
                               ToEpochSeconds(job.created_at)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kSchedule, params, "inserted job id"));
    return row.Int(0);
}

Result<std::int64_t> JobRepo::CancelPendingForTicket(SqlConnection& db, TicketId ticket,
                                                     const std::string& kind_prefix, UtcTime now) {
    const SqlValue params[] = {ticket.value, kind_prefix + "%", ToEpochSeconds(now)};
    return db.Execute(kCancelForTicket, params);
}

Result<std::vector<DueJob>> JobRepo::OpenForTicket(SqlConnection& db, TicketId ticket) {
    const SqlValue params[] = {ticket.value};
    return QueryAll(db, kOpenForTicket, params, FromRow);
}

Result<std::vector<DueJob>> JobRepo::Claim(SqlConnection& db, const std::string& node_id, UtcTime now,
                                           std::chrono::seconds lease, int limit, std::span<const std::string> kinds) {
    if (limit <= 0) return std::vector<DueJob>{};
    const std::string sql = ClaimSql(db.backend(), KindFilter(kinds, 5));
    std::vector<SqlValue> params = {node_id, ToEpochSeconds(now + lease), ToEpochSeconds(now), std::int64_t{limit}};
    params.insert(params.end(), kinds.begin(), kinds.end());
    SLADESK_ASSIGN_OR_RETURN(std::vector<DueJob> jobs, QueryAll(db, {"due_jobs_claim", sql.c_str()}, params, FromRow));
    // RETURNING has no order of its own.
    std::sort(jobs.begin(), jobs.end(), [](const DueJob& a, const DueJob& b) {
        return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
    });
    return jobs;
}

Status JobRepo::Complete(SqlConnection& db, std::int64_t id, const std::string& node_id, UtcTime now) {
    const SqlValue params[] = {id, node_id, ToEpochSeconds(now)};
    return HeldOrConflict(db.Execute(kComplete, params), id, node_id);
}

Result<std::vector<std::int64_t>> JobRepo::CompleteMany(SqlConnection& db, std::span<const std::int64_t> ids,
                                                        const std::string& node_id, UtcTime now) {
    if (ids.empty()) return std::vector<std::int64_t>{};
    const bool sqlite = db.backend() == Backend::kSqlite;
    std::string list = sqlite ? "[" : "{";
    for (const std::int64_t id : ids) {
        if (list.size() > 1) list += ',';
        list += std::to_string(id);
    }
    list += sqlite ? "]" : "}";
    const SqlValue params[] = {std::move(list), node_id, ToEpochSeconds(now)};
    return QueryAll(db, sqlite ? kCompleteManySqlite : kCompleteManyPostgres, params,
                    [](const SqlRow& row) { return row.Int(0); });
}

Status JobRepo::Fail(SqlConnection& db, std::int64_t id, const std::string& node_id, const std::string& error,
                     std::optional<UtcTime> retry_at, UtcTime now) {
    if (retry_at) {
        const SqlValue params[] = {id, node_id, error, ToEpochSeconds(*retry_at)};
        return HeldOrConflict(db.Execute(kRetry, params), id, node_id);
    }
    const SqlValue params[] = {id, node_id, error, ToEpochSeconds(now)};
    return HeldOrConflict(db.Execute(kFail, params), id, node_id);
}

Status JobRepo::Release(SqlConnection& db, std::int64_t id, const std::string& node_id) {
    const SqlValue params[] = {id, node_id};
    return HeldOrConflict(db.Execute(kRelease, params), id, node_id);
}

Result<std::optional<UtcTime>> JobRepo::NextDueAt(SqlConnection& db, UtcTime now, std::span<const std::string> kinds) {
    // Walks the partial index due_jobs_pending in due order and stops at the first row not held back, so the cost
    // is the number of held-back rows ahead of it (jobs in flight or waiting to retry), not the number of jobs.
    const std::string sql = "SELECT due_at FROM due_jobs WHERE state IN ('pending', 'claimed') AND "
                            "(claimed_until IS NULL OR claimed_until <= $1)" +
                            KindFilter(kinds, 2) + " ORDER BY due_at, id LIMIT 1";
    std::vector<SqlValue> params = {ToEpochSeconds(now)};
    params.insert(params.end(), kinds.begin(), kinds.end());
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query({"due_jobs_next_due", sql.c_str()}, params));
    if (rows.empty()) return std::optional<UtcTime>{};
    return std::optional<UtcTime>{FromEpochSeconds(rows.front().Int(0))};
}

Result<std::vector<JobCount>> JobRepo::Counts(SqlConnection& db) {
    return QueryAll(db, kCounts, {}, [](const SqlRow& row) {
        JobCount count;
        count.kind = row.Text(0);
        count.state = kJobStateNames.Parse(row.Text(1)).value_or(JobState::kFailed);
        count.count = row.Int(2);
        return count;
    });
}

Result<std::vector<DueJob>> JobRepo::List(SqlConnection& db, const JobListQuery& query) {
    const SqlValue params[] = {query.state ? std::string(kJobStateNames.Name(*query.state)) : std::string(),
                               query.kind.value_or(std::string()), query.after_id, std::int64_t{query.limit}};
    return QueryAll(db, kList, params, FromRow);
}

}  // namespace sladesk::store
