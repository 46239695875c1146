// YAML calendars: the DESIGN.md format, and errors that name the line.
#include "sla/calendar_yaml.hpp"

#include <gtest/gtest.h>

#include "sla_test_support.hpp"

namespace sladesk::sla {
namespace {

using namespace std::chrono_literals;
using testing::At;
using testing::Day;

constexpr const char* kDesignExample = R"(calendars:
  - name: cn-office
    timezone: Asia/Shanghai
    week:                      # mon..sun; a missing day is off
      mon: ["09:00-12:00", "13:00-18:00"]
      tue: ["09:00-12:00", "13:00-18:00"]
      wed: ["09:00-12:00", "13:00-18:00"]
      thu: ["09:00-12:00", "13:00-18:00"]
      fri: ["09:00-12:00", "13:00-18:00"]
    holidays: ["2025-01-28", "2025-01-29"]
    workdays: ["2025-01-26", {date: "2025-02-08", hours: ["10:00-12:00"]}, {date: "2025-02-09", like: fri}]
    include: [CN]
  - name: always
    timezone: UTC
    week: 24x7
)";

TEST(CalendarYamlTest, ParsesTheDesignFormat) {
    auto specs = ParseCalendarsYaml(kDesignExample);
    ASSERT_TRUE(specs.ok()) << specs.error().message();
    ASSERT_EQ(specs->size(), 2u);
    const CalendarSpec& office = (*specs)[0];
    EXPECT_EQ(office.name, "cn-office");
    EXPECT_EQ(office.time_zone, "Asia/Shanghai");
    EXPECT_EQ(office.week[0], testing::Hours({"09:00-12:00", "13:00-18:00"}));
    EXPECT_TRUE(office.week[5].empty());
    EXPECT_EQ(office.exceptions.holidays, (std::vector{Day("2025-01-28"), Day("2025-01-29")}));
    ASSERT_EQ(office.exceptions.workdays.size(), 3u);
    EXPECT_FALSE(office.exceptions.workdays[0].hours.has_value());
    EXPECT_EQ(office.exceptions.workdays[1].hours, testing::Hours({"10:00-12:00"}));
    EXPECT_EQ(office.exceptions.workdays[2].like_weekday, 4);
    EXPECT_EQ(office.includes, std::vector<std::string>{"CN"});
    EXPECT_EQ((*specs)[1].week[6], testing::Hours({"00:00-24:00"}));
}

TEST(CalendarYamlTest, LoadsByNameAndComputes) {
    auto office = LoadCalendarFromYaml(kDesignExample);
    ASSERT_TRUE(office.ok()) << office.error().message();
    EXPECT_EQ(office->AddWorkingTime(At("2025-01-27T17:00:00+08:00"), 16h), At("2025-02-06T17:00:00+08:00"));
    auto always = LoadCalendarFromYaml(kDesignExample, "always");
    ASSERT_TRUE(always.ok());
    EXPECT_EQ(always->AddWorkingTime(At("2025-01-27T17:00:00Z"), 16h), At("2025-01-28T09:00:00Z"));
    EXPECT_TRUE(LoadCalendarFromYaml(kDesignExample, "nope").error().Is(ErrorCode::kNotFound));
}

struct ErrorCase {
    const char* yaml;
    const char* expected_fragment;
};

TEST(CalendarYamlTest, ErrorsNameTheLine) {
    const ErrorCase cases[] = {
        {"calendars:\n  - name: a\n    timezone: UTC\n    week:\n      mon: [\"09:00-25:00\"]\n", "line 5: calendars[0].week.mon[0]"},
        {"calendars:\n  - name: a\n    timezone: Mars/Base\n", "line 3: calendars[0].timezone: unknown time zone"},
        {"calendars:\n  - name: a\n    week:\n      mon: [\"09:00-12:00\", \"11:00-13:00\"]\n", "line 4: calendars[0].week.mon: time ranges"},
        {"calendars:\n  - name: a\n    week:\n      funday: [\"09:00-12:00\"]\n", "line 4: calendars[0].week: unknown day"},
        {"calendars:\n  - name: a\n    week: {mon: [\"09:00-12:00\"]}\n    holidays: [\"2025-02-30\"]\n", "line 4: calendars[0].holidays[0]: bad date"},
        {"calendars:\n  - name: a\n    include: [XX]\n", "line 3: calendars[0].include[0]: unknown built-in"},
        {"calendars:\n  - name: a\n    colour: red\n", "line 3: calendars[0]: unknown key \"colour\""},
        {"calendars:\n  - name: a\n    workdays: [{hours: [\"09:00-10:00\"]}]\n", "line 3: calendars[0].workdays[0]: missing date"},
        {"calendars:\n  - name: a\n    week: [\n", "line 4: invalid YAML"},
        {"slas: []\n", "missing top-level calendars"},
        {"calendars:\n  - timezone: UTC\n", "line 2: calendars[0]: missing name"},
    };
    for (const ErrorCase& c : cases) {
        auto result = ParseCalendarsYaml(c.yaml);
        ASSERT_FALSE(result.ok()) << c.yaml;
        EXPECT_TRUE(result.error().Is(ErrorCode::kInvalidArgument));
        EXPECT_NE(result.error().message().find(c.expected_fragment), std::string::npos)
            << "got: " << result.error().message();
    }
}

TEST(CalendarSpecTest, TimeRangesAndDates) {
    EXPECT_EQ(FormatTimeRange(*ParseTimeRange("09:00-24:00")), "09:00-24:00");
    EXPECT_FALSE(ParseTimeRange("12:00-09:00").ok());
    EXPECT_FALSE(ParseTimeRange("9:00-12:00").ok());
    EXPECT_FALSE(ParseTimeRange("24:30-25:00").ok());
    EXPECT_FALSE(ParseLocalDate("2025-02-29").has_value());
    EXPECT_EQ(FormatLocalDate(*ParseLocalDate("2024-02-29")), "2024-02-29");
    EXPECT_EQ(ParseWeekdayName("Sunday"), 6);
}

}  // namespace
}  // namespace sladesk::sla
