// Duty rosters and escalation ladders in the policy file: parsing with line
// numbers, resolving names on merge, and the exact JSON round trip of the
// stored policy.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "service/policy.hpp"
#include "service/policy_document.hpp"
#include "service/policy_service.hpp"

namespace sladesk::service {
namespace {

using namespace std::chrono_literals;

std::string ExampleText(const std::string &name) {
    std::ifstream in(std::string(SLADESK_SOURCE_DIR) + "/examples/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string ParseError(const std::string &yaml) {
    auto document = ParsePolicyDocument(yaml);
    return document ? "parsed" : document.error().message();
}

DirectoryNames Names() {
    DirectoryNames names;
    names.groups["desk"] = {GroupId{1}, GroupKind::kDesk};
    names.groups["l2"] = {GroupId{2}, GroupKind::kTeam};
    names.services["mail"] = ServiceId{7};
    names.users["agent1"] = UserId{11};
    names.users["agent2"] = UserId{12};
    names.users["supervisor"] = UserId{13};
    return names;
}

std::string MergeError(const std::string &yaml, Policy &policy) {
    auto document = ParsePolicyDocument(yaml);
    if (!document) return "parse: " + document.error().message();
    std::vector<std::string> applied;
    auto merged = MergeIntoPolicy(*document, Names(), policy, applied);
    return merged ? "merged" : merged.error().message();
}

constexpr const char *kRosterAndLadder = R"(duty_rosters:
  - name: desk-week
    group: desk
    people: [agent1, agent2]
    rotation_days: 7
    handover: {weekday: mon, time: "09:00"}
    timezone: Europe/Berlin
    start: 2025-03-24
    overrides:
      - {login: supervisor, from: "2025-03-25T00:00:00Z", to: "2025-03-26T00:00:00Z"}
escalation_ladders:
  - name: mail-p1
    covers: {services: [mail], priorities: [1], customer_grades: [vip]}
    steps:
      - {name: vp, after: 2h, notify_role: supervisor}
      - {name: half, percent: 50, target: first_response, notify: [agent1, agent2]}
      - {name: ack, no_acknowledgement: 30m, notify_on_call: desk, notify_account_manager: true}
      - {name: late, breach: resolution, reassign: l2, raise_priority: 2}
)";

TEST(EscalationPolicyTest, ParsesAndResolvesRostersAndLadders) {
    Policy policy;
    ASSERT_EQ(MergeError(kRosterAndLadder, policy), "merged");
    ASSERT_EQ(policy.duty_rosters.size(), 1u);
    const rules::DutyRoster &roster = policy.duty_rosters[0];
    EXPECT_EQ(roster.group, GroupId{1});
    EXPECT_EQ(roster.people, (std::vector<UserId>{UserId{11}, UserId{12}}));
    EXPECT_EQ(roster.handover_weekday, date::Monday);
    EXPECT_EQ(roster.handover_time, 9h);
    ASSERT_EQ(roster.overrides.size(), 1u);
    EXPECT_EQ(roster.overrides[0].person, UserId{13});
    EXPECT_EQ(rules::OnCall(roster, *ParseIso8601("2025-03-25T12:00:00Z")), UserId{13});
    EXPECT_EQ(rules::OnCall(roster, *ParseIso8601("2025-03-31T07:00:00Z")), UserId{12});  // 09:00 CEST

    ASSERT_EQ(policy.escalation_ladders.size(), 1u);
    const rules::EscalationLadder &ladder = policy.escalation_ladders[0];
    EXPECT_EQ(ladder.services, std::vector<ServiceId>{ServiceId{7}});
    EXPECT_EQ(ladder.priorities, std::vector<int>{1});
    ASSERT_EQ(ladder.steps.size(), 4u);
    EXPECT_EQ(ladder.steps[0].trigger.after, 2h);
    EXPECT_EQ(ladder.steps[0].actions[0].role, Role::kSupervisor);
    EXPECT_EQ(ladder.steps[1].trigger.kind, rules::TriggerKind::kPercentUsed);
    EXPECT_EQ(ladder.steps[1].trigger.target, sla::ClockTarget::kFirstResponse);
    EXPECT_EQ(ladder.steps[1].actions[1].person, UserId{12});
    EXPECT_EQ(ladder.steps[2].trigger.kind, rules::TriggerKind::kNoAcknowledgement);
    EXPECT_EQ(ladder.steps[2].actions[0].group, GroupId{1});
    EXPECT_EQ(ladder.steps[2].actions[1].kind, rules::ActionKind::kNotifyAccountManager);
    EXPECT_EQ(ladder.steps[3].actions[0].group, GroupId{2});
    EXPECT_EQ(ladder.steps[3].actions[1].levels, 2);
}

TEST(EscalationPolicyTest, StoredPolicyRoundTripsExactly) {
    Policy policy;
    ASSERT_EQ(MergeError(kRosterAndLadder, policy), "merged");
    auto decoded = DecodePolicy(EncodePolicy(policy));
    ASSERT_TRUE(decoded) << decoded.error().message();
    EXPECT_EQ(decoded->duty_rosters, policy.duty_rosters);
    EXPECT_EQ(decoded->escalation_ladders, policy.escalation_ladders);
    EXPECT_EQ(EncodePolicy(*decoded), EncodePolicy(policy));
}

TEST(EscalationPolicyTest, MergeReplacesByNameAndKeepsOthers) {
    Policy policy;
    ASSERT_EQ(MergeError(kRosterAndLadder, policy), "merged");
    ASSERT_EQ(MergeError(R"(duty_rosters:
  - {name: desk-week, group: desk, people: [agent2], timezone: Asia/Shanghai, start: 2025-01-01}
  - {name: l2-day, group: l2, people: [agent1], rotation_days: 1, timezone: Asia/Shanghai, start: 2025-01-01}
)",
                         policy),
              "merged");
    ASSERT_EQ(policy.duty_rosters.size(), 2u);
    EXPECT_EQ(policy.duty_rosters[0].people, std::vector<UserId>{UserId{12}});
    EXPECT_EQ(policy.escalation_ladders.size(), 1u);
}

TEST(EscalationPolicyTest, ParseErrorsCarryLineNumbers) {
    EXPECT_EQ(ParseError("escalation_ladders:\n  - name: a\n    steps:\n      - "
                         "{name: s, after: 2h}\n"),
              "line 4: escalation step 's' needs an action: notify_role, notify, "
              "notify_on_call, "
              "notify_account_manager, reassign or raise_priority");
    EXPECT_EQ(ParseError("escalation_ladders:\n  - name: a\n    steps:\n      - "
                         "{name: s, after: 2h, percent: 50, "
                         "notify: agent1}\n"),
              "line 4: escalation step needs exactly one trigger: after, "
              "percent, breach or no_acknowledgement");
    EXPECT_EQ(ParseError("escalation_ladders:\n  - name: a\n    steps:\n      - "
                         "{name: s, after: 2, notify: x}\n"),
              "line 4: after needs a unit: write 15m, 4h or 4h30m, not '2'");
    EXPECT_EQ(ParseError("escalation_ladders:\n  - name: a\n    steps:\n      - "
                         "{name: s, after: 2h, notify_role: boss}\n"),
              "line 4: notify_role must be one of customer, agent, supervisor, "
              "service_level_manager, admin, not "
              "'boss'");
    EXPECT_EQ(ParseError("escalation_ladders:\n  - name: a\n    steps:\n      - "
                         "{name: s, breach: soon, notify: x}\n"),
              "line 4: breach must be one of first_response, next_update, "
              "resolution, not 'soon'");
    EXPECT_EQ(ParseError("escalation_ladders:\n  - name: a\n    steps:\n      - "
                         "{name: s, after: 1h, notify: x}\n"
                         "      - {name: s, after: 2h, notify: x}\n"),
              "line 2: escalation ladder 'a': step 's' is given twice");
    EXPECT_EQ(ParseError("duty_rosters:\n  - {name: r, group: g, people: [a], "
                         "timezone: Mars/Base, start: 2025-01-01}\n"),
              "line 2: duty roster 'r': unknown time zone 'Mars/Base'");
    EXPECT_EQ(ParseError("duty_rosters:\n  - name: r\n    group: g\n    people: [a]\n  "
                         "  timezone: UTC\n"
                         "    start: 2025-01-01\n    handover: {time: \"25:00\"}\n"),
              "line 7: handover time must be a local time HH:MM (00:00-23:59), not "
              "'25:00'");
    EXPECT_EQ(ParseError("duty_rosters:\n  - {name: r, group: g, people: [a], "
                         "timezone: UTC, start: 2025-01-01}\n"
                         "  - {name: r, group: g, people: [a], timezone: UTC, "
                         "start: 2025-01-01}\n"),
              "line 3: duty_rosters: 'r' is given twice");
}

TEST(EscalationPolicyTest, MergeErrorsNameTheEntry) {
    Policy policy;
    EXPECT_EQ(MergeError("duty_rosters:\n  - {name: r, group: desk, people: "
                         "[nobody], timezone: UTC, "
                         "start: 2025-01-01}\n",
                         policy),
              "line 2: duty roster 'r': no user with login 'nobody'");
    EXPECT_EQ(MergeError("escalation_ladders:\n  - name: a\n    covers: "
                         "{services: [fax]}\n    steps:\n"
                         "      - {name: s, after: 2h, notify_role: agent}\n",
                         policy),
              "line 2: escalation ladder 'a': no service 'fax'");
    EXPECT_EQ(MergeError("escalation_ladders:\n  - name: a\n    steps:\n      - "
                         "{name: s, after: 2h, notify_on_call: l2}\n",
                         policy),
              "escalation ladder 'a': step 's' pages the on-call person of a "
              "group without a duty roster (add one "
              "under duty_rosters:)");
    EXPECT_EQ(MergeError("escalation_ladders:\n  - name: a\n    covers: "
                         "{customer_grades: [gold]}\n    steps:\n"
                         "      - {name: s, after: 2h, notify_role: agent}\n",
                         policy),
              "escalation ladder 'a': customer grade 'gold' is not one of: vip, "
              "important, normal");
}

TEST(EscalationPolicyTest, ExampleFilesHaveTheSeedsLadderAndRosters) {
    auto document = ParsePolicyDocument(ExampleText("policy.yaml"));
    ASSERT_TRUE(document) << document.error().message();
    EXPECT_TRUE(document->duty_rosters.empty());  // applied before any staff exist: no logins in it
    auto rosters = ParsePolicyDocument(ExampleText("duty_rosters.yaml"));
    ASSERT_TRUE(rosters) << rosters.error().message();
    EXPECT_EQ(rosters->duty_rosters.size(), 2u);
    DirectoryNames names;
    AddSyntheticNames(*document, names);
    Policy policy;
    std::vector<std::string> applied;
    auto merged = MergeIntoPolicy(*document, names, policy, applied);
    ASSERT_TRUE(merged) << merged.error().message();
    AddSyntheticNames(*rosters, names);
    merged = MergeIntoPolicy(*rosters, names, policy, applied);
    ASSERT_TRUE(merged) << merged.error().message();
    EXPECT_EQ(policy.duty_rosters.size(), 2u);
    EXPECT_EQ(policy.escalation_ladders.size(), 3u);
    const rules::EscalationLadder &standard = policy.escalation_ladders[0];
    ASSERT_GE(standard.steps.size(), 3u);
    EXPECT_EQ(standard.steps[0].trigger.after, 2h);
    EXPECT_EQ(standard.steps[1].trigger.after, 3h);
    EXPECT_EQ(standard.steps[2].trigger.after, 4h);
    auto decoded = DecodePolicy(EncodePolicy(policy));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(EncodePolicy(*decoded), EncodePolicy(policy));
}

}  // namespace
}  // namespace sladesk::service
