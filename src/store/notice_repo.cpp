#include "store/notice_repo.hpp"

namespace sladesk::store {
namespace {

#define SLADESK_NOTICE_COLUMNS                                                                                   \
    "id, title, rule_name, state, grade, grade_manual, category_id, service_id, ticket_count, statement, "      \
    "statement_state, statement_published_at, resolution, review_cause, review_timeline, review_actions, "     \
    "opened_by, opened_at, updated_at, acknowledged_at, resolved_at, version"


constexpr NamedQuery kLockRule{"notice_lock_rule", "SELECT pg_advisory_xact_lock(7419005, CAST($1 AS INTEGER))"};
constexpr NamedQuery kActiveForRule{"notice_active_for_rule",
    "SELECT " SLADESK_NOTICE_COLUMNS " FROM notices WHERE rule_name = $1 "
    "AND state IN ('open', 'acknowledged', 'mitigated')"};
#define SLADESK_NOTICE_INSERT                                                                                    \
    "INSERT INTO notices (title, rule_name, state, grade, grade_manual, category_id, service_id, ticket_count, "  \
    "statement, statement_state, opened_by, opened_at, updated_at, version) "                                     \
    "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, '', 'none', $8, $9, $9, 1) "
// The conflict target repeats the partial index's predicate, so both backends pick that index as the arbiter.
constexpr NamedQuery kInsertForRule{"notice_insert_for_rule",
    SLADESK_NOTICE_INSERT "ON CONFLICT (rule_name) WHERE state IN ('open', 'acknowledged', 'mitigated') "
    "DO NOTHING RETURNING id"};
constexpr NamedQuery kInsert{"notice_insert", SLADESK_NOTICE_INSERT "RETURNING id"};
constexpr NamedQuery kGet{"notice_get", "SELECT " SLADESK_NOTICE_COLUMNS " FROM notices WHERE id = $1"};
constexpr NamedQuery kUpdate{"notice_update",
    "UPDATE notices SET title = $1, state = $2, grade = $3, grade_manual = $4, statement = $5, statement_state = $6, "
    "statement_published_at = $7, resolution = $8, review_cause = $9, review_timeline = $10, review_actions = $11, "
    "updated_at = $12, acknowledged_at = $13, resolved_at = $14, version = version + 1 "
    "WHERE id = $15 AND version = $16"};
constexpr NamedQuery kLink{"notice_link",
    "INSERT INTO notice_tickets (notice_id, ticket_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
constexpr NamedQuery kCountUp{"notice_count_up",
    "UPDATE notices SET ticket_count = ticket_count + 1, updated_at = $2 WHERE id = $1"};
constexpr NamedQuery kLinked{"notice_linked_tickets",
    "SELECT ticket_id FROM notice_tickets WHERE notice_id = $1 ORDER BY ticket_id"};
constexpr NamedQuery kForTicket{"notices_for_ticket",
    "SELECT n.id, n.title, n.rule_name, n.state, n.grade, n.grade_manual, n.category_id, n.service_id, "
    "n.ticket_count, n.statement, n.statement_state, n.statement_published_at, n.resolution, n.review_cause, "
    "n.review_timeline, n.review_actions, n.opened_by, n.opened_at, n.updated_at, n.acknowledged_at, n.resolved_at, "
    "n.version FROM notice_tickets nt JOIN notices n ON n.id = nt.notice_id WHERE nt.ticket_id = $1 "
    "ORDER BY CASE WHEN n.state IN ('open', 'acknowledged', 'mitigated') THEN 0 ELSE 1 END, n.grade, n.id DESC"};
// substr/length rather than LIKE: category codes may hold '_' or '%', which LIKE would read as wildcards.
constexpr NamedQuery kWindow{"notice_window_tickets",
    "SELECT t.id, t.kind, t.service_id, c.path, u.customer_grade FROM tickets t "
    "JOIN categories c ON c.id = t.category_id JOIN users u ON u.id = t.customer_id "
    "WHERE t.created_at >= $1 AND (c.path = CAST($2 AS TEXT) "
    "OR substr(c.path, 1, length(CAST($2 AS TEXT)) + 1) = CAST($2 AS TEXT) || '/') "
    "AND NOT EXISTS (SELECT 1 FROM notice_tickets nt JOIN notices n ON n.id = nt.notice_id "
    "WHERE nt.ticket_id = t.id AND n.rule_name = $3) ORDER BY t.id"};
constexpr NamedQuery kInsertEvent{"notice_event_insert",
    "INSERT INTO notice_events (notice_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5)"};
constexpr NamedQuery kEvents{"notice_events",
    "SELECT id, notice_id, at, actor_id, kind, detail FROM notice_events WHERE notice_id = $1 ORDER BY id"};

SqlValue IdOrNull(const auto& optional_id) {
    if (!optional_id) return std::monostate{};
    return optional_id->value;
}

SqlValue TimeOrNull(const std::optional<UtcTime>& time) {
    if (!time) return std::monostate{};
    return ToEpochSeconds(*time);
}

std::optional<UtcTime> OptTime(const SqlRow& row, std::size_t column) {
    if (row.IsNull(column)) return std::nullopt;
    return FromEpochSeconds(row.Int(column));
}

Notice NoticeFromRow(const SqlRow& row) {
    Notice notice;
    notice.id = NoticeId{row.Int(0)};
    notice.title = row.Text(1);
    notice.rule = row.OptText(2);
    notice.state = kNoticeStateNames.Parse(row.Text(3)).value_or(NoticeState::kOpen);
    notice.grade = static_cast<int>(row.Int(4));
    notice.grade_manual = row.Int(5) != 0;
    if (auto id = row.OptInt(6)) notice.category_id = CategoryId{*id};
    if (auto id = row.OptInt(7)) notice.service_id = ServiceId{*id};
    notice.ticket_count = row.Int(8);
    notice.statement = row.Text(9);
    notice.statement_state = kStatementStateNames.Parse(row.Text(10)).value_or(StatementState::kNone);
    notice.statement_published_at = OptTime(row, 11);
    notice.resolution = row.Text(12);
    notice.review_cause = row.Text(13);
    notice.review_timeline = row.Text(14);
    notice.review_actions = row.Text(15);
    if (auto id = row.OptInt(16)) notice.opened_by = UserId{*id};
    notice.opened_at = FromEpochSeconds(row.Int(17));
    notice.updated_at = FromEpochSeconds(row.Int(18));
    notice.acknowledged_at = OptTime(row, 19);
    notice.resolved_at = OptTime(row, 20);
    notice.version = row.Int(21);
    return notice;
}

std::vector<SqlValue> InsertParams(const Notice& notice) {
    return {notice.title,
            OptionalValue(notice.rule),
            std::string(kNoticeStateNames.Name(notice.state)),
            std::int64_t{notice.grade},
            std::int64_t{notice.grade_manual ? 1 : 0},
            IdOrNull(notice.category_id),
            IdOrNull(notice.service_id),
            IdOrNull(notice.opened_by),
            ToEpochSeconds(notice.opened_at)};
}

}  // namespace

std::int32_t RuleLockKey(const std::string& rule) {
    std::uint32_t hash = 2166136261U;
    for (const char c : rule) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619U;
    }
    return static_cast<std::int32_t>(hash & 0x7fffffffU);
}

Status NoticeRepo::LockRule(SqlConnection& db, const std::string& rule) {
    if (db.backend() != Backend::kPostgres) return OkStatus();
    const SqlValue params[] = {std::int64_t{RuleLockKey(rule)}};
    SLADESK_TRY(db.Query(kLockRule, params));
    return OkStatus();
}

Result<std::optional<Notice>> NoticeRepo::FindActiveForRule(SqlConnection& db, const std::string& rule) {
    const SqlValue params[] = {rule};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kActiveForRule, params));
    if (rows.empty()) return std::optional<Notice>{};
    return std::optional<Notice>{NoticeFromRow(rows.front())};
}

