// Internal: the working intervals of a calendar over a span of UTC instants, with prefix sums of working
// seconds and a per-UTC-day index, so that elapsed/due queries cost O(1) plus a short gallop.
#pragma once

#include <cstdint>
#include <vector>

#include "sla/detail/day_rules.hpp"
#include "sla/detail/zone_segments.hpp"

namespace sladesk::sla::detail {

/// Working time inside UTC [begin, end). Immutable after Build(); safe to share between threads.
/// All instants are UTC epoch seconds; no query allocates.
class WorkTable {
 public:
    /// Builds the table for [begin, end) (end - begin <= ~100000 days). `segments` must cover the span
    /// widened by two days on each side.
    static WorkTable Build(const DayRules& rules, const std::vector<ZoneSegment>& segments, std::int64_t begin,
                           std::int64_t end);

    std::int64_t begin() const { return begin_; }
    std::int64_t end() const { return end_; }
    /// Working seconds in the whole table.
    std::int64_t total() const { return prefix_.back(); }
    std::size_t interval_count() const { return begins_.size(); }

    /// Working seconds in [begin(), t); requires begin() <= t <= end().
    std::int64_t WorkBefore(std::int64_t t) const;

    /// Adds `work` > 0 seconds of working time after `t` (begin() <= t < end()). Returns true and sets `due`
    /// if the table holds enough; otherwise returns false and sets `consumed` to the work left in the table.
    bool Add(std::int64_t t, std::int64_t work, std::int64_t& due, std::int64_t& consumed) const;

    /// The first instant >= t (begin() <= t < end()) that is working time; false if none in the table.
    bool NextWorking(std::int64_t t, std::int64_t& next) const;

 private:
    // Index of the first interval whose end is > t, or interval_count().
    std::size_t FirstEndingAfter(std::int64_t t) const;

    std::int64_t begin_ = 0;
    std::int64_t end_ = 0;
    std::vector<std::int64_t> begins_;          // sorted, intervals disjoint and not touching
    std::vector<std::int64_t> ends_;
    std::vector<std::int64_t> prefix_{0};       // prefix_[i] = working seconds before interval i; size n + 1
    std::vector<std::uint32_t> day_first_;      // per UTC day since begin_: first interval ending after it
};

}  // namespace sladesk::sla::detail
