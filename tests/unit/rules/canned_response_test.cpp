#include "rules/canned_response.hpp"

#include <gtest/gtest.h>

namespace sladesk::rules {
namespace {

TEST(CannedResponseTest, FillsVariables) {
    const std::map<std::string, std::string> variables{{"customer.name", "张三"}, {"ticket.id", "42"}};
    EXPECT_EQ(*RenderCannedResponse("您好，{{ customer.name }}：工单 #{{ticket.id}} 已受理。", variables),
              "您好，张三：工单 #42 已受理。");
    EXPECT_EQ(*RenderCannedResponse("no variables", variables), "no variables");
}

TEST(CannedResponseTest, RejectsUnknownAndUnclosed) {
    EXPECT_EQ(RenderCannedResponse("{{customer.nmae}}", {}).error().message(), "unknown variable {{customer.nmae}}");
    EXPECT_FALSE(RenderCannedResponse("hello {{customer.name", {{"customer.name", "x"}}));
}

}  // namespace
}  // namespace sladesk::rules
