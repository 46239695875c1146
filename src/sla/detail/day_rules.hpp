// Internal: which working ranges apply on each local date (week + resolved dated exceptions).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "sla/calendar_spec.hpp"

namespace sladesk::sla::detail {

/// Local day number: days since 1970-01-01 in the calendar's zone.
using DayNumber = std::int64_t;

/// The resolved hours of every local date. Immutable after construction; safe to share between threads.
class DayRules {
 public:
    /// `overrides` maps a date to its hours (empty = holiday); later entries for a date win.
    DayRules(std::array<DayHours, kDaysPerWeek> week, std::vector<std::pair<DayNumber, DayHours>> overrides);

    /// The working ranges of local day `day`; empty on a day off. Valid while *this lives.
    std::span<const TimeRange> HoursOn(DayNumber day) const;

    /// True if no weekday has working hours (only dated workdays can then be worked).
    bool WeekIsEmpty() const;

 private:
    std::array<DayHours, kDaysPerWeek> week_;
    std::vector<DayNumber> override_days_;   // sorted, unique
    std::vector<DayHours> override_hours_;   // parallel to override_days_
};

/// The weekday index (0 = Monday) of a day number.
inline int WeekdayOf(DayNumber day) {
    return static_cast<int>(((day + 3) % kDaysPerWeek + kDaysPerWeek) % kDaysPerWeek);
}

}  // namespace sladesk::sla::detail
