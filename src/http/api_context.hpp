// What route handlers may use: the services, and the route table that describes every API route.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "http/http_types.hpp"
#include "service/auth_service.hpp"
#include "service/directory_service.hpp"
#include "service/policy_service.hpp"
#include "service/sla_service.hpp"
#include "service/ticket_service.hpp"
#include "store/store.hpp"

namespace sladesk::http {

class Metrics;

/// References to long-lived services; built in cli/serve_command.cpp, outlives the server.
struct ApiContext {
    service::AuthService& auth;
    service::TicketService& tickets;
    service::DirectoryService& directory;
    service::PolicyService& policy;
    service::SlaService& sla;
    store::Store& store;
    const Clock& clock;
    Metrics& metrics;
};

using Handler = std::function<Response(const ApiContext&, const Request&)>;

/// One route. `path` uses OpenAPI's template syntax ("/api/v1/tickets/{id}"); every {param} is a positive integer.
struct Route {
    std::string method;  // "GET", "POST", "PATCH", "DELETE"
    std::string path;
    bool authenticated;  // false only for login, health, metrics and the OpenAPI document
    Handler handler;
};

/// Every route the server serves, in registration order. The OpenAPI test compares this list with the document.
std::vector<Route> AllRoutes();

// Route groups, one per file under routes/.
void AddAuthRoutes(std::vector<Route>& routes);
void AddTicketRoutes(std::vector<Route>& routes);
void AddDirectoryRoutes(std::vector<Route>& routes);
void AddSlaRoutes(std::vector<Route>& routes);
void AddSystemRoutes(std::vector<Route>& routes);

}  // namespace sladesk::http
