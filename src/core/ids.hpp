// Strong ids: a TicketId cannot be passed where a UserId is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace sladesk {

/// A database id tagged with what it identifies. Plain value type.
template <typename Tag>
struct Id {
    std::int64_t value = 0;

    constexpr Id() = default;
    constexpr explicit Id(std::int64_t v) : value(v) {}
    constexpr bool valid() const { return value > 0; }
    constexpr auto operator<=>(const Id&) const = default;
};

using TicketId = Id<struct TicketTag>;
using UserId = Id<struct UserTag>;
using GroupId = Id<struct GroupTag>;
using OrganisationId = Id<struct OrganisationTag>;
using ServiceId = Id<struct ServiceTag>;
using CategoryId = Id<struct CategoryTag>;
using ArticleId = Id<struct ArticleTag>;
using AttachmentId = Id<struct AttachmentTag>;
using CannedResponseId = Id<struct CannedResponseTag>;

}  // namespace sladesk

template <typename Tag>
struct std::hash<sladesk::Id<Tag>> {
    std::size_t operator()(const sladesk::Id<Tag>& id) const noexcept { return std::hash<std::int64_t>{}(id.value); }
};
