#include "sla/calendar.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "sla/builtin_calendars.hpp"
#include "sla/detail/calendar_data.hpp"

namespace sladesk::sla {
namespace {

using detail::DayNumber;
using detail::WorkTable;

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kChunkSeconds = 365 * kSecondsPerDay;       // slow-path table size
constexpr int kMaxEmptyChunks = 10;                                 // ten years without work = never
constexpr std::int64_t kMinSupported = -5364662400;                 // 1800-01-01T00:00:00Z
constexpr std::int64_t kMaxSupported = 253402300800;                // 10000-01-01T00:00:00Z
constexpr int kMaxDaySearch = 3660;                                 // ten years of days

std::int64_t YearStart(int year) {
    return date::sys_seconds{date::sys_days{date::year{year} / 1 / 1}}.time_since_epoch().count();
}

DayNumber ToDayNumber(date::local_days day) { return day.time_since_epoch().count(); }

// The table covering `t` (the main one, or a one-year chunk built into `scratch`, aligned to the main one).
const WorkTable& TableFor(const detail::CalendarData& data, std::int64_t t, std::optional<WorkTable>& scratch) {
    const WorkTable& main = data.table;
    if (t >= main.begin() && t < main.end()) return main;
    std::int64_t chunk_begin = 0;
    if (t >= main.end()) {
        chunk_begin = main.end() + (t - main.end()) / kChunkSeconds * kChunkSeconds;
    } else {
        chunk_begin = main.begin() - ((main.begin() - 1 - t) / kChunkSeconds + 1) * kChunkSeconds;
    }
    const std::int64_t chunk_end = chunk_begin + kChunkSeconds;
    const auto segments = detail::ZoneSegmentsBetween(*data.zone, chunk_begin - 2 * kSecondsPerDay,
                                                      chunk_end + 2 * kSecondsPerDay);
    scratch.emplace(WorkTable::Build(data.rules, segments, chunk_begin, chunk_end));
    return *scratch;
}

// Hours for a workday given without explicit hours.
std::optional<DayHours> WeekdayHoursFor(const std::array<DayHours, kDaysPerWeek>& week, std::optional<int> like) {
    if (like) return week[static_cast<std::size_t>(*like)];
    for (int weekday = 0; weekday < 5; ++weekday) {
        if (!week[static_cast<std::size_t>(weekday)].empty()) return week[static_cast<std::size_t>(weekday)];
    }
    return std::nullopt;
}

// Appends the overrides of one exception set (holidays first, so a workday on the same date wins).
Status AppendOverrides(const DatedExceptions& set, const std::array<DayHours, kDaysPerWeek>& week,
                       const std::string& origin, std::vector<std::pair<DayNumber, DayHours>>& overrides) {
    for (const auto day : set.holidays) overrides.emplace_back(ToDayNumber(day), DayHours{});
    for (const ExtraWorkday& workday : set.workdays) {
        const std::string where = origin + " workday " + FormatLocalDate(workday.date);
        if (workday.like_weekday && (*workday.like_weekday < 0 || *workday.like_weekday >= kDaysPerWeek)) {
            return Error::InvalidArgument(where + ": weekday out of range");
        }
        std::optional<DayHours> hours = workday.hours ? workday.hours : WeekdayHoursFor(week, workday.like_weekday);
        if (!hours || hours->empty()) return Error::InvalidArgument(where + ": no working hours (give hours)");
        if (auto status = NormalizeDayHours(*hours); !status) return status.error().WithContext(where);
        overrides.emplace_back(ToDayNumber(workday.date), std::move(*hours));
    }
    return OkStatus();
}

Status CheckOwnExceptions(const DatedExceptions& own) {
    std::set<date::local_days> holidays(own.holidays.begin(), own.holidays.end());
    for (const ExtraWorkday& workday : own.workdays) {
        if (holidays.count(workday.date) != 0) {
            return Error::InvalidArgument("date " + FormatLocalDate(workday.date) + " is both a holiday and a workday");
        }
    }
    return OkStatus();
}

// The resolved exceptions, for export and previews.
DatedExceptions ResolvedExceptions(const std::vector<std::pair<DayNumber, DayHours>>& overrides) {
    std::vector<std::pair<DayNumber, DayHours>> sorted;
    for (const auto& entry : overrides) {
        auto it = std::find_if(sorted.begin(), sorted.end(), [&](const auto& e) { return e.first == entry.first; });
        if (it != sorted.end()) sorted.erase(it);
        sorted.push_back(entry);
    }
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    DatedExceptions result;
    for (const auto& [day, hours] : sorted) {
        const date::local_days local{date::days{day}};
        if (hours.empty()) {
            result.holidays.push_back(local);
        } else {
            result.workdays.push_back(ExtraWorkday{local, hours, std::nullopt});
        }
    }
    return result;
}

}  // namespace

Result<Calendar> Calendar::Create(const CalendarSpec& spec, const CalendarOptions& options) {
    if (options.table_first_year < 1900 || options.table_last_year > 2500 ||
        options.table_last_year < options.table_first_year || options.table_last_year - options.table_first_year > 200) {
        return Error::InvalidArgument("calendar table years must be within 1900..2500 and span at most 200 years");
    }
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(spec.time_zone);
    } catch (const std::exception&) {
        return Error::InvalidArgument("timezone: unknown time zone \"" + spec.time_zone + "\"");
    }
    std::array<DayHours, kDaysPerWeek> week = spec.week;
    static constexpr std::array<const char*, kDaysPerWeek> kNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int weekday = 0; weekday < kDaysPerWeek; ++weekday) {
        auto status = NormalizeDayHours(week[static_cast<std::size_t>(weekday)]);
        if (!status) return status.error().WithContext(std::string("week.") + kNames[static_cast<std::size_t>(weekday)]);
    }
    SLADESK_TRY(CheckOwnExceptions(spec.exceptions));
    std::vector<std::pair<DayNumber, DayHours>> overrides;
    for (const std::string& include : spec.includes) {
        SLADESK_ASSIGN_OR_RETURN(DatedExceptions builtin, BuiltinExceptions(include));
        SLADESK_TRY(AppendOverrides(builtin, week, "include " + include + ":", overrides));
    }
    SLADESK_TRY(AppendOverrides(spec.exceptions, week, "calendar", overrides));
    const bool week_empty = std::all_of(week.begin(), week.end(), [](const DayHours& h) { return h.empty(); });
    const bool any_workday = std::any_of(overrides.begin(), overrides.end(), [](const auto& e) { return !e.second.empty(); });
    if (week_empty && !any_workday) return Error::InvalidArgument("week: the calendar has no working hours");

    auto data = std::make_shared<detail::CalendarData>(detail::CalendarData{
        spec.name, zone, detail::DayRules(week, overrides), WorkTable{}, ResolvedExceptions(overrides)});
    const std::int64_t begin = YearStart(options.table_first_year);
    const std::int64_t end = YearStart(options.table_last_year + 1);
    const auto segments = detail::ZoneSegmentsBetween(*zone, begin - 2 * kSecondsPerDay, end + 2 * kSecondsPerDay);
    data->table = WorkTable::Build(data->rules, segments, begin, end);
    return Calendar(std::move(data));
}

