#include "store/outbox_repo.hpp"

#include <algorithm>

namespace sladesk::store {
namespace {

#define SLADESK_OUTBOX_COLUMNS                                                                                     \
    "id, dedup_key, message_uid, event, channel, recipient, user_id, ticket_id, language, subject, body_text, "   \
    "body_html, data, urgent, state, attempts, next_attempt_at, claimed_by, last_error, created_at, sent_at"

constexpr NamedQuery kEnqueue{"outbox_enqueue",
    "INSERT INTO outbox_messages (dedup_key, message_uid, event, channel, recipient, user_id, ticket_id, language, "
    "subject, body_text, body_html, data, urgent, state, attempts, next_attempt_at, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', 0, $14, $15) "
    "ON CONFLICT (dedup_key) DO NOTHING RETURNING id"};

// Claimable at $3: pending or sending, and next_attempt_at (a retry time, or a dead node's lease end) has come.
#define SLADESK_OUTBOX_PICK                                                                                        \
    "SELECT id AS picked_id FROM outbox_messages WHERE state IN ('pending', 'sending') AND next_attempt_at <= $3 " \
    "ORDER BY next_attempt_at, id LIMIT $4"
#define SLADESK_OUTBOX_CLAIM_SET \
    "UPDATE outbox_messages SET state = 'sending', claimed_by = $1, next_attempt_at = $2, attempts = attempts + 1 "
// PostgreSQL picks in a MATERIALIZED CTE with FOR UPDATE SKIP LOCKED (concurrent claims skip each other's rows and
// the LIMIT holds; see JobRepo); SQLite has one writer at a time, so a subquery is enough.
constexpr NamedQuery kClaimPostgres{"outbox_claim",
    "WITH picked AS MATERIALIZED (" SLADESK_OUTBOX_PICK " FOR UPDATE SKIP LOCKED) " SLADESK_OUTBOX_CLAIM_SET
    "FROM picked WHERE outbox_messages.id = picked.picked_id RETURNING " SLADESK_OUTBOX_COLUMNS};
constexpr NamedQuery kClaimSqlite{"outbox_claim",
    SLADESK_OUTBOX_CLAIM_SET "WHERE id IN (" SLADESK_OUTBOX_PICK ") RETURNING " SLADESK_OUTBOX_COLUMNS};

constexpr NamedQuery kMarkSentManySqlite{"outbox_mark_sent_many",
    "UPDATE outbox_messages SET state = 'sent', sent_at = $3, last_error = NULL "
    "WHERE id IN (SELECT value FROM json_each($1)) AND claimed_by = $2 AND state = 'sending' RETURNING id"};
constexpr NamedQuery kMarkSentManyPostgres{"outbox_mark_sent_many",
    "UPDATE outbox_messages SET state = 'sent', sent_at = $3, last_error = NULL "
    "WHERE id = ANY(CAST($1 AS BIGINT[])) AND claimed_by = $2 AND state = 'sending' RETURNING id"};
constexpr NamedQuery kMarkRetry{"outbox_mark_retry",
    "UPDATE outbox_messages SET state = 'pending', claimed_by = NULL, next_attempt_at = $3, last_error = $4 "
    "WHERE id = $1 AND claimed_by = $2 AND state = 'sending'"};
constexpr NamedQuery kMarkDead{"outbox_mark_dead",
    "UPDATE outbox_messages SET state = 'dead', last_error = $3 "
    "WHERE id = $1 AND claimed_by = $2 AND state = 'sending'"};
constexpr NamedQuery kRelease{"outbox_release",
    "UPDATE outbox_messages SET state = 'pending', claimed_by = NULL, next_attempt_at = $3, attempts = attempts - 1 "
    "WHERE id = $1 AND claimed_by = $2 AND state = 'sending'"};
constexpr NamedQuery kRequeue{"outbox_requeue",
    "UPDATE outbox_messages SET state = 'pending', claimed_by = NULL, next_attempt_at = $2, attempts = 0 "
    "WHERE id = $1 AND state = 'dead'"};
constexpr int kAttemptColumns = 8;
constexpr std::size_t kAttemptsPerInsert = 100;
constexpr NamedQuery kNextAttempt{"outbox_next_attempt",
    "SELECT next_attempt_at FROM outbox_messages WHERE state IN ('pending', 'sending') "
    "ORDER BY next_attempt_at, id LIMIT 1"};
constexpr NamedQuery kGet{"outbox_get", "SELECT " SLADESK_OUTBOX_COLUMNS " FROM outbox_messages WHERE id = $1"};
constexpr NamedQuery kList{"outbox_list",
    "SELECT " SLADESK_OUTBOX_COLUMNS " FROM outbox_messages WHERE ($1 = '' OR state = $1) AND ($2 = '' OR channel = $2) "
    "AND (CAST($3 AS BIGINT) = 0 OR ticket_id = $3) AND id > $4 ORDER BY id LIMIT $5"};
constexpr NamedQuery kAttempts{"outbox_attempts_of",
    "SELECT id, message_id, attempt, node, started_at, duration_ms, outcome, response_code, error "
    "FROM outbox_attempts WHERE message_id = $1 ORDER BY id"};
constexpr NamedQuery kCounts{"outbox_counts",
    "SELECT channel, state, COUNT(*) FROM outbox_messages GROUP BY channel, state ORDER BY channel, state"};

#undef SLADESK_OUTBOX_CLAIM_SET
#undef SLADESK_OUTBOX_PICK
#undef SLADESK_OUTBOX_COLUMNS

OutboxMessage FromRow(const SqlRow& row) {
    OutboxMessage message;
    message.id = row.Int(0);
    message.dedup_key = row.Text(1);
    message.message_uid = row.Text(2);
    message.event = row.Text(3);
    message.channel = row.Text(4);
    message.recipient = row.Text(5);
    if (auto user = row.OptInt(6)) message.user_id = UserId{*user};
    if (auto ticket = row.OptInt(7)) message.ticket_id = TicketId{*ticket};
    message.language = row.Text(8);
    message.subject = row.Text(9);
    message.body_text = row.Text(10);
    message.body_html = row.Text(11);
    message.data = row.Text(12);
    message.urgent = row.Int(13) != 0;
    message.state = kOutboxStateNames.Parse(row.Text(14)).value_or(OutboxState::kDead);
    message.attempts = static_cast<int>(row.Int(15));
    message.next_attempt_at = FromEpochSeconds(row.Int(16));
    message.claimed_by = row.OptText(17);
    message.last_error = row.OptText(18);
    message.created_at = FromEpochSeconds(row.Int(19));
    if (auto sent = row.OptInt(20)) message.sent_at = FromEpochSeconds(*sent);
    return message;
}

OutboxAttempt AttemptFromRow(const SqlRow& row) {
    OutboxAttempt attempt;
    attempt.id = row.Int(0);
    attempt.message_id = row.Int(1);
    attempt.attempt = static_cast<int>(row.Int(2));
    attempt.node = row.Text(3);
    attempt.started_at = FromEpochSeconds(row.Int(4));
    attempt.duration = std::chrono::milliseconds{row.Int(5)};
    attempt.outcome = kAttemptOutcomeNames.Parse(row.Text(6)).value_or(AttemptOutcome::kDead);
    if (auto code = row.OptInt(7)) attempt.response_code = static_cast<int>(*code);
    attempt.error = row.OptText(8);
    return attempt;
}

SqlValue OptId(std::int64_t present, bool has) { return has ? SqlValue{present} : SqlValue{}; }

/// One outbox_attempts row per report, up to kAttemptsPerInsert rows per multi-row INSERT (the statement text
/// depends only on the row count, so each size is prepared once per connection).
Status LogAttempts(SqlConnection& db, const std::string& node_id, std::span<const DeliveryReport> reports,
                   const std::vector<AttemptOutcome>& outcomes) {
    for (std::size_t first = 0; first < reports.size(); first += kAttemptsPerInsert) {
        const std::size_t rows = std::min(kAttemptsPerInsert, reports.size() - first);
        std::string sql = "INSERT INTO outbox_attempts (message_id, attempt, node, started_at, duration_ms, outcome, "
                          "response_code, error) VALUES ";
        std::vector<SqlValue> params;
        params.reserve(rows * kAttemptColumns);
        for (std::size_t row = 0; row < rows; ++row) {
            const DeliveryReport& report = reports[first + row];
            sql += row > 0 ? ", (" : "(";
            for (int column = 1; column <= kAttemptColumns; ++column) {
                sql += "$" + std::to_string(row * kAttemptColumns + column) + (column < kAttemptColumns ? ", " : ")");
            }
            params.push_back(report.message_id);
            params.push_back(std::int64_t{report.attempt});
            params.push_back(node_id);
            params.push_back(ToEpochSeconds(report.started_at));
            params.push_back(static_cast<std::int64_t>(report.duration.count()));
            params.push_back(std::string(kAttemptOutcomeNames.Name(outcomes[first + row])));
            params.push_back(report.response_code ? SqlValue{std::int64_t{*report.response_code}} : SqlValue{});
            params.push_back(report.error.empty() ? SqlValue{} : SqlValue{report.error});
        }
        SLADESK_TRY(db.Execute({"outbox_attempts_insert", sql.c_str()}, params));
    }
    return OkStatus();
}

}  // namespace

std::chrono::seconds OutboxBackoff(int failed_attempts, const RetryPolicy& policy) {
    std::chrono::seconds delay = policy.base;
    for (int n = 1; n < failed_attempts && delay < policy.cap; ++n) delay *= 2;
    return std::min(delay, policy.cap);
}

Result<std::optional<std::int64_t>> OutboxRepo::Enqueue(SqlConnection& db, const OutboxMessage& message) {
    const SqlValue params[] = {message.dedup_key,
                               message.message_uid,
                               message.event,
                               message.channel,
                               message.recipient,
                               OptId(message.user_id ? message.user_id->value : 0, message.user_id.has_value()),
                               OptId(message.ticket_id ? message.ticket_id->value : 0, message.ticket_id.has_value()),
                               message.language,
                               message.subject,
                               message.body_text,
                               message.body_html,
                               message.data,
                               std::int64_t{message.urgent ? 1 : 0},
                               ToEpochSeconds(message.next_attempt_at),
                               ToEpochSeconds(message.created_at)};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kEnqueue, params));
    if (rows.empty()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{rows.front().Int(0)};
}

