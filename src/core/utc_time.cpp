#include "core/utc_time.hpp"

#include <charconv>
#include <cstdio>

namespace sladesk {
namespace {

bool ParseDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

}  // namespace

std::string FormatIso8601(UtcTime t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buffer;
}

std::optional<UtcTime> ParseIso8601(std::string_view text) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() < 20) return std::nullopt;
    if (!ParseDigits(text, 0, 4, y) || text[4] != '-' || !ParseDigits(text, 5, 2, mo) || text[7] != '-' ||
        !ParseDigits(text, 8, 2, d) || (text[10] != 'T' && text[10] != ' ') || !ParseDigits(text, 11, 2, h) ||
        text[13] != ':' || !ParseDigits(text, 14, 2, mi) || text[16] != ':' || !ParseDigits(text, 17, 2, s)) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
    std::string_view zone = text.substr(19);
    int offset_seconds = 0;
    if (zone == "Z") {
        offset_seconds = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        int oh = 0, om = 0;
        if (!ParseDigits(zone, 1, 2, oh) || !ParseDigits(zone, 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
        offset_seconds = (oh * 3600 + om * 60) * (zone[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    return UtcTime{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{s} - seconds{offset_seconds};
}

}  // namespace sladesk
