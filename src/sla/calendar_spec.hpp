// The plain description of a working-time calendar, as written in YAML or sent by the API.
// A CalendarSpec is data only; sla::Calendar::Create validates it and builds the fast tables.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "core/result.hpp"

namespace sladesk::sla {

/// Days per week; week arrays are indexed 0 = Monday ... 6 = Sunday (ISO order).
inline constexpr int kDaysPerWeek = 7;

/// One working range of a local day, [begin, end) in seconds after local midnight; 0 <= begin < end <= 24h.
struct TimeRange {
    std::chrono::seconds begin;
    std::chrono::seconds end;
    friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

/// The working ranges of one day, sorted, not overlapping (touching is allowed). Empty = day off.
using DayHours = std::vector<TimeRange>;

/// A date that is worked although the week (or an included holiday set) says it is off: 调休.
struct ExtraWorkday {
    date::local_days date;
    std::optional<DayHours> hours;         // explicit hours; when unset, the hours of `like_weekday`
    std::optional<int> like_weekday;       // 0 = Monday ... 6 = Sunday; unset: Monday (see Calendar)
    friend bool operator==(const ExtraWorkday&, const ExtraWorkday&) = default;
};

/// Dated exceptions to the week: holidays (off) and adjusted working days.
struct DatedExceptions {
    std::vector<date::local_days> holidays;
    std::vector<ExtraWorkday> workdays;
};

/// Everything that defines a calendar. Local dates and times are in `time_zone`.
struct CalendarSpec {
    std::string name;
    std::string time_zone = "UTC";                 // IANA name, e.g. "Asia/Shanghai"
    std::array<DayHours, kDaysPerWeek> week;       // index 0 = Monday
    DatedExceptions exceptions;                    // the calendar's own; they win over included ones
    std::vector<std::string> includes;             // built-in exception sets, e.g. "CN"
};

/// The weekday index (0 = Monday) of a local date.
int WeekdayIndex(date::local_days day);

/// Parses "mon".."sun" (also "monday".."sunday", any case) into 0..6; nullopt otherwise. Pure.
std::optional<int> ParseWeekdayName(std::string_view name);

/// Parses "HH:MM-HH:MM" (24:00 allowed as an end). kInvalidArgument naming the text if malformed,
/// out of range or empty (begin >= end). Pure.
Result<TimeRange> ParseTimeRange(std::string_view text);

/// "09:00-12:00". Pure.
std::string FormatTimeRange(const TimeRange& range);

/// Parses "YYYY-MM-DD" into a local date; nullopt if malformed or not a real date. Pure.
std::optional<date::local_days> ParseLocalDate(std::string_view text);

/// "2025-01-26". Pure.
std::string FormatLocalDate(date::local_days day);

/// Sorts `hours` and checks every range is inside the day and none overlap. kInvalidArgument otherwise.
Status NormalizeDayHours(DayHours& hours);

/// Hours 00:00-24:00 on every day of the week.
std::array<DayHours, kDaysPerWeek> AlwaysOpenWeek();

}  // namespace sladesk::sla
