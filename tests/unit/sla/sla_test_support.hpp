// Shared helpers for the sla tests: readable instants and the calendars the examples use.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/utc_time.hpp"
#include "sla/calendar.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::sla::testing {

/// "2025-01-27T17:00:00+08:00" -> instant; fails the test on a typo.
inline UtcTime At(std::string_view iso) {
    auto parsed = ParseIso8601(iso);
    EXPECT_TRUE(parsed.has_value()) << "bad instant in test: " << iso;
    return parsed.value_or(UtcTime{});
}

inline DayHours Hours(std::initializer_list<std::string_view> ranges) {
    DayHours hours;
    for (auto text : ranges) hours.push_back(*ParseTimeRange(text));
    return hours;
}

inline date::local_days Day(std::string_view text) { return *ParseLocalDate(text); }

/// Mon-Fri with the given hours (Sat/Sun off) in `zone`.
inline CalendarSpec WeekdaySpec(std::string zone, DayHours hours) {
    CalendarSpec spec;
    spec.name = "test";
    spec.time_zone = std::move(zone);
    for (int weekday = 0; weekday < 5; ++weekday) spec.week[static_cast<std::size_t>(weekday)] = hours;
    return spec;
}

/// Shanghai office, 09:00-12:00 and 13:00-18:00 Mon-Fri, with the built-in CN holidays.
inline CalendarSpec CnOfficeSpec() {
    CalendarSpec spec = WeekdaySpec("Asia/Shanghai", Hours({"09:00-12:00", "13:00-18:00"}));
    spec.name = "cn-office";
    spec.includes = {"CN"};
    return spec;
}

inline Calendar MustCreate(const CalendarSpec& spec, const CalendarOptions& options = {}) {
    auto calendar = Calendar::Create(spec, options);
    EXPECT_TRUE(calendar.ok()) << (calendar.ok() ? "" : calendar.error().message());
    if (!calendar.ok()) return Calendar::AlwaysOpen();
    return std::move(*calendar);
}

}  // namespace sladesk::sla::testing
