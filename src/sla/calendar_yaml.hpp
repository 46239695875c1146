// Calendars in YAML (the format of DESIGN.md "Calendars in YAML"), parsed from a string. No file I/O.
//
//   calendars:
//     - name: cn-office
//       timezone: Asia/Shanghai
//       week:                                  # mon..sun; a missing day is off; `week: 24x7` = always open
//         mon: ["09:00-12:00", "13:00-18:00"]
//       holidays: ["2025-01-28"]
//       workdays: ["2025-01-26", {date: "2025-02-08", hours: ["09:00-12:00"]}, {date: "2025-02-09", like: fri}]
//       include: [CN]
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sla/calendar.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::sla {

/// Parses every entry of the top-level `calendars:` list (other top-level keys are ignored; a calendar
/// without `timezone` is in UTC; `description` is allowed and ignored; other unknown keys are errors). Checks
/// syntax, dates, ranges, weekday names, time zones and include names. kInvalidArgument with a message
/// "line N: <path>: <problem>" (1-based line) on the first problem. Pure; thread-safe.
Result<std::vector<CalendarSpec>> ParseCalendarsYaml(std::string_view yaml_text);

/// Parses `yaml_text` and creates the calendar called `name` (the first one if `name` is empty).
/// kNotFound if no calendar has that name; otherwise the errors of ParseCalendarsYaml and Calendar::Create.
Result<Calendar> LoadCalendarFromYaml(std::string_view yaml_text, std::string_view name = {},
                                      const CalendarOptions& options = {});

}  // namespace sladesk::sla
