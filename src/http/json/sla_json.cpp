#include "http/json/sla_json.hpp"

#include "http/json/clock_json.hpp"
#include "sla/work_duration.hpp"

namespace sladesk::http::json {
namespace {

using nlohmann::json;

json TimeOrNull(const std::optional<UtcTime>& time) { return time ? json(FormatIso8601(*time)) : json(nullptr); }

json Seconds(const std::optional<std::chrono::seconds>& duration) {
    return duration ? json(duration->count()) : json(nullptr);
}

json TargetsJson(const std::vector<sla::PriorityTargets>& list) {
    json items = json::array();
    for (const auto& entry : list) {
        json item{{"priority", entry.priority}};
        for (auto target : {sla::ClockTarget::kFirstResponse, sla::ClockTarget::kNextUpdate,
                            sla::ClockTarget::kResolution}) {
            const auto value = entry.targets.For(target);
            const std::string name(sla::kClockTargetNames.Name(target));
            item[name + "_seconds"] = Seconds(value);
            item[name + "_text"] = value ? json(sla::FormatWorkDuration(*value)) : json(nullptr);
        }
        items.push_back(std::move(item));
    }
    return items;
}

template <typename Id>
json IdList(const std::vector<Id>& ids) {
    json list = json::array();
    for (const Id& id : ids) list.push_back(id.value);
    return list;
}

json HoursJson(const sla::DayHours& hours) {
    json list = json::array();
    for (const auto& range : hours) list.push_back(sla::FormatTimeRange(range));
    return list;
}

std::string GroupName(const std::map<std::int64_t, std::string>& names, GroupId id) {
    const auto found = names.find(id.value);
    return found == names.end() ? "#" + std::to_string(id.value) : found->second;
}

}  // namespace

json ToJson(const sla::Agreement& agreement) {
    json overrides = json::object();
    for (const auto& [grade, list] : agreement.grade_overrides) overrides[grade] = TargetsJson(list);
    return {
        {"name", agreement.name},
        {"version", agreement.version},
        {"kind", sla::kAgreementKindNames.Name(agreement.kind)},
        {"status", sla::kAgreementStatusNames.Name(agreement.status)},
        {"calendar", agreement.calendar},
        {"effective_from", FormatIso8601(agreement.effective_from)},
        {"effective_to", TimeOrNull(agreement.effective_to)},
        {"covers",
         {{"organisations", IdList(agreement.scope.organisations)},
          {"customer_classes", agreement.scope.customer_classes},
          {"customer_grades", agreement.scope.customer_grades},
          {"services", IdList(agreement.scope.services)}}},
        {"group", agreement.group ? json(agreement.group->value) : json(nullptr)},
        {"warn_at", agreement.warn_at_percent},
        {"targets", TargetsJson(agreement.targets)},
        {"grade_overrides", overrides},
    };
}

json ToJson(const sla::CalendarSpec& calendar) {
    static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    json week = json::object();
    for (int day = 0; day < sla::kDaysPerWeek; ++day) week[kDays[day]] = HoursJson(calendar.week[day]);
    json holidays = json::array();
    for (const auto& day : calendar.exceptions.holidays) holidays.push_back(sla::FormatLocalDate(day));
    json workdays = json::array();
    for (const auto& workday : calendar.exceptions.workdays) {
        json item{{"date", sla::FormatLocalDate(workday.date)}};
        if (workday.hours) item["hours"] = HoursJson(*workday.hours);
        if (workday.like_weekday) item["like"] = kDays[*workday.like_weekday];
        workdays.push_back(std::move(item));
    }
    return {{"name", calendar.name},   {"timezone", calendar.time_zone}, {"week", week},
            {"holidays", holidays},    {"workdays", workdays},           {"include", calendar.includes},
            {"ics_url", "/api/v1/calendars/" + calendar.name + "/ics"}};
}

json ToJson(const service::FeasibilityReport& report) {
    json rows = json::array();
    for (const auto& row : report.rows) {
        json steps = json::array();
        for (const auto& step : row.steps) {
            steps.push_back({{"agreement", step.agreement},
                             {"kind", sla::kAgreementKindNames.Name(step.kind)},
                             {"group", step.group.value},
                             {"group_name", GroupName(report.group_names, step.group)},
                             {"calendar", step.calendar},
                             {"target_seconds", step.target.count()},
                             {"target_text", sla::FormatWorkDuration(step.target)}});
        }
        json uncovered = json::array();
        for (GroupId group : row.uncovered_groups) {
            uncovered.push_back({{"group", group.value}, {"group_name", GroupName(report.group_names, group)}});
        }
        const auto margin = row.worst_margin;
        json service = nullptr;
        if (row.service) {
            const auto name = report.service_names.find(row.service->value);
            service = {{"id", row.service->value},
                       {"code", name == report.service_names.end() ? json(nullptr) : json(name->second)}};
        }
        rows.push_back({{"sla", row.sla},
                        {"sla_version", row.sla_version},
                        {"service", service},
                        {"priority", row.priority},
                        {"grade", row.grade.empty() ? json(nullptr) : json(row.grade)},
                        {"target", sla::kClockTargetNames.Name(row.target)},
                        {"sla_target_seconds", row.sla_target.count()},
                        {"sla_target_text", sla::FormatWorkDuration(row.sla_target)},
                        {"steps", steps},
                        {"fits", row.fits},
                        {"worst_margin_seconds", margin.count()},
                        {"worst_margin_text", (margin < margin.zero() ? "-" : "") +
                                                  sla::FormatWorkDuration(margin < margin.zero() ? -margin : margin)},
                        {"worst_start", FormatIso8601(row.worst_start)},
                        {"uncovered_groups", uncovered}});
    }
    return {{"items", rows}};
}

json ToJson(const service::PolicyPreview& preview) {
    json largest = json::array();
    for (const auto& shift : preview.largest) {
        largest.push_back({{"ticket", shift.ticket.value},
                           {"clock", shift.clock},
                           {"due_before", TimeOrNull(shift.due_before)},
                           {"due_after", TimeOrNull(shift.due_after)},
                           {"shift_seconds", shift.shift.count()}});
    }
    return {{"open_tickets", preview.open_tickets},
            {"tickets_changed", preview.tickets_changed},
            {"clocks_changed", preview.clocks_changed},
            {"earliest_shift_seconds", preview.earliest_shift.count()},
            {"latest_shift_seconds", preview.latest_shift.count()},
            {"largest", largest}};
}

json ToJson(const service::ClockDetail& detail) {
    json segments = json::array();
    for (const auto& segment : detail.segments) {
        segments.push_back({{"clock", segment.key.Text()},
                            {"cycle", segment.cycle},
                            {"from", FormatIso8601(segment.from)},
                            {"to", TimeOrNull(segment.to)}});
    }
    return {{"clocks", ToJson(std::span<const sla::ClockFigure>(detail.figures))},
            {"segments", segments},
            {"policy_revision", detail.policy_revision},
            {"evaluated_at", TimeOrNull(detail.evaluated_at)}};
}

json ToJson(const service::HolidayImport& import) {
    return {{"calendar", import.calendar},
            {"added_holidays", import.added_holidays},
            {"added_workdays", import.added_workdays},
            {"unchanged", import.unchanged},
            {"saved", import.saved}};
}

}  // namespace sladesk::http::json
