// /api/v1 service level management: agreements, feasibility, calendars (with .ics export and holiday import),
// a ticket's clock detail.
#include <algorithm>
#include <limits>

#include "http/api_context.hpp"
#include "http/json/sla_json.hpp"
#include "http/respond.hpp"
#include "sla/calendar_ics.hpp"

namespace sladesk::http {
namespace {

Response ListAgreements(const ApiContext& api, const Request& request) {
    auto current = api.sla.Current(request.actor_ref());
    if (!current) return ErrorResponse(current.error());
    std::optional<sla::AgreementKind> kind;
    if (auto text = request.Query("kind")) {
        kind = sla::kAgreementKindNames.Parse(*text);
        if (!kind) return ErrorResponse(Error::InvalidArgument("kind must be sla, ola or uc"));
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& agreement : (*current)->book.agreements()) {
        if (!kind || agreement.kind == *kind) items.push_back(json::ToJson(agreement));
    }
    return JsonResponse(200, {{"items", items}});
}

/// "1,2,3" -> group ids; kInvalidArgument naming the parameter otherwise.
Result<std::vector<GroupId>> GroupPath(const std::string& text) {
    std::vector<GroupId> path;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string part = text.substr(start, comma - start);
        if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) {
            return Error::InvalidArgument("path must be group ids separated by commas");
        }
        path.push_back(GroupId{std::stoll(part)});
        if (path.size() > 20) return Error::InvalidArgument("path has more than 20 groups");
        start = comma + 1;
    }
    return path;
}

Response Feasibility(const ApiContext& api, const Request& request) {
    sla::FeasibilityOptions options;
    options.sample_from = std::chrono::floor<std::chrono::days>(api.clock.Now());
    if (auto from = request.Query("from")) {
        auto day = sla::ParseLocalDate(*from);
        if (!day) return ErrorResponse(Error::InvalidArgument("from must be a date YYYY-MM-DD"));
        options.sample_from = UtcTime{day->time_since_epoch()};
    }
    auto days = QueryInt(request, "days", 1, 366);
    if (!days) return ErrorResponse(days.error());
    if (*days) options.days = static_cast<int>(**days);
    auto step = QueryInt(request, "step_minutes", 1, 1440);
    if (!step) return ErrorResponse(step.error());
    if (*step) options.step = std::chrono::minutes{**step};
    auto service = QueryInt(request, "service", 1, std::numeric_limits<std::int64_t>::max());
    if (!service) return ErrorResponse(service.error());
    if (*service) options.service = ServiceId{**service};
    if (auto path = request.Query("path")) {
        auto groups = GroupPath(*path);
        if (!groups) return ErrorResponse(groups.error());
        options.path = std::move(*groups);
    }
    auto report = api.sla.Feasibility(request.actor_ref(), options);
    if (!report) return ErrorResponse(report.error());
    return JsonResponse(200, json::ToJson(*report));
}

/// The calendar spec called `name` in force: the policy's own, or the built-in 24x7.
Result<sla::CalendarSpec> FindCalendar(const ApiContext& api, const Request& request) {
    const std::string name = request.path_params.at("name");
    SLADESK_ASSIGN_OR_RETURN(auto current, api.sla.Current(request.actor_ref()));
    for (const auto& spec : current->book.calendar_specs()) {
        if (spec.name == name) return spec;
    }
    if (name == sla::kAlwaysOpenCalendar) {
        sla::CalendarSpec always;
        always.name = name;
        always.week = sla::AlwaysOpenWeek();
        return always;
    }
    return Error::NotFound("calendar '" + name + "'");
}

Response ListCalendars(const ApiContext& api, const Request& request) {
    auto current = api.sla.Current(request.actor_ref());
    if (!current) return ErrorResponse(current.error());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& spec : (*current)->book.calendar_specs()) items.push_back(json::ToJson(spec));
    return JsonResponse(200, {{"items", items}});
}

Response GetCalendar(const ApiContext& api, const Request& request) {
    auto spec = FindCalendar(api, request);
    if (!spec) return ErrorResponse(spec.error());
    return JsonResponse(200, json::ToJson(*spec));
}

Response CalendarIcs(const ApiContext& api, const Request& request) {
    auto spec = FindCalendar(api, request);
    if (!spec) return ErrorResponse(spec.error());
    auto current = api.sla.Current(request.actor_ref());
    if (!current) return ErrorResponse(current.error());
    // The export holds the resolved exceptions (own and included, e.g. CN) of the compiled calendar.
    const sla::Calendar* calendar = (*current)->book.FindCalendar(spec->name);
    if (calendar == nullptr) return ErrorResponse(Error::NotFound("calendar '" + spec->name + "'"));
    Response response{200, sla::ExportIcs(calendar->exceptions(), spec->name), "text/calendar; charset=utf-8", {}};
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"calendar.ics\"");
    return response;
}

Response ImportHolidays(const ApiContext& api, const Request& request) {
    bool dry_run = false;
    if (auto text = request.Query("dry_run")) {
        if (*text != "true" && *text != "false") return ErrorResponse(Error::InvalidArgument("dry_run must be true or false"));
        dry_run = *text == "true";
    }
    auto imported = api.sla.ImportHolidays(request.actor_ref(), request.path_params.at("name"), request.body, dry_run);
    if (!imported) return ErrorResponse(imported.error());
    return JsonResponse(200, json::ToJson(*imported));
}

Response TicketClocks(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto detail = api.sla.Detail(request.actor_ref(), *id);
    if (!detail) return ErrorResponse(detail.error());
    return JsonResponse(200, json::ToJson(*detail));
}

}  // namespace

void AddSlaRoutes(std::vector<Route>& routes) {
    routes.push_back({"GET", "/api/v1/agreements", true, ListAgreements});
    routes.push_back({"GET", "/api/v1/agreements/feasibility", true, Feasibility});
    routes.push_back({"GET", "/api/v1/calendars", true, ListCalendars});
    routes.push_back({"GET", "/api/v1/calendars/{name}", true, GetCalendar});
    routes.push_back({"GET", "/api/v1/calendars/{name}/ics", true, CalendarIcs});
    routes.push_back({"POST", "/api/v1/calendars/{name}/holidays", true, ImportHolidays});
    routes.push_back({"GET", "/api/v1/tickets/{id}/clocks", true, TicketClocks});
}

}  // namespace sladesk::http
