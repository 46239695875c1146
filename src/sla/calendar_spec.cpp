#include "sla/calendar_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sladesk::sla {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Parses exactly `digits` decimal digits at text[pos...]; -1 on failure.
int ParseFixedDigits(std::string_view text, std::size_t pos, std::size_t digits) {
    if (pos + digits > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// "HH:MM" -> seconds after midnight, 00:00..24:00; -1 on failure.
std::int64_t ParseClock(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return -1;
    const int hours = ParseFixedDigits(text, 0, 2);
    const int minutes = ParseFixedDigits(text, 3, 2);
    if (hours < 0 || minutes < 0 || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return -1;
    return hours * 3600 + minutes * 60;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

}  // namespace

int WeekdayIndex(date::local_days day) {
    return static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
}

std::optional<int> ParseWeekdayName(std::string_view name) {
    static constexpr std::array<std::string_view, kDaysPerWeek> kShort = {"mon", "tue", "wed", "thu",
                                                                           "fri", "sat", "sun"};
    static constexpr std::array<std::string_view, kDaysPerWeek> kLong = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int index = 0; index < kDaysPerWeek; ++index) {
        if (lower == kShort[index] || lower == kLong[index]) return index;
    }
    return std::nullopt;
}

Result<TimeRange> ParseTimeRange(std::string_view text) {
    const std::string_view trimmed = Trim(text);
    const auto dash = trimmed.find('-');
    if (dash == std::string_view::npos) {
        return Error::InvalidArgument("bad time range \"" + std::string(text) + "\" (expected HH:MM-HH:MM)");
    }
    const std::int64_t begin = ParseClock(Trim(trimmed.substr(0, dash)));
    const std::int64_t end = ParseClock(Trim(trimmed.substr(dash + 1)));
    if (begin < 0 || end < 0) {
        return Error::InvalidArgument("bad time range \"" + std::string(text) + "\" (expected HH:MM-HH:MM, 00:00..24:00)");
    }
    if (begin >= end) {
        return Error::InvalidArgument("time range \"" + std::string(text) + "\" ends before it begins");
    }
    return TimeRange{std::chrono::seconds{begin}, std::chrono::seconds{end}};
}

std::string FormatTimeRange(const TimeRange& range) {
    auto clock = [](std::chrono::seconds s) {
        const auto minutes_total = s.count() / 60;
        char buffer[8];
        buffer[0] = static_cast<char>('0' + minutes_total / 600);
        buffer[1] = static_cast<char>('0' + (minutes_total / 60) % 10);
        buffer[2] = ':';
        buffer[3] = static_cast<char>('0' + (minutes_total % 60) / 10);
        buffer[4] = static_cast<char>('0' + minutes_total % 10);
        return std::string(buffer, 5);
    };
    return clock(range.begin) + "-" + clock(range.end);
}

std::optional<date::local_days> ParseLocalDate(std::string_view text) {
    text = Trim(text);
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const int year = ParseFixedDigits(text, 0, 4);
    const int month = ParseFixedDigits(text, 5, 2);
    const int day = ParseFixedDigits(text, 8, 2);
    if (year < 0 || month < 0 || day < 0) return std::nullopt;
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    return date::local_days{ymd};
}

std::string FormatLocalDate(date::local_days day) {
    return date::format("%F", day);
}

Status NormalizeDayHours(DayHours& hours) {
    std::sort(hours.begin(), hours.end(), [](const TimeRange& a, const TimeRange& b) { return a.begin < b.begin; });
    for (std::size_t index = 0; index < hours.size(); ++index) {
        const TimeRange& range = hours[index];
        if (range.begin.count() < 0 || range.end.count() > kSecondsPerDay || range.begin >= range.end) {
            return Error::InvalidArgument("time range " + FormatTimeRange(range) + " is not inside one day");
        }
        if (index > 0 && hours[index - 1].end > range.begin) {
            return Error::InvalidArgument("time ranges " + FormatTimeRange(hours[index - 1]) + " and " +
                                          FormatTimeRange(range) + " overlap");
        }
    }
    return OkStatus();
}

std::array<DayHours, kDaysPerWeek> AlwaysOpenWeek() {
    std::array<DayHours, kDaysPerWeek> week;
    for (auto& day : week) day = {TimeRange{std::chrono::seconds{0}, std::chrono::seconds{kSecondsPerDay}}};
    return week;
}

}  // namespace sladesk::sla
