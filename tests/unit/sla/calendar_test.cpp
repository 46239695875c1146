// Worked examples: lunch breaks, 调休, holidays, midnight, year ends, DST in New York and Berlin.
#include "sla/calendar.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "sla_test_support.hpp"

namespace sladesk::sla {
namespace {

using namespace std::chrono_literals;
using testing::At;
using testing::Day;
using testing::Hours;
using testing::MustCreate;

struct DueCase {
    const char* what;
    const char* start;
    std::chrono::seconds work;
    const char* due;
};

void ExpectDueCases(const Calendar& calendar, std::initializer_list<DueCase> cases) {
    for (const DueCase& c : cases) {
        SCOPED_TRACE(c.what);
        const UtcTime due = calendar.AddWorkingTime(At(c.start), c.work);
        EXPECT_EQ(FormatIso8601(due), FormatIso8601(At(c.due)));
        EXPECT_EQ(calendar.WorkingTimeBetween(At(c.start), due), c.work);
    }
}

TEST(CalendarTest, CnOfficeAcrossSpringFestival) {
    // Opened Mon 2025-01-27 17:00: 1 h that day; 01-28..02-04 are the Spring Festival holiday; Wed 02-05
    // gives 8 h (total 9); Thu 02-06 gives 09-12 (12) and 13-17 (16). Due Thu 2025-02-06 17:00 +08:00.
    const Calendar calendar = MustCreate(testing::CnOfficeSpec());
    ExpectDueCases(calendar, {
        {"16 working hours across the festival", "2025-01-27T17:00:00+08:00", 16h, "2025-02-06T17:00:00+08:00"},
        {"one hour finishes at the end of the day, not next morning", "2025-01-27T17:00:00+08:00", 1h,
         "2025-01-27T18:00:00+08:00"},
        {"Sunday 2025-01-26 is an adjusted working day", "2025-01-25T10:00:00+08:00", 1h,
         "2025-01-26T10:00:00+08:00"},
        {"Saturday 2025-02-08 is an adjusted working day", "2025-02-07T17:30:00+08:00", 1h,
         "2025-02-08T09:30:00+08:00"},
        {"start inside the lunch break", "2025-03-03T12:30:00+08:00", 1h, "2025-03-03T14:00:00+08:00"},
        {"due exactly at the start of lunch", "2025-03-03T09:00:00+08:00", 3h, "2025-03-03T12:00:00+08:00"},
        {"one second past lunch", "2025-03-03T09:00:00+08:00", 3h + 1s, "2025-03-03T13:00:01+08:00"},
        {"start at midnight", "2025-03-04T00:00:00+08:00", 30min, "2025-03-04T09:30:00+08:00"},
        {"year end: 2025-01-01 is a holiday", "2024-12-31T17:00:00+08:00", 2h, "2025-01-02T10:00:00+08:00"},
        {"National Day 10-01..10-08 off", "2025-09-30T17:00:00+08:00", 2h, "2025-10-09T10:00:00+08:00"},
        {"Sunday 2025-09-28 is worked", "2025-09-27T12:00:00+08:00", 4h, "2025-09-28T14:00:00+08:00"},
        {"zero work is the start itself", "2025-02-01T03:00:00+08:00", 0s, "2025-02-01T03:00:00+08:00"},
    });
}

TEST(CalendarTest, ServiceHallBreakFromDesign) {
    CalendarSpec spec = testing::WeekdaySpec("Asia/Shanghai", Hours({"09:00-14:00", "15:00-18:00"}));
    const Calendar calendar = MustCreate(spec);
    ExpectDueCases(calendar, {
        {"crosses the 14:00-15:00 break", "2025-03-03T13:30:00+08:00", 1h, "2025-03-03T15:30:00+08:00"},
        {"inside the break", "2025-03-03T14:20:00+08:00", 10min, "2025-03-03T15:10:00+08:00"},
        {"Friday evening to Monday", "2025-03-07T17:00:00+08:00", 2h, "2025-03-10T10:00:00+08:00"},
    });
}

TEST(CalendarTest, WorkingTimeBetweenCountsOnlyWorkingRanges) {
    const Calendar calendar = MustCreate(testing::CnOfficeSpec());
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-03-03T00:00:00+08:00"), At("2025-03-04T00:00:00+08:00")), 8h);
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-03-03T11:00:00+08:00"), At("2025-03-03T14:00:00+08:00")), 2h);
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-01-28T00:00:00+08:00"), At("2025-02-05T00:00:00+08:00")), 0s);
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-03-04T00:00:00+08:00"), At("2025-03-03T00:00:00+08:00")), 0s);
    // A whole week of 2025-03 (no holidays): 5 x 8 h.
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-03-03T00:00:00+08:00"), At("2025-03-10T00:00:00+08:00")), 40h);
}

TEST(CalendarTest, NewYorkSpringForwardAndFallBack) {
    CalendarSpec spec = testing::WeekdaySpec("America/New_York", Hours({"09:00-17:00"}));
    spec.week[6] = Hours({"00:00-06:00"});  // Sundays 00:00-06:00: 5 h in March, 7 h in November 2025
    const Calendar calendar = MustCreate(spec);
    ExpectDueCases(calendar, {
        {"spring Sunday holds 5 real hours", "2025-03-09T00:00:00-05:00", 5h, "2025-03-09T06:00:00-04:00"},
        {"autumn Sunday holds 7 real hours", "2025-11-02T00:00:00-04:00", 7h, "2025-11-02T06:00:00-05:00"},
        {"Friday EST to Monday EDT", "2025-03-07T16:00:00-05:00", 7h, "2025-03-10T10:00:00-04:00"},
    });
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-03-09T00:00:00Z"), At("2025-03-09T23:00:00Z")), 5h);
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-11-02T00:00:00Z"), At("2025-11-02T23:00:00Z")), 7h);
}

TEST(CalendarTest, BerlinDstInsideAWorkingRange) {
    CalendarSpec spec;
    spec.time_zone = "Europe/Berlin";
    spec.week[6] = Hours({"01:00-04:00"});  // Sunday night shift
    spec.week[0] = Hours({"08:00-16:00"});
    const Calendar calendar = MustCreate(spec);
    // 2025-03-30: 02:00 CET -> 03:00 CEST, the shift is 2 h; 2025-10-26: 03:00 CEST -> 02:00 CET, 4 h.
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-03-29T12:00:00Z"), At("2025-03-30T12:00:00Z")), 2h);
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2025-10-25T12:00:00Z"), At("2025-10-26T12:00:00Z")), 4h);
    ExpectDueCases(calendar, {
        {"spring shift ends at 04:00 CEST", "2025-03-30T01:00:00+01:00", 2h, "2025-03-30T04:00:00+02:00"},
        {"autumn: 3 h in reaches the repeated 02:00 CET", "2025-10-26T01:00:00+02:00", 3h,
         "2025-10-26T03:00:00+01:00"},
        {"after the autumn shift, Monday", "2025-10-26T01:00:00+02:00", 5h, "2025-10-27T09:00:00+01:00"},
    });
}

TEST(CalendarTest, AlwaysOpenIsPlainArithmetic) {
    const Calendar calendar = Calendar::AlwaysOpen();
    EXPECT_EQ(calendar.AddWorkingTime(At("2024-12-31T23:30:00Z"), 1h), At("2025-01-01T00:30:00Z"));
    EXPECT_EQ(calendar.WorkingTimeBetween(At("2024-01-01T00:00:00Z"), At("2025-01-01T00:00:00Z")), 366 * 24h);
    EXPECT_EQ(calendar.AddWorkingTime(At("1999-12-31T23:00:00Z"), 2h), At("2000-01-01T01:00:00Z"));
}

TEST(CalendarTest, ExplicitAndLikeWeekdayWorkdays) {
    CalendarSpec spec = testing::WeekdaySpec("Asia/Shanghai", Hours({"09:00-18:00"}));
    spec.week[4] = Hours({"09:00-12:00"});  // short Fridays
    spec.exceptions.workdays.push_back({Day("2025-03-08"), Hours({"10:00-12:00"}), std::nullopt});
    spec.exceptions.workdays.push_back({Day("2025-03-16"), std::nullopt, 4});  // Sunday like Friday
    spec.exceptions.holidays.push_back(Day("2025-03-10"));
    const Calendar calendar = MustCreate(spec);
    ExpectDueCases(calendar, {
        {"Saturday with explicit hours", "2025-03-07T11:30:00+08:00", 1h, "2025-03-08T10:30:00+08:00"},
        {"Sunday with Friday's hours", "2025-03-15T00:00:00+08:00", 3h, "2025-03-16T12:00:00+08:00"},
        {"holiday Monday skipped", "2025-03-08T11:00:00+08:00", 2h, "2025-03-11T10:00:00+08:00"},
    });
    EXPECT_TRUE(calendar.IsWorkingDay(Day("2025-03-08")));
    EXPECT_FALSE(calendar.IsWorkingDay(Day("2025-03-10")));
}

TEST(CalendarTest, NextWorkingInstantAndDays) {
    const Calendar calendar = MustCreate(testing::CnOfficeSpec());
    EXPECT_EQ(calendar.NextWorkingInstant(At("2025-01-27T18:00:00+08:00")), At("2025-02-05T09:00:00+08:00"));
    EXPECT_EQ(calendar.NextWorkingInstant(At("2025-03-03T12:10:00+08:00")), At("2025-03-03T13:00:00+08:00"));
    EXPECT_EQ(calendar.NextWorkingInstant(At("2025-03-03T10:10:00+08:00")), At("2025-03-03T10:10:00+08:00"));
    // Report due dates: the 10th moves off a holiday to the next working day.
    EXPECT_EQ(calendar.NextWorkingDay(Day("2025-10-05")), Day("2025-10-09"));
    EXPECT_EQ(calendar.NextWorkingDay(Day("2025-03-10")), Day("2025-03-10"));
    // Auto-close after N working days keeps the wall time.
    EXPECT_EQ(calendar.AddWorkingDays(At("2025-01-27T10:00:00+08:00"), 1), At("2025-02-05T10:00:00+08:00"));
    EXPECT_EQ(calendar.AddWorkingDays(At("2025-01-24T15:00:00+08:00"), 2), At("2025-01-27T15:00:00+08:00"));
    EXPECT_EQ(calendar.AddWorkingDays(At("2025-02-05T10:00:00+08:00"), -1), At("2025-01-27T10:00:00+08:00"));
}

TEST(CalendarTest, OutsideTheTableMatchesInside) {
    const Calendar wide = MustCreate(testing::CnOfficeSpec());
    const Calendar narrow = MustCreate(testing::CnOfficeSpec(), CalendarOptions{2030, 2030});
    for (const char* start : {"2024-12-31T17:00:00+08:00", "2025-01-27T17:00:00+08:00", "2019-02-01T10:00:00+08:00"}) {
        for (auto work : {1h, 16h, 200h, 3000h}) {
            EXPECT_EQ(wide.AddWorkingTime(At(start), work), narrow.AddWorkingTime(At(start), work)) << start;
            const UtcTime end = At(start) + std::chrono::hours{24 * 400};
            EXPECT_EQ(wide.WorkingTimeBetween(At(start), end), narrow.WorkingTimeBetween(At(start), end)) << start;
        }
    }
    // Far outside any table: still exact (24x7 arithmetic).
    const Calendar always = Calendar::AlwaysOpen();
    EXPECT_EQ(always.AddWorkingTime(At("2300-06-01T00:00:00Z"), 48h), At("2300-06-03T00:00:00Z"));
    EXPECT_EQ(always.AddWorkingTime(At("1950-12-31T00:00:00Z"), 48h), At("1951-01-02T00:00:00Z"));
}

TEST(CalendarTest, CreateRejectsBadSpecs) {
    CalendarSpec unknown_zone = testing::WeekdaySpec("Mars/Olympus", Hours({"09:00-17:00"}));
    EXPECT_TRUE(Calendar::Create(unknown_zone).error().Is(ErrorCode::kInvalidArgument));
    CalendarSpec overlap = testing::WeekdaySpec("UTC", Hours({"09:00-12:00"}));
    overlap.week[0].push_back(*ParseTimeRange("11:00-13:00"));
    auto overlap_result = Calendar::Create(overlap);
    ASSERT_FALSE(overlap_result.ok());
    EXPECT_NE(overlap_result.error().message().find("week.mon"), std::string::npos);
    CalendarSpec empty;
    EXPECT_FALSE(Calendar::Create(empty).ok());
    CalendarSpec both = testing::WeekdaySpec("UTC", Hours({"09:00-17:00"}));
    both.exceptions.holidays.push_back(Day("2025-03-08"));
    both.exceptions.workdays.push_back({Day("2025-03-08"), std::nullopt, std::nullopt});
    EXPECT_FALSE(Calendar::Create(both).ok());
    CalendarSpec bad_include = testing::WeekdaySpec("UTC", Hours({"09:00-17:00"}));
    bad_include.includes = {"XX"};
    EXPECT_TRUE(Calendar::Create(bad_include).error().Is(ErrorCode::kNotFound));
}

TEST(CalendarTest, OwnExceptionsWinOverIncludedOnes) {
    CalendarSpec spec = testing::CnOfficeSpec();
    spec.exceptions.workdays.push_back({Day("2025-01-28"), std::nullopt, std::nullopt});  // work on a CN holiday
    spec.exceptions.holidays.push_back(Day("2025-01-26"));                              // skip a CN workday
    const Calendar calendar = MustCreate(spec);
    EXPECT_TRUE(calendar.IsWorkingDay(Day("2025-01-28")));
    EXPECT_FALSE(calendar.IsWorkingDay(Day("2025-01-26")));
    EXPECT_EQ(calendar.AddWorkingTime(At("2025-01-27T17:00:00+08:00"), 2h), At("2025-01-28T10:00:00+08:00"));
}

TEST(CalendarTest, NoWorkAheadIsNever) {
    CalendarSpec spec;
    spec.time_zone = "UTC";
    spec.exceptions.workdays.push_back({Day("2025-03-08"), Hours({"10:00-12:00"}), std::nullopt});
    const Calendar calendar = MustCreate(spec, CalendarOptions{2025, 2025});
    EXPECT_EQ(calendar.AddWorkingTime(At("2025-03-01T00:00:00Z"), 2h), At("2025-03-08T12:00:00Z"));
    EXPECT_EQ(calendar.AddWorkingTime(At("2025-03-01T00:00:00Z"), 3h), kNever);
    EXPECT_EQ(calendar.NextWorkingInstant(At("2025-03-09T00:00:00Z")), kNever);
    // Absurd inputs answer at once instead of walking to the end of time.
    EXPECT_EQ(Calendar::AlwaysOpen().AddWorkingTime(At("2025-03-01T00:00:00Z"), std::chrono::seconds::max()), kNever);
    EXPECT_EQ(Calendar::AlwaysOpen().AddWorkingTime(UtcTime::max() - 1h, 2h), kNever);
    EXPECT_EQ(Calendar::AlwaysOpen().WorkingTimeBetween(UtcTime::min(), UtcTime::min() + 1h), 0s);
}

TEST(CalendarTest, SharedAcrossThreads) {
    // One immutable calendar, copies and the original used at once, inside and outside the table.
    const Calendar calendar = MustCreate(testing::CnOfficeSpec(), CalendarOptions{2024, 2025});
    const UtcTime expected_inside = calendar.AddWorkingTime(At("2025-01-27T17:00:00+08:00"), 16h);
    const UtcTime expected_outside = calendar.AddWorkingTime(At("2026-09-30T17:00:00+08:00"), 16h);
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (std::size_t index = 0; index < mismatches.size(); ++index) {
        threads.emplace_back([&, index, copy = calendar] {
            for (int round = 0; round < 200; ++round) {
                if (copy.AddWorkingTime(At("2025-01-27T17:00:00+08:00"), 16h) != expected_inside) ++mismatches[index];
                if (calendar.AddWorkingTime(At("2026-09-30T17:00:00+08:00"), 16h) != expected_outside) ++mismatches[index];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace sladesk::sla
