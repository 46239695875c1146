#include "rules/burst_rule.hpp"

#include <gtest/gtest.h>

#include <array>

namespace sladesk::rules {
namespace {

const std::vector<std::string> kGrades{"vip", "important", "normal"};

BurstRule KeyRule() {
    BurstRule rule;
    rule.name = "key-login";
    rule.category = "key/login";
    rule.thresholds = {{"normal", 5}, {"vip", 3}};
    rule.grades = {{1, 3}, {6, 2}};
    return rule;
}

TEST(BurstRuleTest, CategorySubtreeMatchesItselfAndChildrenOnly) {
    EXPECT_TRUE(InCategory("key", "key"));
    EXPECT_TRUE(InCategory("key", "key/login"));
    EXPECT_TRUE(InCategory("key", "key/login/sms"));
    EXPECT_FALSE(InCategory("key", "keyboard"));
    EXPECT_FALSE(InCategory("key/login", "key"));
    EXPECT_FALSE(InCategory("", "key"));
    EXPECT_FALSE(InCategory("key", ""));
}

TEST(BurstRuleTest, ServiceAndKindNarrowTheRule) {
    BurstRule rule = KeyRule();
    ComplaintFacts facts{"key/login", ServiceId{7}, TicketKind::kIncident, 2};
    EXPECT_TRUE(RuleMatches(rule, facts));
    rule.service = ServiceId{7};
    EXPECT_TRUE(RuleMatches(rule, facts));
    rule.service = ServiceId{8};
    EXPECT_FALSE(RuleMatches(rule, facts));
    rule.service.reset();
    rule.kinds = {TicketKind::kComplaint};
    EXPECT_FALSE(RuleMatches(rule, facts));
    facts.kind = TicketKind::kComplaint;
    EXPECT_TRUE(RuleMatches(rule, facts));
    facts.category_path = "key/payment";
    EXPECT_FALSE(RuleMatches(rule, facts));
}

TEST(BurstRuleTest, UnknownOrMissingGradeRanksLowest) {
    EXPECT_EQ(GradeRank(kGrades, std::string("vip")), 0U);
    EXPECT_EQ(GradeRank(kGrades, std::string("important")), 1U);
    EXPECT_EQ(GradeRank(kGrades, std::string("gold")), 2U);
    EXPECT_EQ(GradeRank(kGrades, std::nullopt), 2U);
    EXPECT_EQ(GradeRank({}, std::string("vip")), 0U);
}

TEST(BurstRuleTest, VipComplaintsCountTowardVipAndNormalThresholds) {
    const BurstRule rule = KeyRule();
    // tally: vip, important, normal
    EXPECT_FALSE(ThresholdReached(rule, kGrades, std::array{2, 0, 0}));
    EXPECT_TRUE(ThresholdReached(rule, kGrades, std::array{3, 0, 0}));   // the VIP threshold (3)
    EXPECT_FALSE(ThresholdReached(rule, kGrades, std::array{0, 0, 4}));
    EXPECT_TRUE(ThresholdReached(rule, kGrades, std::array{0, 0, 5}));   // the normal threshold (5)
    EXPECT_TRUE(ThresholdReached(rule, kGrades, std::array{2, 1, 2}));   // 2 VIP + 1 important + 2 normal = 5
    EXPECT_FALSE(ThresholdReached(rule, kGrades, std::array{2, 1, 1}));
}

TEST(BurstRuleTest, ThresholdNamingUnknownGradeNeverFires) {
    BurstRule rule = KeyRule();
    rule.thresholds = {{"gold", 1}};
    EXPECT_FALSE(ThresholdReached(rule, kGrades, std::array{9, 9, 9}));
}

TEST(BurstRuleTest, GradeTableGivesGradeByCount) {
    BurstRule rule;
    rule.grades = {{10, 4}, {31, 3}};
    EXPECT_EQ(GradeFor(rule, 5), 4);   // below the first step: its grade
    EXPECT_EQ(GradeFor(rule, 10), 4);
    EXPECT_EQ(GradeFor(rule, 30), 4);
    EXPECT_EQ(GradeFor(rule, 31), 3);
    EXPECT_EQ(GradeFor(rule, 1000), 3);
    EXPECT_EQ(GradeFor(BurstRule{}, 3), 0);
}

TEST(BurstRuleTest, GradeOnlyRisesByItself) {
    EXPECT_EQ(RaisedGrade(3, 2), 2);
    EXPECT_EQ(RaisedGrade(2, 3), 2);   // a manual 二级 is not lowered by a smaller count
    EXPECT_EQ(RaisedGrade(0, 4), 4);
    EXPECT_EQ(RaisedGrade(4, 0), 4);
}

TEST(BurstRuleTest, ValidationNamesRuleAndProblem) {
    const auto grades = DefaultNoticeGrades();
    EXPECT_TRUE(ValidateBurstRule(KeyRule(), kGrades, grades));
    BurstRule rule = KeyRule();
    rule.thresholds = {{"gold", 2}};
    auto bad = ValidateBurstRule(rule, kGrades, grades);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message().find("key-login"), std::string::npos);
    EXPECT_NE(bad.error().message().find("gold"), std::string::npos);
    rule = KeyRule();
    rule.grades = {{1, 2}, {6, 3}};
    EXPECT_FALSE(ValidateBurstRule(rule, kGrades, grades));
    rule.grades = {{5, 3}, {5, 2}};
    EXPECT_FALSE(ValidateBurstRule(rule, kGrades, grades));
    rule.grades = {{1, 7}};
    EXPECT_FALSE(ValidateBurstRule(rule, kGrades, grades));
    rule = KeyRule();
    rule.window = std::chrono::seconds{30};
    EXPECT_FALSE(ValidateBurstRule(rule, kGrades, grades));
    rule = KeyRule();
    rule.thresholds.clear();
    EXPECT_FALSE(ValidateBurstRule(rule, kGrades, grades));
    rule = KeyRule();
    rule.thresholds = {{"vip", 0}};
    EXPECT_FALSE(ValidateBurstRule(rule, kGrades, grades));
}

TEST(BurstRuleTest, NoticeGradesValidated) {
    EXPECT_TRUE(ValidateNoticeGrades(DefaultNoticeGrades()));
    auto grades = DefaultNoticeGrades();
    grades.push_back(grades.front());
    EXPECT_FALSE(ValidateNoticeGrades(grades));
    grades = DefaultNoticeGrades();
    grades[0].owner_role = Role::kAgent;
    EXPECT_FALSE(ValidateNoticeGrades(grades));
    grades = DefaultNoticeGrades();
    grades[1].acknowledge_within = std::chrono::seconds{0};
    EXPECT_FALSE(ValidateNoticeGrades(grades));
    ASSERT_NE(FindNoticeGrade(DefaultNoticeGrades(), 2), nullptr);
    EXPECT_EQ(FindNoticeGrade(DefaultNoticeGrades(), 2)->name, "二级");
    EXPECT_EQ(FindNoticeGrade(DefaultNoticeGrades(), 9), nullptr);
}

}  // namespace
}  // namespace sladesk::rules
