#include "sla/detail/zone_segments.hpp"

#include <chrono>
#include <limits>

namespace sladesk::sla::detail {

std::vector<ZoneSegment> ZoneSegmentsBetween(const date::time_zone& zone, std::int64_t from, std::int64_t to) {
    std::vector<ZoneSegment> segments;
    auto info = zone.get_info(date::sys_seconds{std::chrono::seconds{from}});
    segments.push_back({std::numeric_limits<std::int64_t>::min(), info.offset.count()});
    while (info.end.time_since_epoch().count() <= to) {
        const auto next_begin = info.end;
        info = zone.get_info(next_begin);
        if (info.offset.count() != segments.back().offset) {
            segments.push_back({next_begin.time_since_epoch().count(), info.offset.count()});
        }
        if (info.end <= next_begin) break;  // defensive: the database must move forward
    }
    return segments;
}

}  // namespace sladesk::sla::detail
