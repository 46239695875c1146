#include "core/utc_time.hpp"

#include <gtest/gtest.h>

namespace sladesk {
namespace {

TEST(UtcTimeTest, FormatsAndParsesRoundTrip) {
    const UtcTime t = FromEpochSeconds(1737968400);  // 2025-01-27T09:00:00Z
    EXPECT_EQ(FormatIso8601(t), "2025-01-27T09:00:00Z");
    EXPECT_EQ(ParseIso8601("2025-01-27T09:00:00Z"), t);
}

TEST(UtcTimeTest, ParsesOffsets) {
    EXPECT_EQ(ParseIso8601("2025-01-27T17:00:00+08:00"), FromEpochSeconds(1737968400));
    EXPECT_EQ(ParseIso8601("2025-01-27T04:00:00-05:00"), FromEpochSeconds(1737968400));
}

TEST(UtcTimeTest, RejectsMalformed) {
    EXPECT_FALSE(ParseIso8601(""));
    EXPECT_FALSE(ParseIso8601("2025-02-30T00:00:00Z"));
    EXPECT_FALSE(ParseIso8601("2025-01-27T24:00:00Z"));
    EXPECT_FALSE(ParseIso8601("2025-01-27T09:00:00"));
    EXPECT_FALSE(ParseIso8601("2025-01-27T09:00:00+8"));
    EXPECT_FALSE(ParseIso8601("abcd-01-27T09:00:00Z"));
}

}  // namespace
}  // namespace sladesk
