// /api/v1/notices...: graded problem notices — list, read, open by hand, lifecycle steps, grade by hand, the public
// statement (draft, approve, publish), linking tickets, the closing review. Authorisation is NoticeService's.
#include "http/api_context.hpp"
#include "http/json/notice_json.hpp"
#include "http/respond.hpp"

namespace sladesk::http {
namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 200;

Result<store::NoticeQuery> ParseNoticeQuery(const Request& request) {
    store::NoticeQuery query;
    if (auto text = request.Query("state")) {
        std::size_t start = 0;
        while (start <= text->size()) {
            const std::size_t comma = std::min(text->find(',', start), text->size());
            auto state = kNoticeStateNames.Parse(text->substr(start, comma - start));
            if (!state) {
                return Error::InvalidArgument("state must be open, acknowledged, mitigated, resolved or reviewed "
                                              "(comma-separated)");
            }
            query.states.push_back(*state);
            start = comma + 1;
        }
    }
    SLADESK_ASSIGN_OR_RETURN(auto grade, QueryInt(request, "grade", 1, 9));
    if (grade) query.grade = static_cast<int>(*grade);
    SLADESK_ASSIGN_OR_RETURN(query.before_id, QueryInt(request, "before", 1, std::numeric_limits<std::int64_t>::max()));
    SLADESK_ASSIGN_OR_RETURN(auto limit, QueryInt(request, "limit", 1, kMaxLimit));
    query.limit = limit ? static_cast<int>(*limit) : kDefaultLimit;
    return query;
}

Response ListNotices(const ApiContext& api, const Request& request) {
    auto query = ParseNoticeQuery(request);
    if (!query) return ErrorResponse(query.error());
    auto notices = api.notices.List(request.actor_ref(), *query);
    if (!notices) return ErrorResponse(notices.error());
    const bool more = static_cast<int>(notices->size()) > query->limit;
    if (more) notices->pop_back();
    nlohmann::json items = nlohmann::json::array();
    for (const Notice& notice : *notices) items.push_back(json::ToJson(notice));
    nlohmann::json next = more ? nlohmann::json(notices->back().id.value) : nlohmann::json(nullptr);
    return JsonResponse(200, {{"items", items}, {"next_before", next}});
}

Response GetNotice(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto view = api.notices.Get(request.actor_ref(), *id);
    if (!view) return ErrorResponse(view.error());
    return JsonResponse(200, json::ToJson(*view));
}

Response NoticeResponse(int status, const Result<Notice>& notice) {
    if (!notice) return ErrorResponse(notice.error());
    return JsonResponse(status, json::ToJson(*notice));
}

Response OpenNotice(const ApiContext& api, const Request& request) {
    auto input = json::ParseNewNotice(request.body);
    if (!input) return ErrorResponse(input.error());
    auto notice = api.notices.Open(request.actor_ref(), *input);
    if (!notice) return ErrorResponse(notice.error());
    Response response = JsonResponse(201, json::ToJson(*notice));
    response.headers.emplace_back("Location", "/api/v1/notices/" + std::to_string(notice->id.value));
    return response;
}

Response TransitionNotice(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto transition = json::ParseNoticeTransition(request.body);
    if (!transition) return ErrorResponse(transition.error());
    return NoticeResponse(200, api.notices.Transition(request.actor_ref(), *id, transition->to, transition->resolution));
}

Response SetNoticeGrade(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto change = json::ParseNoticeGradeChange(request.body);
    if (!change) return ErrorResponse(change.error());
    return NoticeResponse(200, api.notices.SetGrade(request.actor_ref(), *id, change->grade, change->reason));
}

Response DraftStatement(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto text = json::ParseStatementText(request.body);
    if (!text) return ErrorResponse(text.error());
    return NoticeResponse(200, api.notices.DraftStatement(request.actor_ref(), *id, *text));
}

Response ApproveStatement(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    if (auto empty = json::ParseEmptyBody(request.body); !empty) return ErrorResponse(empty.error());
    return NoticeResponse(200, api.notices.ApproveStatement(request.actor_ref(), *id));
}

Response PublishStatement(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    if (auto empty = json::ParseEmptyBody(request.body); !empty) return ErrorResponse(empty.error());
    return NoticeResponse(200, api.notices.PublishStatement(request.actor_ref(), *id));
}

Response LinkNoticeTicket(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto ticket = json::ParseNoticeLink(request.body);
    if (!ticket) return ErrorResponse(ticket.error());
    return NoticeResponse(200, api.notices.LinkTicket(request.actor_ref(), *id, *ticket));
}

Response ReviewNotice(const ApiContext& api, const Request& request) {
    auto id = PathId<NoticeId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto review = json::ParseNoticeReview(request.body);
    if (!review) return ErrorResponse(review.error());
    return NoticeResponse(200, api.notices.Review(request.actor_ref(), *id, *review));
}

}  // namespace

void AddNoticeRoutes(std::vector<Route>& routes) {
    routes.push_back({"GET", "/api/v1/notices", true, ListNotices});
    routes.push_back({"POST", "/api/v1/notices", true, OpenNotice});
    routes.push_back({"GET", "/api/v1/notices/{id}", true, GetNotice});
    routes.push_back({"POST", "/api/v1/notices/{id}/transitions", true, TransitionNotice});
    routes.push_back({"POST", "/api/v1/notices/{id}/grade", true, SetNoticeGrade});
    routes.push_back({"POST", "/api/v1/notices/{id}/statement", true, DraftStatement});
    routes.push_back({"POST", "/api/v1/notices/{id}/statement/approve", true, ApproveStatement});
    routes.push_back({"POST", "/api/v1/notices/{id}/statement/publish", true, PublishStatement});
    routes.push_back({"POST", "/api/v1/notices/{id}/tickets", true, LinkNoticeTicket});
    routes.push_back({"POST", "/api/v1/notices/{id}/review", true, ReviewNotice});
}

}  // namespace sladesk::http
