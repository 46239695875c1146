#include "service/policy_document.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sladesk::service {
namespace {

TEST(PolicyDocumentTest, ParsesTheExampleFile) {
    std::ifstream in(std::string(SLADESK_SOURCE_DIR) + "/examples/policy.yaml");
    std::stringstream text;
    text << in.rdbuf();
    auto document = ParsePolicyDocument(text.str());
    ASSERT_TRUE(document) << document.error().message();
    EXPECT_EQ(document->groups.size(), 4u);
    EXPECT_EQ(document->groups[3].kind, GroupKind::kSupplier);
    EXPECT_EQ(document->services[0].owner_group, "应用支持 L2");
    ASSERT_TRUE(document->priority_matrix);
    EXPECT_EQ(document->priority_matrix->grade_raise.at("vip"), 1);
    EXPECT_EQ(document->auto_close_working_days, 3);
}

TEST(PolicyDocumentTest, FlattensTheCategoryTreeParentsFirst) {
    auto document = ParsePolicyDocument(R"(
categories:
  - code: key
    name: 关键问题
    children:
      - {code: login, name: 登录异常}
)");
    ASSERT_TRUE(document) << document.error().message();
    ASSERT_EQ(document->categories.size(), 2u);
    EXPECT_EQ(document->categories[0].path, "key");
    EXPECT_EQ(document->categories[1].path, "key/login");
}

TEST(PolicyDocumentTest, ErrorsNameTheLine) {
    EXPECT_EQ(ParsePolicyDocument("groups:\n  - name: L1\n    colour: red\n").error().message(),
              "line 3: unknown key 'colour' in group");
    EXPECT_EQ(ParsePolicyDocument("auto_close_working_days: many\n").error().message(),
              "line 1: auto_close_working_days must be an integer");
    EXPECT_EQ(ParsePolicyDocument("services:\n  - code: x\n").error().message(), "line 2: service needs 'name'");
    EXPECT_EQ(ParsePolicyDocument("groups: [\n").error().code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(ParsePolicyDocument("groups: [\n").error().message().starts_with("line "));
    EXPECT_EQ(ParsePolicyDocument("priority_matrix:\n  impacts: [a]\n  urgencies: [x, y]\n  matrix: [[1]]\n")
                  .error()
                  .message(),
              "line 2: priority_matrix: matrix row 1 has 1 cells, expected one per urgency (2)");
    EXPECT_EQ(ParsePolicyDocument("calendarz: []\n").error().message(),
              "line 1: unknown key 'calendarz' in the policy file");
}

TEST(PolicyDocumentTest, EmptyDocumentChangesNothing) {
    auto document = ParsePolicyDocument("");
    ASSERT_TRUE(document);
    EXPECT_TRUE(document->groups.empty());
    EXPECT_FALSE(document->priority_matrix);
}

}  // namespace
}  // namespace sladesk::service
