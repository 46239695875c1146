// JSON mapping for problem notices, their timelines, what a ticket shows of its notice, and notice inputs.
#pragma once

#include <nlohmann/json.hpp>

#include "core/notice.hpp"
#include "core/result.hpp"
#include "service/notice_service.hpp"
#include "service/ticket_inputs.hpp"

namespace sladesk::http::json {

nlohmann::json ToJson(const Notice& notice);
nlohmann::json ToJson(const NoticeEvent& event);
/// The notice with "tickets" (ids) and "timeline".
nlohmann::json ToJson(const service::NoticeView& view);
/// Staff: id, title, grade, state, statement state and the published statement; customers: the published
/// statement and when it was published, nothing internal.
nlohmann::json ToJson(const service::TicketNotice& notice);

/// A lifecycle step: {"to": "acknowledged" | "mitigated" | "resolved", "resolution": "..."}.
struct NoticeTransition {
    NoticeState to = NoticeState::kAcknowledged;
    std::string resolution;
};
/// {"grade": G, "reason": "..."}.
struct NoticeGradeChange {
    int grade = 0;
    std::string reason;
};

/// Each parser returns kInvalidArgument naming the field for wrong types, missing or unknown fields.
Result<service::NewNotice> ParseNewNotice(const std::string& body);
Result<NoticeTransition> ParseNoticeTransition(const std::string& body);
Result<NoticeGradeChange> ParseNoticeGradeChange(const std::string& body);
/// {"text": "..."}.
Result<std::string> ParseStatementText(const std::string& body);
/// {"ticket": ID}.
Result<TicketId> ParseNoticeLink(const std::string& body);
Result<service::NoticeReview> ParseNoticeReview(const std::string& body);
/// Empty, or an empty object (actions without input); kInvalidArgument otherwise.
Status ParseEmptyBody(const std::string& body);

}  // namespace sladesk::http::json
