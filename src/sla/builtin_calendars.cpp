#include "sla/builtin_calendars.hpp"

#include "sla/detail/cn_holidays_data.hpp"

namespace sladesk::sla {

std::vector<std::string> BuiltinCalendarNames() { return {"CN"}; }

Result<DatedExceptions> BuiltinExceptions(std::string_view name) {
    if (name != "CN") return Error::NotFound("no built-in calendar \"" + std::string(name) + "\" (known: CN)");
    DatedExceptions result;
    for (const detail::CnHolidayDay& entry : detail::CnHolidayDays()) {
        const date::local_days day{date::year{entry.year} / date::month{entry.month} / date::day{entry.day}};
        if (entry.off) {
            result.holidays.push_back(day);
        } else {
            result.workdays.push_back(ExtraWorkday{day, std::nullopt, std::nullopt});
        }
    }
    return result;
}

}  // namespace sladesk::sla
