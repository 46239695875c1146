#include "store/detail/ticket_rows.hpp"

namespace sladesk::store::detail {
namespace {

template <typename IdType>
std::optional<IdType> OptionalId(const SqlRow& row, std::size_t column) {
    if (auto value = row.OptInt(column)) return IdType{*value};
    return std::nullopt;
}

std::optional<UtcTime> OptionalTime(const SqlRow& row, std::size_t column) {
    if (auto value = row.OptInt(column)) return FromEpochSeconds(*value);
    return std::nullopt;
}

}  // namespace

Ticket TicketFromRow(const SqlRow& row) {
    Ticket ticket;
    ticket.id = TicketId{row.Int(0)};
    ticket.title = row.Text(1);
    ticket.kind = kTicketKindNames.Parse(row.Text(2)).value_or(TicketKind::kIncident);
    ticket.channel = kChannelNames.Parse(row.Text(3)).value_or(Channel::kWeb);
    ticket.status = kTicketStatusNames.Parse(row.Text(4)).value_or(TicketStatus::kNew);
    ticket.impact = row.Text(5);
    ticket.urgency = row.Text(6);
    ticket.priority = static_cast<int>(row.Int(7));
    ticket.customer_id = UserId{row.Int(8)};
    ticket.organisation_id = OptionalId<OrganisationId>(row, 9);
    ticket.service_id = OptionalId<ServiceId>(row, 10);
    ticket.category_id = OptionalId<CategoryId>(row, 11);
    ticket.group_id = OptionalId<GroupId>(row, 12);
    ticket.assignee_id = OptionalId<UserId>(row, 13);
    ticket.created_by = UserId{row.Int(14)};
    ticket.created_at = FromEpochSeconds(row.Int(15));
    ticket.updated_at = FromEpochSeconds(row.Int(16));
    ticket.resolved_at = OptionalTime(row, 17);
    ticket.closed_at = OptionalTime(row, 18);
    ticket.version = row.Int(19);
    return ticket;
}

Status LoadTags(SqlConnection& db, Ticket& ticket) {
    static constexpr NamedQuery kTicketTags{"ticket_tags",
                                            "SELECT tag FROM ticket_tags WHERE ticket_id = $1 ORDER BY tag"};
    const SqlValue params[] = {ticket.id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRows tags, db.Query(kTicketTags, params));
    ticket.tags.clear();
    for (const SqlRow& tag : tags) ticket.tags.push_back(tag.Text(0));
    return OkStatus();
}

}  // namespace sladesk::store::detail
