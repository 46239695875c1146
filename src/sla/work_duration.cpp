#include "sla/work_duration.hpp"

#include <charconv>
#include <cstdint>

namespace sladesk::sla {
namespace {

constexpr std::int64_t kMaxSeconds = std::int64_t{100} * 366 * 86400;

Error Bad(std::string_view text, const std::string& why) {
    return Error::InvalidArgument("bad duration \"" + std::string(text) + "\": " + why +
                                  " (examples: 16h, 4h30m, 90m, 45s)");
}

}  // namespace

Result<std::chrono::seconds> ParseWorkDuration(std::string_view text) {
    if (text.empty()) return Bad(text, "empty");
    std::int64_t total = 0;
    int last_unit_rank = -1;  // h = 0, m = 1, s = 2: units must come in that order, once each
    const char* pos = text.data();
    const char* const end = text.data() + text.size();
    while (pos < end) {
        std::int64_t value = 0;
        const auto [next, ec] = std::from_chars(pos, end, value);
        if (ec != std::errc{} || next == pos || value < 0) return Bad(text, "expected a number");
        pos = next;
        if (pos == end) {
            if (last_unit_rank >= 0) return Bad(text, "missing unit after the last number");
            total = value;
            break;
        }
        int rank = 0;
        std::int64_t unit = 0;
        switch (*pos) {
            case 'h': rank = 0; unit = 3600; break;
            case 'm': rank = 1; unit = 60; break;
            case 's': rank = 2; unit = 1; break;
            case 'd': return Bad(text, "days are ambiguous in working time; give hours");
            default: return Bad(text, std::string("unknown unit '") + *pos + "'");
        }
        if (rank <= last_unit_rank) return Bad(text, "units must be h, m, s in that order, once each");
        last_unit_rank = rank;
        if (value > kMaxSeconds / unit) return Bad(text, "too long");
        total += value * unit;
        ++pos;
    }
    if (total > kMaxSeconds) return Bad(text, "too long");
    return std::chrono::seconds{total};
}

std::string FormatWorkDuration(std::chrono::seconds duration) {
    std::int64_t left = duration.count();
    std::string text = left < 0 ? "-" : "";
    if (left < 0) left = -left;
    const std::int64_t hours = left / 3600;
    const std::int64_t minutes = left % 3600 / 60;
    const std::int64_t seconds = left % 60;
    if (hours != 0) text += std::to_string(hours) + "h";
    if (minutes != 0 || (hours != 0 && seconds != 0)) text += std::to_string(minutes) + "m";
    if (seconds != 0 || left == 0) text += std::to_string(seconds) + "s";
    return text;
}

}  // namespace sladesk::sla
