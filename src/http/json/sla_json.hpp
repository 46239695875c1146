// JSON for service level management: agreements, calendars, feasibility rows, change previews, clock details
// and holiday imports. Durations are seconds, with a readable "…_text" twin ("4h30m"); times are ISO 8601.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "service/sla_service.hpp"
#include "sla/agreement.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::http::json {

nlohmann::json ToJson(const sla::Agreement& agreement);
nlohmann::json ToJson(const sla::CalendarSpec& calendar);
nlohmann::json ToJson(const service::FeasibilityReport& report);
nlohmann::json ToJson(const service::PolicyPreview& preview);
nlohmann::json ToJson(const service::ClockDetail& detail);
nlohmann::json ToJson(const service::HolidayImport& import);

}  // namespace sladesk::http::json
