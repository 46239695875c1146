// iCalendar import/export, and the built-in CN table checked against the shipped .ics files.
#include "sla/calendar_ics.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "sla/builtin_calendars.hpp"
#include "sla_test_support.hpp"

namespace sladesk::sla {
namespace {

using testing::Day;

std::string ReadResource(const std::string& name) {
    std::ifstream file(std::string(SLADESK_SOURCE_DIR) + "/resources/holidays-cn/" + name, std::ios::binary);
    EXPECT_TRUE(file.good()) << name;
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::vector<date::local_days> WorkdayDates(const DatedExceptions& exceptions) {
    std::vector<date::local_days> dates;
    for (const auto& w : exceptions.workdays) dates.push_back(w.date);
    return dates;
}

TEST(CalendarIcsTest, Imports2025) {
    auto imported = ImportIcs(ReadResource("2025.ics"));
    ASSERT_TRUE(imported.ok()) << imported.error().message();
    const auto& holidays = imported->holidays;
    EXPECT_TRUE(std::binary_search(holidays.begin(), holidays.end(), Day("2025-01-28")));
    EXPECT_TRUE(std::binary_search(holidays.begin(), holidays.end(), Day("2025-02-04")));
    EXPECT_FALSE(std::binary_search(holidays.begin(), holidays.end(), Day("2025-02-05")));
    const auto workdays = WorkdayDates(*imported);
    EXPECT_NE(std::find(workdays.begin(), workdays.end(), Day("2025-01-26")), workdays.end());
    EXPECT_NE(std::find(workdays.begin(), workdays.end(), Day("2025-02-08")), workdays.end());
}

TEST(CalendarIcsTest, RoundTrip2025ThroughACalendar) {
    auto imported = ImportIcs(ReadResource("2025.ics"));
    ASSERT_TRUE(imported.ok());
    CalendarSpec spec = testing::WeekdaySpec("Asia/Shanghai", testing::Hours({"09:00-12:00", "13:00-18:00"}));
    spec.exceptions = *imported;
    const Calendar calendar = testing::MustCreate(spec);
    const std::string exported = ExportIcs(calendar.exceptions(), "cn-office");
    EXPECT_NE(exported.find("X-WR-CALNAME:cn-office"), std::string::npos);
    auto again = ImportIcs(exported);
    ASSERT_TRUE(again.ok()) << again.error().message();
    EXPECT_EQ(again->holidays, imported->holidays);
    EXPECT_EQ(WorkdayDates(*again), WorkdayDates(*imported));
    // The export carries the workdays' hours, so a second round keeps them.
    ASSERT_FALSE(again->workdays.empty());
    EXPECT_EQ(again->workdays[0].hours, testing::Hours({"09:00-12:00", "13:00-18:00"}));
    EXPECT_EQ(ExportIcs(*again, "cn-office"), exported);
}

TEST(CalendarIcsTest, BuiltinCnMatchesTheShippedIcsFiles) {
    const DatedExceptions builtin = *BuiltinExceptions("CN");
    for (int year = 2019; year <= 2026; ++year) {
        SCOPED_TRACE(year);
        auto imported = ImportIcs(ReadResource(std::to_string(year) + ".ics"));
        ASSERT_TRUE(imported.ok()) << imported.error().message();
        for (auto day : imported->holidays) {
            EXPECT_NE(std::find(builtin.holidays.begin(), builtin.holidays.end(), day), builtin.holidays.end())
                << FormatLocalDate(day);
        }
        const auto builtin_workdays = WorkdayDates(builtin);
        for (auto day : WorkdayDates(*imported)) {
            EXPECT_NE(std::find(builtin_workdays.begin(), builtin_workdays.end(), day), builtin_workdays.end())
                << FormatLocalDate(day);
        }
    }
}

TEST(CalendarIcsTest, RejectsGarbage) {
    EXPECT_FALSE(ImportIcs("hello").ok());
    const char* no_start = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    EXPECT_FALSE(ImportIcs(no_start).ok());
}

}  // namespace
}  // namespace sladesk::sla
