// Graded problem notices (问题分级通告): what one is, its lifecycle states, its public statement and timeline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/enum_names.hpp"
#include "core/ids.hpp"
#include "core/utc_time.hpp"

namespace sladesk {

using NoticeId = Id<struct NoticeTag>;

/// open -> acknowledged -> mitigated -> resolved -> reviewed. A notice counts as active (collects tickets, blocks a
/// second notice of its burst rule) until it is resolved.
enum class NoticeState { kOpen, kAcknowledged, kMitigated, kResolved, kReviewed };
/// The public statement (对外解释口径): drafted, approved by the accountable owner, published to customers.
enum class StatementState { kNone, kDraft, kApproved, kPublished };

inline constexpr EnumNames<NoticeState, 5> kNoticeStateNames{{{
    {NoticeState::kOpen, "open"},
    {NoticeState::kAcknowledged, "acknowledged"},
    {NoticeState::kMitigated, "mitigated"},
    {NoticeState::kResolved, "resolved"},
    {NoticeState::kReviewed, "reviewed"},
}}};
inline constexpr EnumNames<StatementState, 4> kStatementStateNames{{{
    {StatementState::kNone, "none"},
    {StatementState::kDraft, "draft"},
    {StatementState::kApproved, "approved"},
    {StatementState::kPublished, "published"},
}}};

/// True while a notice still collects tickets (open, acknowledged, mitigated).
constexpr bool IsActive(NoticeState state) {
    return state == NoticeState::kOpen || state == NoticeState::kAcknowledged || state == NoticeState::kMitigated;
}

/// A notice as stored. `grade` 1 is the most severe (一级). `rule` names the burst rule that opened it; empty for a
/// notice opened by hand. `version` increases with every change.
struct Notice {
    NoticeId id;
    std::string title;
    std::optional<std::string> rule;
    NoticeState state = NoticeState::kOpen;
    int grade = 0;
    bool grade_manual = false;  // set by hand: automatic raises still apply, never lowers
    std::optional<CategoryId> category_id;
    std::optional<ServiceId> service_id;
    std::int64_t ticket_count = 0;
    std::string statement;  // empty while none was drafted
    StatementState statement_state = StatementState::kNone;
    std::optional<UtcTime> statement_published_at;
    std::string resolution;      // the text linked tickets are resolved with
    std::string review_cause;    // post-incident review
    std::string review_timeline;
    std::string review_actions;
    std::optional<UserId> opened_by;  // nullopt: opened by a burst rule
    UtcTime opened_at;
    UtcTime updated_at;
    std::optional<UtcTime> acknowledged_at;
    std::optional<UtcTime> resolved_at;
    std::int64_t version = 1;
};

/// One entry of a notice's timeline: every count, grade change, state change and statement step.
struct NoticeEvent {
    std::int64_t id = 0;
    NoticeId notice_id;
    UtcTime at;
    std::optional<UserId> actor_id;  // nullopt: the system (a burst rule, the scheduler)
    std::string kind;                // "opened", "linked", "grade", "state", "statement", "escalated", ...
    std::string detail;
};

}  // namespace sladesk
