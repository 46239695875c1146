#include "store/ticket_repo.hpp"

#include <string>

#include "store/detail/ticket_rows.hpp"

namespace sladesk::store {
namespace {

constexpr NamedQuery kInsertTicket{"ticket_insert",
    "INSERT INTO tickets (title, kind, channel, status, impact, urgency, priority, customer_id, organisation_id, "
    "service_id, category_id, group_id, assignee_id, created_by, created_at, updated_at, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1) RETURNING id"};
constexpr NamedQuery kGetTicket{"ticket_get", "SELECT " SLADESK_TICKET_COLUMNS " FROM tickets t WHERE t.id = $1"};
constexpr NamedQuery kUpdateTicket{"ticket_update",
    "UPDATE tickets SET title = $1, kind = $2, channel = $3, status = $4, impact = $5, urgency = $6, priority = $7, "
    "customer_id = $8, organisation_id = $9, service_id = $10, category_id = $11, group_id = $12, assignee_id = $13, "
    "updated_at = $14, resolved_at = $15, closed_at = $16, version = version + 1 WHERE id = $17 AND version = $18"};
constexpr NamedQuery kDeleteTags{"ticket_tags_delete", "DELETE FROM ticket_tags WHERE ticket_id = $1"};
constexpr NamedQuery kInsertTag{"ticket_tag_insert",
    "INSERT INTO ticket_tags (ticket_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING"};
constexpr NamedQuery kInsertHistory{"ticket_history_insert",
    "INSERT INTO ticket_history (ticket_id, actor_id, at, field, old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr NamedQuery kHistory{"ticket_history",
    "SELECT id, ticket_id, actor_id, at, field, old_value, new_value FROM ticket_history WHERE ticket_id = $1 "
    "ORDER BY id"};
constexpr NamedQuery kHasHistory{"ticket_history_has",
    "SELECT 1 FROM ticket_history WHERE ticket_id = $1 AND field = $2 AND new_value = $3 LIMIT 1"};
constexpr NamedQuery kInsertLink{"ticket_link_insert",
    "INSERT INTO ticket_links (ticket_id, kind, target_id, created_at) VALUES ($1, $2, $3, $4)"};
constexpr NamedQuery kLinks{"ticket_links",
    "SELECT kind, target_id FROM ticket_links WHERE ticket_id = $1 ORDER BY created_at, target_id"};
constexpr NamedQuery kIndexText{"ticket_search_insert",
    "INSERT INTO ticket_search (body, ticket_id, internal) VALUES ($1, $2, $3)"};
constexpr NamedQuery kIndexTextPending{"ticket_search_pending_insert",
    "INSERT INTO ticket_search_pending (body, ticket_id, internal) VALUES ($1, $2, $3)"};
constexpr NamedQuery kCountByStatus{"tickets_count_by_status",
    "SELECT status, COUNT(*) FROM tickets GROUP BY status ORDER BY status"};

SqlValue IdOrNull(const auto& optional_id) {
    if (!optional_id) return std::monostate{};
    return optional_id->value;
}

SqlValue TimeOrNull(const std::optional<UtcTime>& time) {
    if (!time) return std::monostate{};
    return ToEpochSeconds(*time);
}

}  // namespace

std::int64_t SortValue(const Ticket& ticket, TicketSort sort) {
    switch (sort) {
        case TicketSort::kId: return ticket.id.value;
        case TicketSort::kCreatedAt: return ToEpochSeconds(ticket.created_at);
        case TicketSort::kUpdatedAt: return ToEpochSeconds(ticket.updated_at);
        case TicketSort::kPriority: return ticket.priority;
    }
    return ticket.id.value;
}

Result<TicketId> TicketRepo::Insert(SqlConnection& db, const Ticket& ticket) {
    const SqlValue params[] = {
        ticket.title, std::string(kTicketKindNames.Name(ticket.kind)), std::string(kChannelNames.Name(ticket.channel)),
        std::string(kTicketStatusNames.Name(ticket.status)), ticket.impact, ticket.urgency,
        std::int64_t{ticket.priority}, ticket.customer_id.value, IdOrNull(ticket.organisation_id),
        IdOrNull(ticket.service_id), IdOrNull(ticket.category_id), IdOrNull(ticket.group_id),
        IdOrNull(ticket.assignee_id), ticket.created_by.value, ToEpochSeconds(ticket.created_at),
        ToEpochSeconds(ticket.updated_at)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kInsertTicket, params, "inserted ticket id"));
    const TicketId id{row.Int(0)};
    for (const auto& tag : ticket.tags) {
        const SqlValue tag_params[] = {id.value, tag};
        SLADESK_TRY(db.Execute(kInsertTag, tag_params));
    }
    return id;
}

Result<Ticket> TicketRepo::Get(SqlConnection& db, TicketId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetTicket, params, "ticket " + std::to_string(id.value)));
    Ticket ticket = detail::TicketFromRow(row);
    SLADESK_TRY(detail::LoadTags(db, ticket));
    return ticket;
}

