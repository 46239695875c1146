#include "core/result.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sladesk {
namespace {

Result<int> Half(int value) {
    if (value % 2 != 0) return Error::InvalidArgument("odd: " + std::to_string(value));
    return value / 2;
}

Result<int> Quarter(int value) {
    SLADESK_ASSIGN_OR_RETURN(int half, Half(value));
    return Half(half);
}

TEST(ResultTest, CarriesValueOrError) {
    EXPECT_EQ(*Half(4), 2);
    ASSERT_FALSE(Half(3));
    EXPECT_TRUE(Half(3).error().Is(ErrorCode::kInvalidArgument));
    EXPECT_EQ(Half(3).error().message(), "odd: 3");
}

TEST(ResultTest, AssignOrReturnPropagates) {
    EXPECT_EQ(*Quarter(8), 2);
    EXPECT_EQ(Quarter(6).error().message(), "odd: 3");
    EXPECT_EQ(Quarter(5).error().message(), "odd: 5");
}

TEST(ResultTest, WithContextPrefixes) {
    EXPECT_EQ(Error::NotFound("ticket 4").WithContext("load").message(), "load: ticket 4");
}

}  // namespace
}  // namespace sladesk
