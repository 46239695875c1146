// Built-in sets of dated exceptions that a calendar can `include:` — today only "CN" (China's statutory
// holidays and adjusted working days, 2019–2026, from resources/holidays-cn, compiled into the binary).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::sla {

/// Names accepted by BuiltinExceptions, e.g. {"CN"}.
std::vector<std::string> BuiltinCalendarNames();

/// The holidays and adjusted working days of a built-in set, as local dates read in the including
/// calendar's own zone (workdays carry no hours: they take the calendar's normal weekday hours). kNotFound for an unknown name. Pure; thread-safe.
Result<DatedExceptions> BuiltinExceptions(std::string_view name);

}  // namespace sladesk::sla
