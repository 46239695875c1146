#include "sla/detail/day_rules.hpp"

#include <algorithm>
#include <map>

namespace sladesk::sla::detail {

DayRules::DayRules(std::array<DayHours, kDaysPerWeek> week, std::vector<std::pair<DayNumber, DayHours>> overrides)
    : week_(std::move(week)) {
    std::map<DayNumber, DayHours> resolved;
    for (auto& [day, hours] : overrides) resolved[day] = std::move(hours);
    override_days_.reserve(resolved.size());
    override_hours_.reserve(resolved.size());
    for (auto& [day, hours] : resolved) {
        override_days_.push_back(day);
        override_hours_.push_back(std::move(hours));
    }
}

std::span<const TimeRange> DayRules::HoursOn(DayNumber day) const {
    const auto it = std::lower_bound(override_days_.begin(), override_days_.end(), day);
    if (it != override_days_.end() && *it == day) {
        return override_hours_[static_cast<std::size_t>(it - override_days_.begin())];
    }
    return week_[static_cast<std::size_t>(WeekdayOf(day))];
}

bool DayRules::WeekIsEmpty() const {
    return std::all_of(week_.begin(), week_.end(), [](const DayHours& hours) { return hours.empty(); });
}

}  // namespace sladesk::sla::detail
