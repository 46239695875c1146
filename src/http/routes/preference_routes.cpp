// /api/v1/users/me/notification-preferences and /api/v1/users/{id}/notification-preferences (the user or an admin).
#include "http/api_context.hpp"
#include "http/json/preference_json.hpp"
#include "http/respond.hpp"

namespace sladesk::http {
namespace {

/// The user a request is about: the actor for .../me/..., else the {id} in the path.
Result<UserId> Subject(const Request& request) {
    if (request.path_params.count("id") == 0) return request.actor_ref().id;
    return PathId<UserId>(request, "id");
}

Response GetPreferences(const ApiContext& api, const Request& request) {
    auto user = Subject(request);
    if (!user) return ErrorResponse(user.error());
    auto preferences = api.preferences.Get(request.actor_ref(), *user);
    if (!preferences) return ErrorResponse(preferences.error());
    return JsonResponse(200, json::ToJson(*preferences));
}

Response PutPreferences(const ApiContext& api, const Request& request) {
    auto user = Subject(request);
    if (!user) return ErrorResponse(user.error());
    auto input = json::ParsePreferences(request.body);
    if (!input) return ErrorResponse(input.error());
    auto stored = api.preferences.Put(request.actor_ref(), *user, *input);
    if (!stored) return ErrorResponse(stored.error());
    return JsonResponse(200, json::ToJson(*stored));
}

}  // namespace

void AddPreferenceRoutes(std::vector<Route>& routes) {
    routes.push_back({"GET", "/api/v1/users/me/notification-preferences", true, GetPreferences});
    routes.push_back({"PUT", "/api/v1/users/me/notification-preferences", true, PutPreferences});
    routes.push_back({"GET", "/api/v1/users/{id}/notification-preferences", true, GetPreferences});
    routes.push_back({"PUT", "/api/v1/users/{id}/notification-preferences", true, PutPreferences});
}

}  // namespace sladesk::http
