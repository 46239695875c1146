#include "service/detail/history.hpp"

#include "store/ticket_repo.hpp"

namespace sladesk::service::detail {

Status RecordChange(store::SqlConnection& db, TicketId ticket, std::optional<UserId> actor, UtcTime at,
                    const std::string& field, const std::optional<std::string>& old_value,
                    const std::optional<std::string>& new_value) {
    if (old_value == new_value) return OkStatus();
    return store::TicketRepo::AddHistory(db, HistoryEntry{0, ticket, actor, at, field, old_value, new_value});
}

}  // namespace sladesk::service::detail
