#include "http/json/notice_json.hpp"

#include <limits>

#include "http/json/object_reader.hpp"

namespace sladesk::http::json {
namespace {

constexpr std::size_t kMaxTitleBytes = 500;
constexpr std::size_t kMaxTextBytes = 64 * 1024;
constexpr std::size_t kMaxLinkedAtOpen = 1000;
constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

template <typename IdType>
nlohmann::json IdOrNull(const std::optional<IdType>& id) {
    return id ? nlohmann::json(id->value) : nlohmann::json(nullptr);
}

nlohmann::json TimeOrNull(const std::optional<UtcTime>& time) {
    return time ? nlohmann::json(FormatIso8601(*time)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const Notice& notice) {
    return {{"id", notice.id.value},
            {"title", notice.title},
            {"rule", notice.rule ? nlohmann::json(*notice.rule) : nlohmann::json(nullptr)},
            {"state", kNoticeStateNames.Name(notice.state)},
            {"grade", notice.grade},
            {"grade_manual", notice.grade_manual},
            {"category", IdOrNull(notice.category_id)},
            {"service", IdOrNull(notice.service_id)},
            {"ticket_count", notice.ticket_count},
            {"statement", {{"state", kStatementStateNames.Name(notice.statement_state)},
                           {"text", notice.statement},
                           {"published_at", TimeOrNull(notice.statement_published_at)}}},
            {"resolution", notice.resolution},
            {"review", {{"cause", notice.review_cause},
                        {"timeline", notice.review_timeline},
                        {"actions", notice.review_actions}}},
            {"opened_by", IdOrNull(notice.opened_by)},
            {"opened_at", FormatIso8601(notice.opened_at)},
            {"updated_at", FormatIso8601(notice.updated_at)},
            {"acknowledged_at", TimeOrNull(notice.acknowledged_at)},
            {"resolved_at", TimeOrNull(notice.resolved_at)},
            {"version", notice.version}};
}

nlohmann::json ToJson(const NoticeEvent& event) {
    return {{"id", event.id},
            {"at", FormatIso8601(event.at)},
            {"actor", IdOrNull(event.actor_id)},
            {"kind", event.kind},
            {"detail", event.detail}};
}

nlohmann::json ToJson(const service::NoticeView& view) {
    nlohmann::json body = ToJson(view.notice);
    nlohmann::json tickets = nlohmann::json::array();
    for (const TicketId id : view.tickets) tickets.push_back(id.value);
    nlohmann::json timeline = nlohmann::json::array();
    for (const NoticeEvent& event : view.events) timeline.push_back(ToJson(event));
    body["tickets"] = std::move(tickets);
    body["timeline"] = std::move(timeline);
    return body;
}

nlohmann::json ToJson(const service::TicketNotice& seen) {
    nlohmann::json statement = seen.statement.empty() ? nlohmann::json(nullptr) : nlohmann::json(seen.statement);
    if (!seen.notice) return {{"statement", statement}, {"published_at", TimeOrNull(seen.statement_published_at)}};
    const Notice& notice = *seen.notice;
    return {{"id", notice.id.value},
            {"title", notice.title},
            {"grade", notice.grade},
            {"state", kNoticeStateNames.Name(notice.state)},
            {"statement_state", kStatementStateNames.Name(notice.statement_state)},
            {"statement", statement},
            {"published_at", TimeOrNull(seen.statement_published_at)}};
}

Result<service::NewNotice> ParseNewNotice(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    service::NewNotice notice;
    notice.title = reader.String("title", kMaxTitleBytes);
    const auto grade = reader.OptInt("grade", 1, 9);
    if (!grade) reader.Fail("grade", "is required");
    if (auto id = reader.OptInt("category", 1, kMaxId)) notice.category_id = CategoryId{*id};
    if (auto id = reader.OptInt("service", 1, kMaxId)) notice.service_id = ServiceId{*id};
    if (const nlohmann::json* tickets = reader.OptArray("tickets", kMaxLinkedAtOpen)) {
        for (const nlohmann::json& item : *tickets) {
            if (!item.is_number_integer() || item.get<std::int64_t>() < 1) {
                reader.Fail("tickets", "must be a list of ticket ids");
                break;
            }
            notice.tickets.emplace_back(item.get<std::int64_t>());
        }
    }
    SLADESK_TRY(reader.Finish());
    notice.grade = static_cast<int>(*grade);
    return notice;
}

Result<NoticeTransition> ParseNoticeTransition(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    const auto to = reader.OptEnum("to", kNoticeStateNames);
    if (!to) reader.Fail("to", "is required");
    NoticeTransition transition;
    transition.resolution = reader.OptString("resolution", kMaxTextBytes).value_or("");
    SLADESK_TRY(reader.Finish());
    transition.to = *to;
    return transition;
}

Result<NoticeGradeChange> ParseNoticeGradeChange(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    const auto grade = reader.OptInt("grade", 1, 9);
    if (!grade) reader.Fail("grade", "is required");
    NoticeGradeChange change;
    change.reason = reader.String("reason", kMaxTextBytes);
    SLADESK_TRY(reader.Finish());
    change.grade = static_cast<int>(*grade);
    return change;
}

Result<std::string> ParseStatementText(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    std::string text = reader.String("text", kMaxTextBytes);
    SLADESK_TRY(reader.Finish());
    return text;
}

Result<TicketId> ParseNoticeLink(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    const auto ticket = reader.OptInt("ticket", 1, kMaxId);
    if (!ticket) reader.Fail("ticket", "is required");
    SLADESK_TRY(reader.Finish());
    return TicketId{*ticket};
}

Result<service::NoticeReview> ParseNoticeReview(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    service::NoticeReview review;
    review.cause = reader.String("cause", kMaxTextBytes);
    review.timeline = reader.String("timeline", kMaxTextBytes);
    review.actions = reader.String("actions", kMaxTextBytes);
    SLADESK_TRY(reader.Finish());
    return review;
}

Status ParseEmptyBody(const std::string& body) {
    if (body.empty()) return OkStatus();
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    if (!object.empty()) return Error::InvalidArgument("this action takes no fields");
    return OkStatus();
}

}  // namespace sladesk::http::json