Calendar Calendar::AlwaysOpen() {
    CalendarSpec spec;
    spec.name = "24x7";
    spec.week = AlwaysOpenWeek();
    return std::move(*Create(spec));
}

const std::string& Calendar::name() const { return data_->name; }
const date::time_zone& Calendar::zone() const { return *data_->zone; }
const DatedExceptions& Calendar::exceptions() const { return data_->exceptions; }

UtcTime Calendar::AddWorkingTime(UtcTime start, std::chrono::seconds work) const {
    std::int64_t t = std::max(ToEpochSeconds(start), kMinSupported);
    std::int64_t remaining = work.count();
    if (remaining <= 0) return start;
    // More work than wall time left (this also keeps the sums below from overflowing).
    if (t >= kMaxSupported || remaining > kMaxSupported - t) return kNever;
    std::int64_t due = 0;
    std::int64_t consumed = 0;
    const WorkTable& main = data_->table;
    if (t >= main.begin() && t < main.end()) {  // hot path: no allocation
        if (main.Add(t, remaining, due, consumed)) return FromEpochSeconds(due);
        remaining -= consumed;
        t = main.end();
    }
    int empty_chunks = 0;
    while (t < kMaxSupported) {
        std::optional<WorkTable> scratch;
        const WorkTable& table = TableFor(*data_, t, scratch);
        if (table.Add(t, remaining, due, consumed)) return FromEpochSeconds(due);
        remaining -= consumed;
        empty_chunks = consumed == 0 ? empty_chunks + 1 : 0;
        if (empty_chunks > kMaxEmptyChunks) break;
        t = table.end();
    }
    return kNever;
}

