// Internal: a time zone's UTC offsets over a span of instants, as a sorted list of constant-offset segments.
#pragma once

#include <cstdint>
#include <vector>

#include <date/tz.h>

namespace sladesk::sla::detail {

/// A stretch of UTC seconds [begin, next segment's begin) with one UTC offset.
struct ZoneSegment {
    std::int64_t begin;   // UTC epoch seconds; the first segment is open to the past
    std::int64_t offset;  // local = utc + offset, seconds
};

/// The segments of `zone` covering UTC epoch seconds [from, to] (the first starts at INT64_MIN and the last
/// extends to +infinity). Reads the tz database (no other I/O); thread-safe.
std::vector<ZoneSegment> ZoneSegmentsBetween(const date::time_zone& zone, std::int64_t from, std::int64_t to);

}  // namespace sladesk::sla::detail
