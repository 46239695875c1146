// Column list and row mapping shared by the ticket queries. Internal to store/.
#pragma once

#include "core/ticket.hpp"
#include "core/result.hpp"
#include "store/sql.hpp"

// The ticket columns in the order TicketFromRow reads them; `t` is the tickets table alias.
#define SLADESK_TICKET_COLUMNS                                                                                      \
    "t.id, t.title, t.kind, t.channel, t.status, t.impact, t.urgency, t.priority, t.customer_id, t.organisation_id, " \
    "t.service_id, t.category_id, t.group_id, t.assignee_id, t.created_by, t.created_at, t.updated_at, "           \
    "t.resolved_at, t.closed_at, t.version"

namespace sladesk::store::detail {

/// Maps one row selected with SLADESK_TICKET_COLUMNS (tags are loaded separately).
Ticket TicketFromRow(const SqlRow& row);
/// Reads the ticket's tags into `ticket.tags`, in name order.
Status LoadTags(SqlConnection& db, Ticket& ticket);

}  // namespace sladesk::store::detail