Result<std::vector<OutboxMessage>> OutboxRepo::Claim(SqlConnection& db, const std::string& node_id, UtcTime now,
                                                     std::chrono::seconds lease, int limit) {
    if (limit <= 0) return std::vector<OutboxMessage>{};
    const SqlValue params[] = {node_id, ToEpochSeconds(now + lease), ToEpochSeconds(now), std::int64_t{limit}};
    const NamedQuery& claim = db.backend() == Backend::kPostgres ? kClaimPostgres : kClaimSqlite;
    SLADESK_ASSIGN_OR_RETURN(auto messages, QueryAll(db, claim, params, FromRow));
    // RETURNING has no order of its own. The order was next_attempt_at before the claim; ids break ties.
    std::sort(messages.begin(), messages.end(),
              [](const OutboxMessage& a, const OutboxMessage& b) { return a.id < b.id; });
    return messages;
}

Result<FinishCounts> OutboxRepo::Finish(SqlConnection& db, const std::string& node_id,
                                        std::span<const DeliveryReport> reports, const RetryPolicy& policy,
                                        UtcTime now) {
    FinishCounts counts;
    std::vector<std::int64_t> delivered;
    std::vector<AttemptOutcome> outcomes;
    outcomes.reserve(reports.size());
    for (const DeliveryReport& report : reports) {
        if (report.delivered) {
            delivered.push_back(report.message_id);
            outcomes.push_back(AttemptOutcome::kSent);
            continue;
        }
        // Failures are rare: one statement each.
        AttemptOutcome outcome = AttemptOutcome::kRetry;
        Result<std::int64_t> changed = std::int64_t{0};
        if (report.permanent || report.attempt >= policy.max_attempts) {
            outcome = AttemptOutcome::kDead;
            const SqlValue params[] = {report.message_id, node_id, report.error};
            changed = db.Execute(kMarkDead, params);
        } else {
            const UtcTime retry_at = now + OutboxBackoff(std::max(report.attempt, 1), policy);
            const SqlValue params[] = {report.message_id, node_id, ToEpochSeconds(retry_at), report.error};
            changed = db.Execute(kMarkRetry, params);
        }
        if (!changed) return changed.error();
        if (*changed == 0) {
            ++counts.lease_lost;
        } else if (outcome == AttemptOutcome::kRetry) {
            ++counts.retried;
        } else {
            ++counts.dead;
        }
        outcomes.push_back(outcome);
    }
    if (!delivered.empty()) {
        // The delivered ones in one statement; the id list travels as one parameter (JSON array for SQLite, array
        // literal for PostgreSQL), as in JobRepo::CompleteMany.
        const bool sqlite = db.backend() == Backend::kSqlite;
        std::string list = sqlite ? "[" : "{";
        for (const std::int64_t id : delivered) {
            if (list.size() > 1) list += ',';
            list += std::to_string(id);
        }
        list += sqlite ? "]" : "}";
        const SqlValue params[] = {std::move(list), node_id, ToEpochSeconds(now)};
        SLADESK_ASSIGN_OR_RETURN(SqlRows marked, db.Query(sqlite ? kMarkSentManySqlite : kMarkSentManyPostgres, params));
        counts.sent += static_cast<int>(marked.size());
        counts.lease_lost += static_cast<int>(delivered.size() - marked.size());
    }
    SLADESK_TRY(LogAttempts(db, node_id, reports, outcomes));
    return counts;
}

