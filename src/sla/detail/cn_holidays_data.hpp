// Internal: the generated China holiday table (see tools/generate_cn_holidays.py).
#pragma once

#include <span>

namespace sladesk::sla::detail {

/// One dated entry: off = true for a public holiday, false for an adjusted working day (调休).
struct CnHolidayDay {
    short year;
    unsigned char month;
    unsigned char day;
    bool off;
};

/// All entries, sorted by date. Static data; thread-safe.
std::span<const CnHolidayDay> CnHolidayDays();

}  // namespace sladesk::sla::detail
