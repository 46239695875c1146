// Property tests: random calendars, starts and durations checked against a brute-force oracle that steps
// minute by minute through UTC, converting each minute to local time with date/tz directly.
#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "sla/builtin_calendars.hpp"
#include "sla/calendar.hpp"
#include "sla_test_support.hpp"

namespace sladesk::sla {
namespace {

using std::chrono::seconds;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kOracleStepLimit = 200000;  // minutes; a case needing more is skipped

// The oracle: resolves a date's hours straight from the spec, independently of Calendar's tables.
class Oracle {
 public:
    explicit Oracle(const CalendarSpec& spec) : spec_(spec), zone_(date::locate_zone(spec.time_zone)) {
        if (!spec.includes.empty()) {
            const DatedExceptions cn = *BuiltinExceptions("CN");
            for (auto day : cn.holidays) included_[day] = DayHours{};
            for (const auto& w : cn.workdays) included_[w.date] = DefaultHours();
        }
        for (auto day : spec.exceptions.holidays) own_[day] = DayHours{};
        for (const auto& w : spec.exceptions.workdays) {
            own_[w.date] = w.hours ? *w.hours : w.like_weekday ? spec.week[static_cast<std::size_t>(*w.like_weekday)] : DefaultHours();
        }
    }

    bool Working(std::int64_t minute_start) {
        if (minute_start < info_.begin.time_since_epoch().count() || minute_start >= info_.end.time_since_epoch().count()) {
            info_ = zone_->get_info(date::sys_seconds{seconds{minute_start}});
        }
        const std::int64_t local = minute_start + info_.offset.count();
        const std::int64_t day_number = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        const std::int64_t time_of_day = local - day_number * 86400;
        if (day_number != cached_day_) {  // the per-minute loop stays cheap in sanitizer builds
            cached_day_ = day_number;
            cached_hours_ = &HoursOn(date::local_days{date::days{day_number}});
        }
        for (const TimeRange& r : *cached_hours_) {
            if (time_of_day >= r.begin.count() && time_of_day < r.end.count()) return true;
        }
        return false;
    }

    // nullopt if it needs more than the step limit.
    std::optional<std::int64_t> Add(std::int64_t t, std::int64_t work) {
        if (work <= 0) return t;
        for (std::int64_t steps = 0; steps < kOracleStepLimit; ++steps) {
            const std::int64_t minute = t - ((t % kMinute) + kMinute) % kMinute;
            const std::int64_t next = minute + kMinute;
            if (Working(minute)) {
                if (work <= next - t) return t + work;
                work -= next - t;
            }
            t = next;
        }
        return std::nullopt;
    }

    std::int64_t Between(std::int64_t a, std::int64_t b) {
        std::int64_t total = 0;
        for (std::int64_t t = a; t < b;) {
            const std::int64_t minute = t - ((t % kMinute) + kMinute) % kMinute;
            const std::int64_t next = std::min(b, minute + kMinute);
            if (Working(minute)) total += next - t;
            t = next;
        }
        return total;
    }

 private:
    DayHours DefaultHours() const {
        for (int weekday = 0; weekday < 5; ++weekday) {
            if (!spec_.week[static_cast<std::size_t>(weekday)].empty()) return spec_.week[static_cast<std::size_t>(weekday)];
        }
        return {};
    }

    const DayHours& HoursOn(date::local_days day) {
        if (auto it = own_.find(day); it != own_.end()) return it->second;
        if (auto it = included_.find(day); it != included_.end()) return it->second;
        return spec_.week[static_cast<std::size_t>(WeekdayIndex(day))];
    }

