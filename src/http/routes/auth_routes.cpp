// /api/v1/auth/...: login, logout, who am I, API tokens.
#include "http/api_context.hpp"
#include "http/json/directory_json.hpp"
#include "http/respond.hpp"

namespace sladesk::http {
namespace {

Response Login(const ApiContext& api, const Request& request) {
    auto input = json::ParseLogin(request.body);
    if (!input) return ErrorResponse(input.error());
    auto result = api.auth.Login(input->login, input->password, request.client);
    if (!result) return ErrorResponse(result.error());
    return JsonResponse(200, {{"token", result->token},
                              {"expires_at", FormatIso8601(result->expires_at)},
                              {"user", json::ToJson(result->user)}});
}

Response Logout(const ApiContext& api, const Request& request) {
    const Status status = api.auth.Logout(*request.token);
    if (!status) return ErrorResponse(status.error());
    return Response{204, "", "application/json", {}};
}

Response Me(const ApiContext& api, const Request& request) {
    auto user = api.directory.GetUser(request.actor_ref(), request.actor_ref().id);
    if (!user) return ErrorResponse(user.error());
    nlohmann::json body = json::ToJson(*user);
    nlohmann::json groups = nlohmann::json::array();
    for (GroupId group : request.actor_ref().groups) groups.push_back(group.value);
    body["groups"] = groups;
    return JsonResponse(200, body);
}

Response CreateToken(const ApiContext& api, const Request& request) {
    auto name = json::ParseTokenName(request.body);
    if (!name) return ErrorResponse(name.error());
    auto token = api.auth.CreateApiToken(request.actor_ref(), *name);
    if (!token) return ErrorResponse(token.error());
    return JsonResponse(201, {{"token", *token}, {"name", *name}});
}

}  // namespace

void AddAuthRoutes(std::vector<Route>& routes) {
    routes.push_back({"POST", "/api/v1/auth/login", false, Login});
    routes.push_back({"POST", "/api/v1/auth/logout", true, Logout});
    routes.push_back({"GET", "/api/v1/auth/me", true, Me});
    routes.push_back({"POST", "/api/v1/auth/tokens", true, CreateToken});
}

}  // namespace sladesk::http
