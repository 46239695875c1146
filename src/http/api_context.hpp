// What route handlers may use: the services, and the route table that describes every API route.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "http/http_types.hpp"
#include "mail/mail_intake.hpp"
#include "mail/mailgate_token.hpp"
#include "service/auth_service.hpp"
#include "service/directory_service.hpp"
#include "service/notice_service.hpp"
#include "service/notification_preferences.hpp"
#include "service/outbox_admin_service.hpp"
#include "service/policy_service.hpp"
#include "service/sla_service.hpp"
#include "service/ticket_service.hpp"
#include "store/store.hpp"

namespace sladesk::http {

class Metrics;

/// The mail intake and the token the mailgate authenticates with; built in cli/serve_command.cpp when
/// --mailgate-token-file is given.
struct MailApi {
    mail::MailIntake& intake;
    const mail::MailgateToken& token;
};

/// References to long-lived services; built in cli/serve_command.cpp, outlives the server.
struct ApiContext {
    service::AuthService& auth;
    service::TicketService& tickets;
    service::DirectoryService& directory;
    service::PolicyService& policy;
    service::SlaService& sla;
    service::NoticeService& notices;
    service::PreferenceService& preferences;
    service::OutboxAdminService& outbox;
    store::Store& store;
    const Clock& clock;
    Metrics& metrics;
    const MailApi* mail = nullptr;  // null: POST /api/v1/mail/inbound answers 404 (mail intake not configured)
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
void AddPreferenceRoutes(std::vector<Route>& routes);
void AddNotificationRoutes(std::vector<Route>& routes);
void AddSlaRoutes(std::vector<Route>& routes);
void AddNoticeRoutes(std::vector<Route>& routes);
void AddSystemRoutes(std::vector<Route>& routes);
void AddMailRoutes(std::vector<Route>& routes);

}  // namespace sladesk::http
