// The ticket and the closed sets that describe it (kind, channel, status, impact/urgency levels, links).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/ids.hpp"
#include "core/utc_time.hpp"

namespace sladesk {

enum class TicketKind { kIncident, kRequest, kInquiry, kComplaint, kSuggestion };
enum class Channel { kWeb, kEmail, kPhone, kServiceHall, kApi };
enum class TicketStatus {
    kNew,
    kAcknowledged,
    kInProgress,
    kPendingCustomer,
    kPendingSupplier,
    kResolved,
    kClosed,
};
enum class LinkKind { kDuplicate, kRelated, kParent, kChild };

inline constexpr EnumNames<TicketKind, 5> kTicketKindNames{{{
    {TicketKind::kIncident, "incident"},
    {TicketKind::kRequest, "request"},
    {TicketKind::kInquiry, "inquiry"},
    {TicketKind::kComplaint, "complaint"},
    {TicketKind::kSuggestion, "suggestion"},
}}};
inline constexpr EnumNames<Channel, 5> kChannelNames{{{
    {Channel::kWeb, "web"},
    {Channel::kEmail, "email"},
    {Channel::kPhone, "phone"},
    {Channel::kServiceHall, "service_hall"},
    {Channel::kApi, "api"},
}}};
inline constexpr EnumNames<TicketStatus, 7> kTicketStatusNames{{{
    {TicketStatus::kNew, "new"},
    {TicketStatus::kAcknowledged, "acknowledged"},
    {TicketStatus::kInProgress, "in_progress"},
    {TicketStatus::kPendingCustomer, "pending_customer"},
    {TicketStatus::kPendingSupplier, "pending_supplier"},
    {TicketStatus::kResolved, "resolved"},
    {TicketStatus::kClosed, "closed"},
}}};
inline constexpr EnumNames<LinkKind, 4> kLinkKindNames{{{
    {LinkKind::kDuplicate, "duplicate"},
    {LinkKind::kRelated, "related"},
    {LinkKind::kParent, "parent"},
    {LinkKind::kChild, "child"},
}}};

/// A ticket as stored. Impact and urgency are names from the configured priority matrix; priority is 1 (highest)
/// to N. `version` increases with every change and backs optimistic locking (ETag).
struct Ticket {
    TicketId id;
    std::string title;
    TicketKind kind = TicketKind::kIncident;
    Channel channel = Channel::kWeb;
    TicketStatus status = TicketStatus::kNew;
    std::string impact;
    std::string urgency;
    int priority = 0;
    UserId customer_id;
    std::optional<OrganisationId> organisation_id;
    std::optional<ServiceId> service_id;
    std::optional<CategoryId> category_id;
    std::optional<GroupId> group_id;
    std::optional<UserId> assignee_id;
    UserId created_by;
    UtcTime created_at;
    UtcTime updated_at;
    std::optional<UtcTime> resolved_at;
    std::optional<UtcTime> closed_at;
    std::int64_t version = 1;
    std::vector<std::string> tags;
};

struct TicketLink {
    LinkKind kind;
    TicketId target;
};

/// One recorded change: who changed which field of a ticket, when, from what to what.
struct HistoryEntry {
    std::int64_t id = 0;
    TicketId ticket_id;
    std::optional<UserId> actor_id;
    UtcTime at;
    std::string field;
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
};

}  // namespace sladesk