Result<std::int64_t> TicketRepo::Update(SqlConnection& db, const Ticket& ticket) {
    const SqlValue params[] = {
        ticket.title, std::string(kTicketKindNames.Name(ticket.kind)), std::string(kChannelNames.Name(ticket.channel)),
        std::string(kTicketStatusNames.Name(ticket.status)), ticket.impact, ticket.urgency,
        std::int64_t{ticket.priority}, ticket.customer_id.value, IdOrNull(ticket.organisation_id),
        IdOrNull(ticket.service_id), IdOrNull(ticket.category_id), IdOrNull(ticket.group_id),
        IdOrNull(ticket.assignee_id), ToEpochSeconds(ticket.updated_at), TimeOrNull(ticket.resolved_at),
        TimeOrNull(ticket.closed_at), ticket.id.value, ticket.version};
    SLADESK_ASSIGN_OR_RETURN(std::int64_t changed, db.Execute(kUpdateTicket, params));
    if (changed == 0) {
        return Error::PreconditionFailed("ticket " + std::to_string(ticket.id.value) + " was changed by someone else " +
                                         "(version " + std::to_string(ticket.version) + " is stale)");
    }
    return ticket.version + 1;
}

Status TicketRepo::AddHistory(SqlConnection& db, const HistoryEntry& entry) {
    const SqlValue params[] = {entry.ticket_id.value, IdOrNull(entry.actor_id), ToEpochSeconds(entry.at), entry.field,
                               OptionalValue(entry.old_value), OptionalValue(entry.new_value)};
    SLADESK_TRY(db.Execute(kInsertHistory, params));
    return OkStatus();
}

Result<std::vector<HistoryEntry>> TicketRepo::History(SqlConnection& db, TicketId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kHistory, params));
    std::vector<HistoryEntry> entries;
    entries.reserve(rows.size());
    for (const SqlRow& row : rows) {
        HistoryEntry entry;
        entry.id = row.Int(0);
        entry.ticket_id = TicketId{row.Int(1)};
        if (auto actor = row.OptInt(2)) entry.actor_id = UserId{*actor};
        entry.at = FromEpochSeconds(row.Int(3));
        entry.field = row.Text(4);
        entry.old_value = row.OptText(5);
        entry.new_value = row.OptText(6);
        entries.push_back(std::move(entry));
    }
    return entries;
}

Result<bool> TicketRepo::HasHistory(SqlConnection& db, TicketId id, const std::string& field,
                                    const std::string& new_value) {
    const SqlValue params[] = {id.value, field, new_value};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kHasHistory, params));
    return !rows.empty();
}

Status TicketRepo::AddLink(SqlConnection& db, TicketId id, const TicketLink& link, UtcTime at) {
    const SqlValue params[] = {id.value, std::string(kLinkKindNames.Name(link.kind)), link.target.value,
                               ToEpochSeconds(at)};
    auto inserted = db.Execute(kInsertLink, params);
    if (!inserted && inserted.error().Is(ErrorCode::kConflict)) {
        return Error::Conflict("ticket " + std::to_string(id.value) + " is already linked to " +
                               std::to_string(link.target.value) + " as " + std::string(kLinkKindNames.Name(link.kind)));
    }
    SLADESK_TRY(inserted);
    return OkStatus();
}

Result<std::vector<TicketLink>> TicketRepo::Links(SqlConnection& db, TicketId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kLinks, params));
    std::vector<TicketLink> links;
    for (const SqlRow& row : rows) {
        if (auto kind = kLinkKindNames.Parse(row.Text(0))) links.push_back({*kind, TicketId{row.Int(1)}});
    }
    return links;
}

Status TicketRepo::ReplaceTags(SqlConnection& db, TicketId id, const std::vector<std::string>& tags) {
    const SqlValue params[] = {id.value};
    SLADESK_TRY(db.Execute(kDeleteTags, params));
    for (const auto& tag : tags) {
        const SqlValue tag_params[] = {id.value, tag};
        SLADESK_TRY(db.Execute(kInsertTag, tag_params));
    }
    return OkStatus();
}

Status TicketRepo::IndexText(SqlConnection& db, TicketId id, bool internal, const std::string& text) {
    const SqlValue params[] = {text, id.value, std::int64_t{internal ? 1 : 0}};
    SLADESK_TRY(db.Execute(db.backend() == Backend::kSqlite ? kIndexTextPending : kIndexText, params));
    return OkStatus();
}

Result<std::vector<std::pair<std::string, std::int64_t>>> TicketRepo::CountByStatus(SqlConnection& db) {
    return QueryAll(db, kCountByStatus, {}, [](const SqlRow& row) { return std::make_pair(row.Text(0), row.Int(1)); });
}

}  // namespace sladesk::store