Result<std::optional<NoticeId>> NoticeRepo::InsertForRule(SqlConnection& db, const Notice& notice) {
    const std::vector<SqlValue> params = InsertParams(notice);
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kInsertForRule, params));
    if (rows.empty()) return std::optional<NoticeId>{};
    return std::optional<NoticeId>{NoticeId{rows.front().Int(0)}};
}

Result<NoticeId> NoticeRepo::Insert(SqlConnection& db, const Notice& notice) {
    const std::vector<SqlValue> params = InsertParams(notice);
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kInsert, params, "inserted notice id"));
    return NoticeId{row.Int(0)};
}

Result<Notice> NoticeRepo::Get(SqlConnection& db, NoticeId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGet, params, "notice " + std::to_string(id.value)));
    return NoticeFromRow(row);
}

Result<std::vector<Notice>> NoticeRepo::List(SqlConnection& db, const NoticeQuery& query) {
    // Built from fixed fragments and $N placeholders only; the state names come from the closed enum.
    std::string sql = "SELECT " SLADESK_NOTICE_COLUMNS " FROM notices WHERE 1 = 1";
    std::vector<SqlValue> params;
    if (!query.states.empty()) {
        sql += " AND state IN (";
        for (std::size_t i = 0; i < query.states.size(); ++i) {
            params.emplace_back(std::string(kNoticeStateNames.Name(query.states[i])));
            sql += (i ? ", $" : "$") + std::to_string(params.size());
        }
        sql += ")";
    }
    if (query.grade) {
        params.emplace_back(std::int64_t{*query.grade});
        sql += " AND grade = $" + std::to_string(params.size());
    }
    if (query.before_id) {
        params.emplace_back(*query.before_id);
        sql += " AND id < $" + std::to_string(params.size());
    }
    params.emplace_back(std::int64_t{query.limit + 1});
    sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
    const NamedQuery list{"notices_list", sql.c_str()};
    return QueryAll(db, list, params, NoticeFromRow);
}