std::chrono::seconds Calendar::WorkingTimeBetween(UtcTime a, UtcTime b) const {
    std::int64_t from = std::max(ToEpochSeconds(a), kMinSupported);
    const std::int64_t to = std::min(ToEpochSeconds(b), kMaxSupported);
    if (to <= from) return std::chrono::seconds{0};
    const WorkTable& main = data_->table;
    if (from >= main.begin() && to <= main.end()) {  // hot path: no allocation
        return std::chrono::seconds{main.WorkBefore(to) - main.WorkBefore(from)};
    }
    std::int64_t total = 0;
    while (from < to) {
        std::optional<WorkTable> scratch;
        const WorkTable& table = TableFor(*data_, from, scratch);
        total += table.WorkBefore(std::min(to, table.end())) - table.WorkBefore(from);
        from = table.end();
    }
    return std::chrono::seconds{total};
}

UtcTime Calendar::NextWorkingInstant(UtcTime t) const {
    std::int64_t from = std::max(ToEpochSeconds(t), kMinSupported);
    for (int chunk = 0; chunk <= kMaxEmptyChunks + 100 && from < kMaxSupported; ++chunk) {
        std::optional<WorkTable> scratch;
        const WorkTable& table = TableFor(*data_, from, scratch);
        std::int64_t next = 0;
        if (table.NextWorking(from, next)) return FromEpochSeconds(next);
        from = table.end();
    }
    return kNever;
}

std::span<const TimeRange> Calendar::HoursOn(date::local_days day) const {
    return data_->rules.HoursOn(ToDayNumber(day));
}

bool Calendar::IsWorkingDay(date::local_days day) const { return !HoursOn(day).empty(); }

date::local_days Calendar::NextWorkingDay(date::local_days day) const {
    for (int step = 0; step < kMaxDaySearch; ++step) {
        if (IsWorkingDay(day)) return day;
        day += date::days{1};
    }
    return day;
}

UtcTime Calendar::AddWorkingDays(UtcTime start, int days) const {
    if (days == 0) return start;
    const std::int64_t epoch = ToEpochSeconds(start);
    if (epoch < kMinSupported || epoch >= kMaxSupported) return kNever;  // keeps the zone math in range
    const auto local = data_->zone->to_local(start);
    date::local_days day = date::floor<date::days>(local);
    const auto time_of_day = local - day;
    const date::days step{days > 0 ? 1 : -1};
    int left = days > 0 ? days : -days;
    for (int searched = 0; left > 0; ++searched) {
        if (searched >= kMaxDaySearch) return kNever;
        day += step;
        if (IsWorkingDay(day)) --left;
    }
    return date::floor<std::chrono::seconds>(data_->zone->to_sys(day + time_of_day, date::choose::earliest));
}

}  // namespace sladesk::sla
