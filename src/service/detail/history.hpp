// Writing history rows for ticket changes. Internal to service/.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/ticket.hpp"
#include "store/sql.hpp"

namespace sladesk::service::detail {

/// Records one change of `field` on `ticket` by `actor` at `at`, if `old_value` differs from `new_value`.
Status RecordChange(store::SqlConnection& db, TicketId ticket, std::optional<UserId> actor, UtcTime at,
                    const std::string& field, const std::optional<std::string>& old_value,
                    const std::optional<std::string>& new_value);

/// Text of an optional id for history rows.
template <typename IdType>
std::optional<std::string> IdText(const std::optional<IdType>& id) {
    if (!id) return std::nullopt;
    return std::to_string(id->value);
}

}  // namespace sladesk::service::detail
