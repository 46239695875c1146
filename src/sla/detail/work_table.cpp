#include "sla/detail/work_table.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace sladesk::sla::detail {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
// No zone is more than 26 hours away from UTC; two days of margin covers every local date of an instant.
constexpr std::int64_t kMarginSeconds = 2 * kSecondsPerDay;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// Appends the UTC intervals whose local wall time lies in local seconds [local_begin, local_end).
void AppendLocalRange(const std::vector<ZoneSegment>& segments, std::size_t first_segment,
                      std::int64_t local_begin, std::int64_t local_end, std::int64_t clip_begin,
                      std::int64_t clip_end, std::vector<std::pair<std::int64_t, std::int64_t>>& out) {
    for (std::size_t index = first_segment; index < segments.size(); ++index) {
        const std::int64_t seg_begin = segments[index].begin;
        if (seg_begin >= local_end + kMarginSeconds) break;
        const std::int64_t seg_end =
            index + 1 < segments.size() ? segments[index + 1].begin : std::numeric_limits<std::int64_t>::max();
        const std::int64_t offset = segments[index].offset;
        const std::int64_t lo = std::max({seg_begin, local_begin - offset, clip_begin});
        const std::int64_t hi = std::min({seg_end, local_end - offset, clip_end});
        if (lo < hi) out.emplace_back(lo, hi);
    }
}

// Index of the segment containing instant t.
std::size_t SegmentAt(const std::vector<ZoneSegment>& segments, std::int64_t t) {
    auto it = std::upper_bound(segments.begin(), segments.end(), t,
                               [](std::int64_t value, const ZoneSegment& s) { return value < s.begin; });
    return it == segments.begin() ? 0 : static_cast<std::size_t>(it - segments.begin()) - 1;
}

}  // namespace

WorkTable WorkTable::Build(const DayRules& rules, const std::vector<ZoneSegment>& segments, std::int64_t begin,
                           std::int64_t end) {
    WorkTable table;
    table.begin_ = begin;
    table.end_ = end;
    std::vector<std::pair<std::int64_t, std::int64_t>> raw;
    const DayNumber first_day = FloorDiv(begin - kMarginSeconds, kSecondsPerDay);
    const DayNumber last_day = FloorDiv(end + kMarginSeconds, kSecondsPerDay);
    for (DayNumber day = first_day; day <= last_day; ++day) {
        const std::int64_t midnight = day * kSecondsPerDay;
        for (const TimeRange& range : rules.HoursOn(day)) {
            const std::int64_t local_begin = midnight + range.begin.count();
            const std::int64_t local_end = midnight + range.end.count();
            AppendLocalRange(segments, SegmentAt(segments, local_begin - kMarginSeconds), local_begin, local_end,
                             begin, end, raw);
        }
    }
    std::sort(raw.begin(), raw.end());
    for (const auto& [lo, hi] : raw) {
        if (!table.ends_.empty() && lo <= table.ends_.back()) {
            table.ends_.back() = std::max(table.ends_.back(), hi);  // touching ranges (e.g. 24x7) merge
        } else {
            table.begins_.push_back(lo);
            table.ends_.push_back(hi);
        }
    }
    table.prefix_.resize(table.begins_.size() + 1);
    for (std::size_t index = 0; index < table.begins_.size(); ++index) {
        table.prefix_[index + 1] = table.prefix_[index] + (table.ends_[index] - table.begins_[index]);
    }
    const std::int64_t day_count = (end - begin + kSecondsPerDay - 1) / kSecondsPerDay;
    table.day_first_.resize(static_cast<std::size_t>(day_count));
    std::size_t cursor = 0;
    for (std::int64_t utc_day = 0; utc_day < day_count; ++utc_day) {
        const std::int64_t day_start = begin + utc_day * kSecondsPerDay;
        while (cursor < table.ends_.size() && table.ends_[cursor] <= day_start) ++cursor;
        table.day_first_[static_cast<std::size_t>(utc_day)] = static_cast<std::uint32_t>(cursor);
    }
    return table;
}

std::size_t WorkTable::FirstEndingAfter(std::int64_t t) const {
    std::size_t index = day_first_[static_cast<std::size_t>((t - begin_) / kSecondsPerDay)];
    const std::size_t count = ends_.size();
    while (index < count && ends_[index] <= t) ++index;
    return index;
}

std::int64_t WorkTable::WorkBefore(std::int64_t t) const {
    if (t >= end_) return total();
    const std::size_t index = FirstEndingAfter(t);
    if (index == begins_.size()) return total();
    return prefix_[index] + std::max<std::int64_t>(0, t - begins_[index]);
}

bool WorkTable::Add(std::int64_t t, std::int64_t work, std::int64_t& due, std::int64_t& consumed) const {
    const std::size_t count = begins_.size();
    const std::size_t first = FirstEndingAfter(t);
    if (first == count) {
        consumed = 0;
        return false;
    }
    const std::int64_t done = prefix_[first] + std::max<std::int64_t>(0, t - begins_[first]);
    const std::int64_t target = done + work;
    if (target > prefix_[count]) {
        consumed = prefix_[count] - done;
        return false;
    }
    // Smallest j >= first with prefix_[j + 1] >= target: gallop, then binary search.
    std::size_t lo = first;
    std::size_t hi = first;
    std::size_t step = 1;
    while (prefix_[hi + 1] < target) {
        lo = hi + 1;
        hi = std::min(count - 1, hi + step);
        step *= 2;
    }
    const auto it = std::lower_bound(prefix_.begin() + static_cast<std::ptrdiff_t>(lo) + 1,
                                     prefix_.begin() + static_cast<std::ptrdiff_t>(hi) + 2, target);
    const std::size_t j = static_cast<std::size_t>(it - prefix_.begin()) - 1;
    due = begins_[j] + (target - prefix_[j]);
    return true;
}

bool WorkTable::NextWorking(std::int64_t t, std::int64_t& next) const {
    const std::size_t index = FirstEndingAfter(t);
    if (index == begins_.size()) return false;
    next = std::max(t, begins_[index]);
    return true;
}

}  // namespace sladesk::sla::detail