Status OutboxRepo::Release(SqlConnection& db, const std::string& node_id, std::span<const std::int64_t> ids) {
    for (const std::int64_t id : ids) {
        // Due again at once: the lease end in next_attempt_at would otherwise hold it back.
        const SqlValue params[] = {id, node_id, std::int64_t{0}};
        SLADESK_TRY(db.Execute(kRelease, params));
    }
    return OkStatus();
}

Status OutboxRepo::Requeue(SqlConnection& db, std::int64_t id, UtcTime now) {
    const SqlValue params[] = {id, ToEpochSeconds(now)};
    SLADESK_ASSIGN_OR_RETURN(std::int64_t changed, db.Execute(kRequeue, params));
    if (changed == 0) return Error::NotFound("dead outbox message " + std::to_string(id));
    return OkStatus();
}

Result<std::optional<UtcTime>> OutboxRepo::NextAttemptAt(SqlConnection& db) {
    // Sending rows carry their lease end in next_attempt_at, so one ordered index read answers for both states.
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kNextAttempt, {}));
    if (rows.empty()) return std::optional<UtcTime>{};
    return std::optional<UtcTime>{FromEpochSeconds(rows.front().Int(0))};
}

Result<OutboxMessage> OutboxRepo::Get(SqlConnection& db, std::int64_t id) {
    const SqlValue params[] = {id};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGet, params, "outbox message " + std::to_string(id)));
    return FromRow(row);
}

Result<std::vector<OutboxMessage>> OutboxRepo::List(SqlConnection& db, const OutboxListQuery& query) {
    const SqlValue params[] = {query.state ? std::string(kOutboxStateNames.Name(*query.state)) : std::string(),
                               query.channel.value_or(std::string()),
                               query.ticket_id ? query.ticket_id->value : std::int64_t{0}, query.after_id,
                               std::int64_t{query.limit}};
    return QueryAll(db, kList, params, FromRow);
}

Result<std::vector<OutboxAttempt>> OutboxRepo::Attempts(SqlConnection& db, std::int64_t message_id) {
    const SqlValue params[] = {message_id};
    return QueryAll(db, kAttempts, params, AttemptFromRow);
}

Result<std::vector<OutboxCount>> OutboxRepo::Counts(SqlConnection& db) {
    return QueryAll(db, kCounts, {}, [](const SqlRow& row) {
        OutboxCount count;
        count.channel = row.Text(0);
        count.state = kOutboxStateNames.Parse(row.Text(1)).value_or(OutboxState::kDead);
        count.count = row.Int(2);
        return count;
    });
}

}  // namespace sladesk::store
