#include "store/job_repo.hpp"

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

}  // namespace sladesk::store
