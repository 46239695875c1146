#include "rules/priority_matrix.hpp"

#include <gtest/gtest.h>

namespace sladesk::rules {
namespace {

TEST(PriorityMatrixTest, DefaultMapsImpactAndUrgency) {
    const PriorityMatrix matrix = PriorityMatrix::Default();
    EXPECT_EQ(*matrix.Priority("high", "high", std::nullopt), 1);
    EXPECT_EQ(*matrix.Priority("medium", "medium", std::nullopt), 3);
    EXPECT_EQ(*matrix.Priority("low", "low", std::nullopt), 4);
    EXPECT_EQ(matrix.LowestPriority(), 4);
}

TEST(PriorityMatrixTest, VipRaisesOneLevelButNeverAboveTheTop) {
    const PriorityMatrix matrix = PriorityMatrix::Default();
    EXPECT_EQ(*matrix.Priority("medium", "medium", std::string("vip")), 2);
    EXPECT_EQ(*matrix.Priority("high", "high", std::string("vip")), 1);
    EXPECT_EQ(*matrix.Priority("medium", "medium", std::string("normal")), 3);
}

TEST(PriorityMatrixTest, RejectsUnknownNames) {
    const PriorityMatrix matrix = PriorityMatrix::Default();
    EXPECT_EQ(matrix.Priority("huge", "high", std::nullopt).error().message(), "unknown impact 'huge'");
    EXPECT_EQ(matrix.Priority("high", "now", std::nullopt).error().message(), "unknown urgency 'now'");
}

TEST(PriorityMatrixTest, RejectsBadShapes) {
    EXPECT_FALSE(PriorityMatrix::Create({"a", "b"}, {"x"}, {{1}}, {}));
    EXPECT_FALSE(PriorityMatrix::Create({"a"}, {"x", "y"}, {{1}}, {}));
    EXPECT_FALSE(PriorityMatrix::Create({"a", "a"}, {"x"}, {{1}, {1}}, {}));
    EXPECT_FALSE(PriorityMatrix::Create({"a"}, {"x"}, {{0}}, {}));
    EXPECT_FALSE(PriorityMatrix::Create({"a"}, {"x"}, {{1}}, {{"vip", -1}}));
    EXPECT_TRUE(PriorityMatrix::Create({"a"}, {"x"}, {{2}}, {{"vip", 1}}));
}

}  // namespace
}  // namespace sladesk::rules
