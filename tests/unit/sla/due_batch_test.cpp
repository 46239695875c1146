// The `sla due --batch` engine and duration parsing.
#include "sla/due_batch.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "sla/work_duration.hpp"
#include "sla_test_support.hpp"

namespace sladesk::sla {
namespace {

using namespace std::chrono_literals;

TEST(DueBatchTest, OneDueEpochPerLine) {
    const Calendar calendar = testing::MustCreate(testing::CnOfficeSpec());
    // 1737968400 = 2025-01-27T17:00:00+08:00; 16 h -> 2025-02-06T17:00:00+08:00 = 1738832400.
    std::istringstream in("1737968400 57600\n1737968400\t0\r\n  1737968400   3600  \n1737968400 1");
    std::ostringstream out;
    auto done = RunDueBatch(in, out, calendar);
    ASSERT_TRUE(done.ok()) << done.error().message();
    EXPECT_EQ(*done, 4);
    EXPECT_EQ(out.str(), "1738832400\n1737968400\n1737972000\n1737968401\n");
}

TEST(DueBatchTest, MalformedLineStopsWithItsNumber) {
    const Calendar calendar = Calendar::AlwaysOpen();
    const std::pair<const char*, const char*> cases[] = {
        {"0 1\nabc 5\n", "line 2: START_EPOCH"},
        {"0 1\n0 1\n0\n", "line 3: expected"},
        {"0 -5\n", "line 1: SECONDS out of range"},
        {"0 5x\n", "line 1: unexpected text"},
        {"0 1\n\n0 1\n", "line 2: empty line"},
        {"99999999999999 1\n", "line 1: START_EPOCH out of range"},
    };
    for (const auto& [input, fragment] : cases) {
        std::istringstream in(input);
        std::ostringstream out;
        auto done = RunDueBatch(in, out, calendar);
        ASSERT_FALSE(done.ok()) << input;
        EXPECT_NE(done.error().message().find(fragment), std::string::npos) << done.error().message();
    }
}

TEST(DueBatchTest, LargeInputCrossesBufferBoundaries) {
    const Calendar calendar = Calendar::AlwaysOpen();
    std::string input;
    std::string expected;
    for (int index = 0; index < 200000; ++index) {
        input += std::to_string(1700000000 + index) + " " + std::to_string(index % 1000) + "\n";
        expected += std::to_string(1700000000 + index + index % 1000) + "\n";
    }
    std::istringstream in(input);
    std::ostringstream out;
    auto done = RunDueBatch(in, out, calendar);
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(*done, 200000);
    EXPECT_EQ(out.str(), expected);
}

TEST(WorkDurationTest, ParsesAndFormats) {
    EXPECT_EQ(*ParseWorkDuration("16h"), 16h);
    EXPECT_EQ(*ParseWorkDuration("4h30m"), 4h + 30min);
    EXPECT_EQ(*ParseWorkDuration("90m"), 90min);
    EXPECT_EQ(*ParseWorkDuration("1h0m5s"), 1h + 5s);
    EXPECT_EQ(*ParseWorkDuration("3600"), 1h);
    EXPECT_FALSE(ParseWorkDuration("2d").ok());
    EXPECT_FALSE(ParseWorkDuration("30m4h").ok());
    EXPECT_FALSE(ParseWorkDuration("4h30").ok());
    EXPECT_FALSE(ParseWorkDuration("").ok());
    EXPECT_FALSE(ParseWorkDuration("-1h").ok());
    EXPECT_EQ(FormatWorkDuration(4h + 30min), "4h30m");
    EXPECT_EQ(FormatWorkDuration(16h), "16h");
    EXPECT_EQ(FormatWorkDuration(0s), "0s");
    EXPECT_EQ(FormatWorkDuration(1h + 5s), "1h0m5s");
}

}  // namespace
}  // namespace sladesk::sla
