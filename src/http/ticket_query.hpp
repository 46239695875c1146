// The ticket list's query string (filters, sort, cursor) and its opaque cursors.
#pragma once

#include <string>

#include "core/result.hpp"
#include "http/http_types.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::http {

/// Reads status, priority, group, assignee (an id, "me" or "none"), customer, organisation, service, category,
/// kind, tag, q, sort ("created_at", "-updated_at", ...; default "-id"), limit (1..200, default 50) and cursor.
/// kInvalidArgument naming the parameter for anything malformed, including a cursor made for another sort.
Result<store::TicketQuery> ParseTicketQuery(const Request& request);

/// An opaque cursor that continues after `last` in `query`'s order.
std::string EncodeCursor(const store::TicketQuery& query, const Ticket& last);

}  // namespace sladesk::http
