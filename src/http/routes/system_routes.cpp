// Health, metrics and the OpenAPI document.
#include "core/embedded_file.hpp"
#include "http/api_context.hpp"
#include "http/metrics.hpp"
#include "http/respond.hpp"
#include "http/openapi.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::http {
namespace {

constexpr store::NamedQuery kPing{"health_ping", "SELECT 1"};

Response Health(const ApiContext& api, const Request&) {
    const Status status = api.store.Read([](store::SqlConnection& db) -> Status {
        SLADESK_TRY(db.Query(kPing, {}));
        return OkStatus();
    });
    if (!status) return JsonResponse(503, {{"status", "unavailable"}, {"database", "unreachable"}});
    return JsonResponse(200, {{"status", "ok"}, {"database", "ok"}});
}

Response MetricsText(const ApiContext& api, const Request&) {
    std::string extra =
        "# HELP sladesk_tickets Tickets stored, by status.\n# TYPE sladesk_tickets gauge\n";
    const Status status = api.store.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto counts, store::TicketRepo::CountByStatus(db));
        for (const auto& [name, count] : counts) {
            extra += "sladesk_tickets{status=\"" + name + "\"} " + std::to_string(count) + "\n";
        }
        return OkStatus();
    });
    if (!status) extra += "# tickets unavailable: database unreachable\n";
    return Response{200, api.metrics.Render(extra), "text/plain; version=0.0.4", {}};
}

Response OpenApi(const ApiContext&, const Request&) {
    return Response{200, std::string(OpenApiDocument()), "application/json", {}};
}

}  // namespace

void AddSystemRoutes(std::vector<Route>& routes) {
    routes.push_back({"GET", "/healthz", false, Health});
    routes.push_back({"GET", "/metrics", false, MetricsText});
    routes.push_back({"GET", "/api/v1/openapi.json", false, OpenApi});
}

std::vector<Route> AllRoutes() {
    std::vector<Route> routes;
    AddSystemRoutes(routes);
    AddAuthRoutes(routes);
    AddTicketRoutes(routes);
    AddDirectoryRoutes(routes);
    AddPreferenceRoutes(routes);
    AddNotificationRoutes(routes);
    AddSlaRoutes(routes);
    AddMailRoutes(routes);
    AddNoticeRoutes(routes);
    return routes;
}

}  // namespace sladesk::http
