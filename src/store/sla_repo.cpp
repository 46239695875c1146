#include "store/sla_repo.hpp"

namespace sladesk::store {
namespace {

#define SLADESK_SLA_COLUMNS \
    "ticket_id, policy_revision, evaluated_at, next_due_at, breached, figures, segments, breaches"

constexpr NamedQuery kPut{"ticket_sla_put",
    "INSERT INTO ticket_sla (" SLADESK_SLA_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (ticket_id) DO UPDATE SET policy_revision = excluded.policy_revision, "
    "evaluated_at = excluded.evaluated_at, next_due_at = excluded.next_due_at, breached = excluded.breached, "
    "figures = excluded.figures, segments = excluded.segments, breaches = excluded.breaches"};
constexpr NamedQuery kGet{"ticket_sla_get", "SELECT " SLADESK_SLA_COLUMNS " FROM ticket_sla WHERE ticket_id = $1"};
// The id list travels as one text parameter so the statement is prepared once whatever the page size.
constexpr NamedQuery kForTicketsSqlite{"ticket_sla_for_tickets",
    "SELECT " SLADESK_SLA_COLUMNS " FROM ticket_sla WHERE ticket_id IN (SELECT value FROM json_each($1))"};
constexpr NamedQuery kForTicketsPostgres{"ticket_sla_for_tickets",
    "SELECT " SLADESK_SLA_COLUMNS " FROM ticket_sla WHERE ticket_id = ANY(CAST($1 AS BIGINT[]))"};
constexpr NamedQuery kClockHistory{"ticket_clock_history",
    "SELECT h.at, h.field, h.old_value, h.new_value, u.role FROM ticket_history h "
    "LEFT JOIN users u ON u.id = h.actor_id "
    "WHERE h.ticket_id = $1 AND h.field IN ('created', 'status', 'group', 'reply', 'reopened') ORDER BY h.id"};
constexpr NamedQuery kStaleOpen{"ticket_sla_stale_open",
    "SELECT t.id FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id "
    "WHERE t.id > $1 AND t.status NOT IN ('resolved', 'closed') "
    "AND (s.ticket_id IS NULL OR s.policy_revision < $2) ORDER BY t.id LIMIT $3"};
constexpr NamedQuery kOpen{"tickets_open_ids",
    "SELECT id FROM tickets WHERE id > $1 AND status NOT IN ('resolved', 'closed') ORDER BY id LIMIT $2"};

#undef SLADESK_SLA_COLUMNS

StoredClocks FromRow(const SqlRow& row) {
    StoredClocks clocks;
    clocks.ticket_id = TicketId{row.Int(0)};
    clocks.policy_revision = row.Int(1);
    clocks.evaluated_at = FromEpochSeconds(row.Int(2));
    if (auto due = row.OptInt(3)) clocks.next_due_at = FromEpochSeconds(*due);
    clocks.breached = row.Int(4) != 0;
    clocks.figures_json = row.Text(5);
    clocks.segments_json = row.Text(6);
    clocks.breaches_json = row.Text(7);
    return clocks;
}

TicketId IdFromRow(const SqlRow& row) { return TicketId{row.Int(0)}; }

}  // namespace

Status SlaRepo::Put(SqlConnection& db, const StoredClocks& clocks) {
    const SqlValue params[] = {clocks.ticket_id.value,
                               clocks.policy_revision,
                               ToEpochSeconds(clocks.evaluated_at),
                               clocks.next_due_at ? SqlValue{ToEpochSeconds(*clocks.next_due_at)} : SqlValue{},
                               std::int64_t{clocks.breached ? 1 : 0},
                               clocks.figures_json,
                               clocks.segments_json,
                               clocks.breaches_json};
    SLADESK_TRY(db.Execute(kPut, params));
    return OkStatus();
}

Result<std::optional<StoredClocks>> SlaRepo::Get(SqlConnection& db, TicketId ticket) {
    const SqlValue params[] = {ticket.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kGet, params));
    if (rows.empty()) return std::optional<StoredClocks>{};
    return std::optional<StoredClocks>{FromRow(rows.front())};
}

Result<std::vector<StoredClocks>> SlaRepo::ForTickets(SqlConnection& db, std::span<const TicketId> tickets) {
    if (tickets.empty()) return std::vector<StoredClocks>{};
    const bool sqlite = db.backend() == Backend::kSqlite;
    std::string ids = sqlite ? "[" : "{";
    for (const TicketId& id : tickets) {
        if (ids.size() > 1) ids += ',';
        ids += std::to_string(id.value);
    }
    ids += sqlite ? "]" : "}";
    const SqlValue params[] = {std::move(ids)};
    return QueryAll(db, sqlite ? kForTicketsSqlite : kForTicketsPostgres, params, FromRow);
}

Result<std::vector<ClockHistoryRow>> SlaRepo::ClockHistory(SqlConnection& db, TicketId ticket) {
    const SqlValue params[] = {ticket.value};
    return QueryAll(db, kClockHistory, params, [](const SqlRow& row) {
        ClockHistoryRow entry;
        entry.at = FromEpochSeconds(row.Int(0));
        entry.field = row.Text(1);
        entry.old_value = row.OptText(2);
        entry.new_value = row.OptText(3);
        if (auto role = row.OptText(4)) entry.actor_role = kRoleNames.Parse(*role);
        return entry;
    });
}

Result<std::vector<TicketId>> SlaRepo::StaleOpenTickets(SqlConnection& db, std::int64_t revision, TicketId after,
                                                        int limit) {
    const SqlValue params[] = {after.value, revision, std::int64_t{limit}};
    return QueryAll(db, kStaleOpen, params, IdFromRow);
}

Result<std::vector<TicketId>> SlaRepo::OpenTickets(SqlConnection& db, TicketId after, int limit) {
    const SqlValue params[] = {after.value, std::int64_t{limit}};
    return QueryAll(db, kOpen, params, IdFromRow);
}

}  // namespace sladesk::store