    CalendarSpec spec_;
    const date::time_zone* zone_;
    date::sys_info info_{};
    std::int64_t cached_day_ = std::numeric_limits<std::int64_t>::min();
    const DayHours* cached_hours_ = nullptr;
    std::map<date::local_days, DayHours> own_;
    std::map<date::local_days, DayHours> included_;
};

const char* const kZones[] = {"Asia/Shanghai",      "America/New_York", "Europe/Berlin",   "UTC",
                              "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata"};
// Days near DST changes and year ends, where mistakes hide.
const char* const kAnchors[] = {"2024-03-10", "2024-11-03", "2024-03-31", "2024-10-27", "2024-04-07",
                                "2024-09-08", "2024-12-31", "2024-01-01", "2024-10-06", "2025-01-27"};

DayHours RandomHours(std::mt19937_64& rng) {
    const int count = static_cast<int>(rng() % 4);
    std::set<int> cuts;
    while (static_cast<int>(cuts.size()) < 2 * count) {
        const int pick = static_cast<int>(rng() % 8);
        cuts.insert(pick == 0 ? 0 : pick == 1 ? 1440 : static_cast<int>(rng() % 97) * 15);
    }
    std::vector<int> points(cuts.begin(), cuts.end());
    DayHours hours;
    for (std::size_t index = 0; index + 1 < points.size(); index += 2) {
        hours.push_back({seconds{points[index] * 60}, seconds{points[index + 1] * 60}});
    }
    if (rng() % 10 == 0) hours = {{seconds{0}, seconds{86400}}};
    return hours;
}

CalendarSpec RandomSpec(std::mt19937_64& rng) {
    CalendarSpec spec;
    spec.name = "random";
    spec.time_zone = kZones[rng() % std::size(kZones)];
    for (auto& day : spec.week) day = rng() % 4 == 0 ? DayHours{} : RandomHours(rng);
    if (spec.week[0].empty()) spec.week[0] = {{seconds{9 * 3600}, seconds{17 * 3600}}};
    if (rng() % 3 == 0) spec.includes = {"CN"};
    const date::local_days base = testing::Day("2024-01-01");
    std::set<date::local_days> used;
    const int exception_count = static_cast<int>(rng() % 12);
    for (int index = 0; index < exception_count; ++index) {
        const date::local_days day = base + date::days{static_cast<int>(rng() % 400)};
        if (!used.insert(day).second) continue;
        switch (rng() % 3) {
            case 0: spec.exceptions.holidays.push_back(day); break;
            case 1: {
                int like = static_cast<int>(rng() % 7);
                if (spec.week[static_cast<std::size_t>(like)].empty()) like = 0;
                spec.exceptions.workdays.push_back({day, std::nullopt, like});
                break;
            }
            default: {
                DayHours hours = RandomHours(rng);
                if (hours.empty()) hours = {{seconds{0}, seconds{3600}}};
                spec.exceptions.workdays.push_back({day, hours, std::nullopt});
            }
        }
    }
    return spec;
}

std::int64_t RandomStart(std::mt19937_64& rng) {
    const date::local_days anchor = testing::Day(kAnchors[rng() % std::size(kAnchors)]);
    const std::int64_t base = date::sys_days{anchor.time_since_epoch()}.time_since_epoch().count() * 86400;
    std::int64_t start = base + static_cast<std::int64_t>(rng() % (6 * 86400)) - 3 * 86400;
    if (rng() % 3 != 0) start -= start % kMinute;  // mostly minute-aligned, sometimes not
    return start;
}

TEST(CalendarPropertyTest, MatchesMinuteSteppingOracle) {
    std::mt19937_64 rng(20250127);
    int checked = 0;
    int skipped = 0;
    for (int calendar_index = 0; calendar_index < 300; ++calendar_index) {
        const CalendarSpec spec = RandomSpec(rng);
        // A third of the calendars get a one-year table, so starts and results cross into the slow path; the
        // rest a three-year table (the default 2000-2100 table is covered by calendar_test and is slow to
        // build three hundred times under sanitizers).
        const CalendarOptions options = rng() % 3 == 0 ? CalendarOptions{2024, 2024} : CalendarOptions{2023, 2025};
        auto created = Calendar::Create(spec, options);
        ASSERT_TRUE(created.ok()) << created.error().message();
        const Calendar& calendar = *created;
        Oracle oracle(spec);
        for (int case_index = 0; case_index < 10; ++case_index) {
            const std::int64_t start = RandomStart(rng);
            const std::int64_t work = static_cast<std::int64_t>(rng() % (30 * 3600)) + (rng() % 5 == 0 ? 0 : 1);
            SCOPED_TRACE(spec.time_zone + " start=" + std::to_string(start) + " work=" + std::to_string(work) +
                         " calendar=" + std::to_string(calendar_index));
            const auto expected = oracle.Add(start, work);
            if (!expected) {
                ++skipped;
                continue;
            }
            const UtcTime due = calendar.AddWorkingTime(FromEpochSeconds(start), seconds{work});
            ASSERT_EQ(ToEpochSeconds(due), *expected);
            ASSERT_EQ(calendar.WorkingTimeBetween(FromEpochSeconds(start), due).count(), work);
            const std::int64_t end = start + static_cast<std::int64_t>(rng() % (5 * 86400));
            ASSERT_EQ(calendar.WorkingTimeBetween(FromEpochSeconds(start), FromEpochSeconds(end)).count(),
                      oracle.Between(start, end));
            ++checked;
        }
    }
    EXPECT_GT(checked, 2700);
    EXPECT_LT(skipped, 30);
}

TEST(CalendarPropertyTest, MonotoneInStartAndWork) {
    std::mt19937_64 rng(7);
    for (int calendar_index = 0; calendar_index < 100; ++calendar_index) {
        const CalendarSpec spec = RandomSpec(rng);
        const Calendar calendar = testing::MustCreate(spec, CalendarOptions{2023, 2025});
        for (int case_index = 0; case_index < 30; ++case_index) {
            const std::int64_t a = RandomStart(rng);
            const std::int64_t b = a + static_cast<std::int64_t>(rng() % 86400);
            const std::int64_t w1 = static_cast<std::int64_t>(rng() % (20 * 3600));
            const std::int64_t w2 = w1 + static_cast<std::int64_t>(rng() % 7200);
            const UtcTime from_a = calendar.AddWorkingTime(FromEpochSeconds(a), seconds{w1});
            EXPECT_LE(from_a, calendar.AddWorkingTime(FromEpochSeconds(b), seconds{w1}));
            EXPECT_LE(from_a, calendar.AddWorkingTime(FromEpochSeconds(a), seconds{w2}));
            EXPECT_LE(calendar.WorkingTimeBetween(FromEpochSeconds(a), FromEpochSeconds(b)),
                      calendar.WorkingTimeBetween(FromEpochSeconds(a), FromEpochSeconds(b + 3600)));
            // Additivity: elapsed(a, c) = elapsed(a, b) + elapsed(b, c).
            const std::int64_t c = b + static_cast<std::int64_t>(rng() % (3 * 86400));
            EXPECT_EQ(calendar.WorkingTimeBetween(FromEpochSeconds(a), FromEpochSeconds(c)),
                      calendar.WorkingTimeBetween(FromEpochSeconds(a), FromEpochSeconds(b)) +
                          calendar.WorkingTimeBetween(FromEpochSeconds(b), FromEpochSeconds(c)));
        }
    }
}

}  // namespace
}  // namespace sladesk::sla