Result<std::int64_t> NoticeRepo::Update(SqlConnection& db, const Notice& notice) {
    const SqlValue params[] = {notice.title,
                               std::string(kNoticeStateNames.Name(notice.state)),
                               std::int64_t{notice.grade},
                               std::int64_t{notice.grade_manual ? 1 : 0},
                               notice.statement,
                               std::string(kStatementStateNames.Name(notice.statement_state)),
                               TimeOrNull(notice.statement_published_at),
                               notice.resolution,
                               notice.review_cause,
                               notice.review_timeline,
                               notice.review_actions,
                               ToEpochSeconds(notice.updated_at),
                               TimeOrNull(notice.acknowledged_at),
                               TimeOrNull(notice.resolved_at),
                               notice.id.value,
                               notice.version};
    SLADESK_ASSIGN_OR_RETURN(std::int64_t changed, db.Execute(kUpdate, params));
    if (changed == 0) {
        return Error::PreconditionFailed("notice " + std::to_string(notice.id.value) +
                                         " was changed by someone else (version " + std::to_string(notice.version) +
                                         " is stale)");
    }
    return notice.version + 1;
}

Result<bool> NoticeRepo::LinkTicket(SqlConnection& db, NoticeId notice, TicketId ticket, UtcTime at) {
    const SqlValue params[] = {notice.value, ticket.value, ToEpochSeconds(at)};
    SLADESK_ASSIGN_OR_RETURN(std::int64_t inserted, db.Execute(kLink, params));
    if (inserted == 0) return false;
    const SqlValue count_params[] = {notice.value, ToEpochSeconds(at)};
    SLADESK_TRY(db.Execute(kCountUp, count_params));
    return true;
}

Result<std::vector<TicketId>> NoticeRepo::LinkedTickets(SqlConnection& db, NoticeId notice) {
    const SqlValue params[] = {notice.value};
    return QueryAll(db, kLinked, params, [](const SqlRow& row) { return TicketId{row.Int(0)}; });
}

Result<std::vector<Notice>> NoticeRepo::ForTicket(SqlConnection& db, TicketId ticket) {
    const SqlValue params[] = {ticket.value};
    return QueryAll(db, kForTicket, params, NoticeFromRow);
}

Result<std::vector<WindowTicket>> NoticeRepo::WindowTickets(SqlConnection& db, const std::string& rule,
                                                            const std::string& category, UtcTime from) {
    const SqlValue params[] = {ToEpochSeconds(from), category, rule};
    return QueryAll(db, kWindow, params, [](const SqlRow& row) {
        WindowTicket ticket;
        ticket.id = TicketId{row.Int(0)};
        ticket.kind = kTicketKindNames.Parse(row.Text(1)).value_or(TicketKind::kIncident);
        if (auto id = row.OptInt(2)) ticket.service_id = ServiceId{*id};
        ticket.category_path = row.Text(3);
        ticket.customer_grade = row.OptText(4);
        return ticket;
    });
}

Status NoticeRepo::AddEvent(SqlConnection& db, const NoticeEvent& event) {
    const SqlValue params[] = {event.notice_id.value, ToEpochSeconds(event.at), IdOrNull(event.actor_id), event.kind,
                               event.detail};
    SLADESK_TRY(db.Execute(kInsertEvent, params));
    return OkStatus();
}

Result<std::vector<NoticeEvent>> NoticeRepo::Events(SqlConnection& db, NoticeId notice) {
    const SqlValue params[] = {notice.value};
    return QueryAll(db, kEvents, params, [](const SqlRow& row) {
        NoticeEvent event;
        event.id = row.Int(0);
        event.notice_id = NoticeId{row.Int(1)};
        event.at = FromEpochSeconds(row.Int(2));
        if (auto actor = row.OptInt(3)) event.actor_id = UserId{*actor};
        event.kind = row.Text(4);
        event.detail = row.Text(5);
        return event;
    });
}

}  // namespace sladesk::store
