// /api/v1 users, organisations, groups, services, categories, canned responses and policy.
#include "http/api_context.hpp"
#include "http/json/directory_json.hpp"
#include "http/json/escalation_json.hpp"
#include "http/json/sla_json.hpp"
#include "http/respond.hpp"

namespace sladesk::http {
namespace {

template <typename T>
Response ListResponse(const Result<std::vector<T>>& items) {
    if (!items) return ErrorResponse(items.error());
    nlohmann::json body = nlohmann::json::array();
    for (const T& item : *items) body.push_back(json::ToJson(item));
    return JsonResponse(200, {{"items", body}});
}

Response ListUsers(const ApiContext& api, const Request& request) {
    std::optional<Role> role;
    if (auto text = request.Query("role")) {
        role = kRoleNames.Parse(*text);
        if (!role) return ErrorResponse(Error::InvalidArgument("role is not a known role"));
    }
    auto after = QueryInt(request, "after", 0, std::numeric_limits<std::int64_t>::max());
    if (!after) return ErrorResponse(after.error());
    auto limit = QueryInt(request, "limit", 1, 200);
    if (!limit) return ErrorResponse(limit.error());
    return ListResponse(
        api.directory.ListUsers(request.actor_ref(), role, after->value_or(0), static_cast<int>(limit->value_or(50))));
}

Response CreateUser(const ApiContext& api, const Request& request) {
    auto input = json::ParseNewUser(request.body);
    if (!input) return ErrorResponse(input.error());
    auto user = api.directory.CreateUser(request.actor_ref(), *input);
    if (!user) return ErrorResponse(user.error());
    return JsonResponse(201, json::ToJson(*user));
}

Response GetUser(const ApiContext& api, const Request& request) {
    auto id = PathId<UserId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto user = api.directory.GetUser(request.actor_ref(), *id);
    if (!user) return ErrorResponse(user.error());
    return JsonResponse(200, json::ToJson(*user));
}

Response ListOrganisations(const ApiContext& api, const Request& request) {
    return ListResponse(api.directory.ListOrganisations(request.actor_ref()));
}

Response ListGroups(const ApiContext& api, const Request& request) {
    return ListResponse(api.directory.ListGroups(request.actor_ref()));
}

Response ListServices(const ApiContext& api, const Request& request) {
    return ListResponse(api.directory.ListServices(request.actor_ref()));
}

Response ListCategories(const ApiContext& api, const Request& request) {
    return ListResponse(api.directory.ListCategories(request.actor_ref()));
}

Response ListCanned(const ApiContext& api, const Request& request) {
    return ListResponse(api.directory.ListCannedResponses(request.actor_ref()));
}

Response RenderCanned(const ApiContext& api, const Request& request) {
    auto id = PathId<CannedResponseId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto ticket = QueryInt(request, "ticket", 1, std::numeric_limits<std::int64_t>::max());
    if (!ticket) return ErrorResponse(ticket.error());
    if (!*ticket) return ErrorResponse(Error::InvalidArgument("query parameter 'ticket' is required"));
    auto text = api.directory.RenderCannedResponse(request.actor_ref(), *id, TicketId{**ticket});
    if (!text) return ErrorResponse(text.error());
    return JsonResponse(200, {{"body", *text}});
}

Response GetPolicy(const ApiContext& api, const Request& request) {
    auto policy = api.directory.CurrentPolicy();
    if (!policy) return ErrorResponse(policy.error());
    nlohmann::json body = json::ToJson(*policy);
    // Who is on call and who is told on escalation is internal: staff only.
    if (request.actor_ref().IsStaff()) {
        nlohmann::json rosters = nlohmann::json::array();
        for (const rules::DutyRoster& roster : policy->duty_rosters) rosters.push_back(json::ToJson(roster));
        nlohmann::json ladders = nlohmann::json::array();
        for (const rules::EscalationLadder& ladder : policy->escalation_ladders) {
            ladders.push_back(json::ToJson(ladder));
        }
        body["duty_rosters"] = std::move(rosters);
        body["escalation_ladders"] = std::move(ladders);
    }
    return JsonResponse(200, body);
}

Response PreviewPolicy(const ApiContext& api, const Request& request) {
    auto document = service::ParsePolicyDocument(request.body);
    if (!document) return ErrorResponse(document.error());
    auto proposed = api.policy.Proposed(request.actor_ref(), *document);
    if (!proposed) return ErrorResponse(proposed.error());
    auto preview = api.sla.Preview(request.actor_ref(), *proposed);
    if (!preview) return ErrorResponse(preview.error());
    return JsonResponse(200, json::ToJson(*preview));
}

Response ApplyPolicy(const ApiContext& api, const Request& request) {
    auto document = service::ParsePolicyDocument(request.body);
    if (!document) return ErrorResponse(document.error());
    auto summary = api.policy.Apply(request.actor_ref(), *document);
    if (!summary) return ErrorResponse(summary.error());
    return JsonResponse(200, {{"applied", summary->applied}});
}

}  // namespace

void AddDirectoryRoutes(std::vector<Route>& routes) {
    routes.push_back({"GET", "/api/v1/users", true, ListUsers});
    routes.push_back({"POST", "/api/v1/users", true, CreateUser});
    routes.push_back({"GET", "/api/v1/users/{id}", true, GetUser});
    routes.push_back({"GET", "/api/v1/organisations", true, ListOrganisations});
    routes.push_back({"GET", "/api/v1/groups", true, ListGroups});
    routes.push_back({"GET", "/api/v1/services", true, ListServices});
    routes.push_back({"GET", "/api/v1/categories", true, ListCategories});
    routes.push_back({"GET", "/api/v1/canned-responses", true, ListCanned});
    routes.push_back({"GET", "/api/v1/canned-responses/{id}/render", true, RenderCanned});
    routes.push_back({"GET", "/api/v1/policy", true, GetPolicy});
    routes.push_back({"POST", "/api/v1/policy", true, ApplyPolicy});
    routes.push_back({"POST", "/api/v1/policy/preview", true, PreviewPolicy});
}

}  // namespace sladesk::http
