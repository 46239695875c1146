// /api/v1/notifications/...: the admin view of delivery — channels, outbox messages, attempts, requeue.
#include <limits>
#include <string>

#include "http/api_context.hpp"
#include "http/json/outbox_json.hpp"
#include "http/respond.hpp"

namespace sladesk::http {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

/// The outbox message id in the path (the route template guarantees 1..18 digits).
Result<std::int64_t> MessageId(const Request& request) {
    auto found = request.path_params.find("id");
    if (found == request.path_params.end() || found->second.size() > 18) return Error::NotFound("no such message");
    return std::stoll(found->second);
}

template <typename T>
Response ItemsResponse(const Result<std::vector<T>>& items) {
    if (!items) return ErrorResponse(items.error());
    nlohmann::json body = nlohmann::json::array();
    for (const T& item : *items) body.push_back(json::ToJson(item));
    return JsonResponse(200, {{"items", body}});
}

Response ListChannels(const ApiContext& api, const Request& request) {
    return ItemsResponse(api.outbox.Channels(request.actor_ref()));
}

Response ListOutbox(const ApiContext& api, const Request& request) {
    store::OutboxListQuery query;
    if (auto text = request.Query("state")) {
        query.state = store::kOutboxStateNames.Parse(*text);
        if (!query.state) return ErrorResponse(Error::InvalidArgument("state must be pending, sending, sent or dead"));
    }
    if (auto channel = request.Query("channel")) {
        if (channel->empty() || channel->size() > 200) {
            return ErrorResponse(Error::InvalidArgument("channel must be 1..200 bytes"));
        }
        query.channel = *channel;
    }
    auto ticket = QueryInt(request, "ticket", 1, kMaxId);
    if (!ticket) return ErrorResponse(ticket.error());
    if (*ticket) query.ticket_id = TicketId{**ticket};
    auto after = QueryInt(request, "after", 0, kMaxId);
    if (!after) return ErrorResponse(after.error());
    query.after_id = after->value_or(0);
    auto limit = QueryInt(request, "limit", 1, 200);
    if (!limit) return ErrorResponse(limit.error());
    query.limit = static_cast<int>(limit->value_or(50));
    return ItemsResponse(api.outbox.Messages(request.actor_ref(), query));
}

Response ListAttempts(const ApiContext& api, const Request& request) {
    auto id = MessageId(request);
    if (!id) return ErrorResponse(id.error());
    return ItemsResponse(api.outbox.Attempts(request.actor_ref(), *id));
}

Response Requeue(const ApiContext& api, const Request& request) {
    auto id = MessageId(request);
    if (!id) return ErrorResponse(id.error());
    auto requeued = api.outbox.Requeue(request.actor_ref(), *id);
    if (!requeued) return ErrorResponse(requeued.error());
    return JsonResponse(200, {{"requeued", *id}});
}

}  // namespace

void AddNotificationRoutes(std::vector<Route>& routes) {
    routes.push_back({"GET", "/api/v1/notifications/channels", true, ListChannels});
    routes.push_back({"GET", "/api/v1/notifications/outbox", true, ListOutbox});
    routes.push_back({"GET", "/api/v1/notifications/outbox/{id}/attempts", true, ListAttempts});
    routes.push_back({"POST", "/api/v1/notifications/outbox/{id}/requeue", true, Requeue});
}

}  // namespace sladesk::http
