// Internal: the immutable state behind sla::Calendar.
#pragma once

#include <string>
#include <vector>

#include <date/tz.h>

#include "sla/calendar_spec.hpp"
#include "sla/detail/day_rules.hpp"
#include "sla/detail/work_table.hpp"
#include "sla/detail/zone_segments.hpp"

namespace sladesk::sla::detail {

/// Everything a Calendar needs, built once by Calendar::Create and then only read.
struct CalendarData {
    std::string name;
    const date::time_zone* zone = nullptr;  // owned by the tz database, lives for the whole program
    DayRules rules;
    WorkTable table;
    DatedExceptions exceptions;  // resolved, sorted by date
};

}  // namespace sladesk::sla::detail
