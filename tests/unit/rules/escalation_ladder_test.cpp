#include "rules/escalation_ladder.hpp"

#include <gtest/gtest.h>

#include "sla/sla_test_support.hpp"

namespace sladesk::rules {
namespace {

using namespace std::chrono_literals;
using sla::testing::At;

constexpr sla::CalendarOptions kSmallTables{2024, 2026};

sla::AgreementBook Book() {
    sla::Agreement agreement;
    agreement.name = "standard";
    agreement.status = sla::AgreementStatus::kActive;
    agreement.calendar = "cn-office";
    agreement.effective_from = At("2025-01-01T00:00:00+08:00");
    agreement.targets = {{2, sla::Targets{1h, 4h, 8h}}};
    auto book = sla::AgreementBook::Create({sla::testing::CnOfficeSpec()}, {agreement}, kSmallTables);
    EXPECT_TRUE(book.ok());
    return book.ok() ? std::move(*book) : sla::AgreementBook{};
}

sla::TicketFacts Facts() {
    sla::TicketFacts facts;
    facts.created_at = At("2025-02-10T09:00:00+08:00");  // Monday, a working day
    facts.priority = 2;
    facts.customer_grade = "normal";
    facts.service = ServiceId{9};
    return facts;
}

EscalationAction NotifyPerson(std::int64_t id) {
    EscalationAction action;
    action.kind = ActionKind::kNotifyPerson;
    action.person = UserId{id};
    return action;
}

EscalationStep Step(std::string name, EscalationTrigger trigger, EscalationAction action = NotifyPerson(1)) {
    return EscalationStep{std::move(name), trigger, {action}};
}

EscalationTrigger After(std::chrono::seconds work, TriggerKind kind = TriggerKind::kWorkingTime) {
    EscalationTrigger trigger;
    trigger.kind = kind;
    trigger.after = work;
    return trigger;
}

/// The seeds' ladder: 2 working hours -> the centre's VP/director, 3 h -> the director, 4 h -> the senior PM.
EscalationLadder SeedLadder() {
    EscalationAction directors;
    directors.kind = ActionKind::kNotifyRole;
    directors.role = Role::kSupervisor;
    return EscalationLadder{"seeds", {}, {}, {},
                            {Step("vp", After(2h), directors), Step("director", After(3h), NotifyPerson(10)),
                             Step("senior-pm", After(4h), NotifyPerson(11))}};
}

/// Plans with clocks evaluated from a timeline of just the creation (plus `events`) at `now`.
EscalationPlan Plan(const std::vector<EscalationLadder>& ladders, const sla::AgreementBook& book, UtcTime now,
                    std::vector<std::string> taken = {}, std::vector<sla::TimelineEvent> events = {},
                    std::optional<UtcTime> acknowledged = std::nullopt) {
    const sla::TicketFacts facts = Facts();
    std::vector<sla::TimelineEvent> timeline{
        {facts.created_at, sla::TimelineEvent::Kind::kCreated, TicketStatus::kNew, std::nullopt}};
    timeline.insert(timeline.end(), events.begin(), events.end());
    const sla::ClockEvaluation clocks = sla::EvaluateClocks(timeline, facts, book, now);
    static std::vector<std::string> kept;
    kept = std::move(taken);
    EscalationInput input{facts, clocks.figures, acknowledged, true, kept, now};
    EscalationPlan plan = PlanEscalation(ladders, book, input);
    return plan;
}

std::vector<std::string> Names(const EscalationPlan& plan) {
    std::vector<std::string> names;
    for (const EscalationStep* step : plan.due) names.push_back(step->name);
    return names;
}

TEST(EscalationLadderTest, SeedsLadderFollowsWorkingHoursAcrossLunch) {
    const sla::AgreementBook book = Book();
    const std::vector<EscalationLadder> ladders{SeedLadder()};
    EscalationPlan plan = Plan(ladders, book, At("2025-02-10T10:59:59+08:00"));
    EXPECT_TRUE(plan.due.empty());
    EXPECT_EQ(plan.next_due, At("2025-02-10T11:00:00+08:00"));
    plan = Plan(ladders, book, At("2025-02-10T11:00:00+08:00"));
    EXPECT_EQ(Names(plan), std::vector<std::string>{"vp"});
    EXPECT_EQ(plan.next_due, At("2025-02-10T12:00:00+08:00"));
    // The lunch break does not count: the fourth working hour ends at 14:00.
    plan = Plan(ladders, book, At("2025-02-10T12:30:00+08:00"), {"seeds/vp"});
    EXPECT_EQ(Names(plan), std::vector<std::string>{"director"});
    EXPECT_EQ(plan.next_due, At("2025-02-10T14:00:00+08:00"));
    plan = Plan(ladders, book, At("2025-02-10T14:00:00+08:00"), {"seeds/vp", "seeds/director"});
    EXPECT_EQ(Names(plan), std::vector<std::string>{"senior-pm"});
    EXPECT_EQ(plan.next_due, std::nullopt);
}

TEST(EscalationLadderTest, StepsNeverRepeatAndLateJobsTakeEverythingDue) {
    const sla::AgreementBook book = Book();
    const std::vector<EscalationLadder> ladders{SeedLadder()};
    EscalationPlan plan = Plan(ladders, book, At("2025-02-11T09:00:00+08:00"));
    EXPECT_EQ(Names(plan), (std::vector<std::string>{"vp", "director", "senior-pm"}));
    plan = Plan(ladders, book, At("2025-02-11T09:00:00+08:00"), {"seeds/vp", "seeds/director", "seeds/senior-pm"});
    EXPECT_TRUE(plan.due.empty());
    EXPECT_EQ(plan.next_due, std::nullopt);
    // A record of another ladder with the same step name does not count.
    plan = Plan(ladders, book, At("2025-02-11T09:00:00+08:00"), {"other/vp"});
    EXPECT_EQ(plan.due.size(), 3u);
}

TEST(EscalationLadderTest, PercentAndBreachTriggersFollowTheResolutionClock) {
    const sla::AgreementBook book = Book();
    EscalationTrigger half;
    half.kind = TriggerKind::kPercentUsed;
    half.percent = 50;
    EscalationTrigger breach;
    breach.kind = TriggerKind::kBreach;
    const std::vector<EscalationLadder> ladders{
        EscalationLadder{"clock", {}, {}, {}, {Step("half", half), Step("breach", breach)}}};
    // Resolution 8 h from Mon 09:00: 4 h used at 14:00, due at 18:00, breached from 18:00:01.
    EscalationPlan plan = Plan(ladders, book, At("2025-02-10T13:00:00+08:00"));
    EXPECT_TRUE(plan.due.empty());
    EXPECT_EQ(plan.next_due, At("2025-02-10T14:00:00+08:00"));
    plan = Plan(ladders, book, At("2025-02-10T14:00:00+08:00"));
    EXPECT_EQ(Names(plan), std::vector<std::string>{"half"});
    EXPECT_EQ(plan.next_due, At("2025-02-10T18:00:01+08:00"));
    plan = Plan(ladders, book, At("2025-02-10T18:00:00+08:00"), {"clock/half"});
    EXPECT_TRUE(plan.due.empty());
    plan = Plan(ladders, book, At("2025-02-10T18:00:01+08:00"), {"clock/half"});
    EXPECT_EQ(Names(plan), std::vector<std::string>{"breach"});
}

TEST(EscalationLadderTest, PausedClockHasNoNextInstant) {
    const sla::AgreementBook book = Book();
    EscalationTrigger half;
    half.kind = TriggerKind::kPercentUsed;
    half.percent = 50;
    const std::vector<EscalationLadder> ladders{EscalationLadder{"clock", {}, {}, {}, {Step("half", half)}}};
    sla::TimelineEvent pending{At("2025-02-10T10:00:00+08:00"), sla::TimelineEvent::Kind::kStatus,
                               TicketStatus::kPendingCustomer, std::nullopt};
    const EscalationPlan plan = Plan(ladders, book, At("2025-02-10T15:00:00+08:00"), {}, {pending});
    EXPECT_TRUE(plan.due.empty());
    EXPECT_EQ(plan.next_due, std::nullopt);
}

TEST(EscalationLadderTest, NoAcknowledgementOnlyWhenNotAcknowledgedInTime) {
    const sla::AgreementBook book = Book();
    const std::vector<EscalationLadder> ladders{
        EscalationLadder{"ack", {}, {}, {}, {Step("desk-lead", After(30min, TriggerKind::kNoAcknowledgement))}}};
    EscalationPlan plan = Plan(ladders, book, At("2025-02-10T09:10:00+08:00"));
    EXPECT_EQ(plan.next_due, At("2025-02-10T09:30:00+08:00"));
    plan = Plan(ladders, book, At("2025-02-10T09:30:00+08:00"));
    EXPECT_EQ(Names(plan), std::vector<std::string>{"desk-lead"});
    plan = Plan(ladders, book, At("2025-02-10T09:30:00+08:00"), {}, {}, At("2025-02-10T09:20:00+08:00"));
    EXPECT_TRUE(plan.due.empty());
    EXPECT_EQ(plan.next_due, std::nullopt);
}

TEST(EscalationLadderTest, ClosedTicketGetsNothing) {
    const sla::AgreementBook book = Book();
    const std::vector<EscalationLadder> ladders{SeedLadder()};
    const sla::TicketFacts facts = Facts();
    EscalationInput input{facts, {}, std::nullopt, false, {}, At("2025-02-11T09:00:00+08:00")};
    const EscalationPlan plan = PlanEscalation(ladders, book, input);
    EXPECT_NE(plan.ladder, nullptr);
    EXPECT_TRUE(plan.due.empty());
    EXPECT_EQ(plan.next_due, std::nullopt);
}

TEST(EscalationLadderTest, SelectsTheMostSpecificMatchingLadder) {
    const EscalationStep step = Step("s", After(1h));
    std::vector<EscalationLadder> ladders{
        {"b-general", {}, {}, {}, {step}},
        {"a-general", {}, {}, {}, {step}},
        {"mail", {ServiceId{9}}, {}, {}, {step}},
        {"mail-p2", {ServiceId{9}}, {2}, {}, {step}},
        {"mail-p1", {ServiceId{9}}, {1}, {}, {step}},
        {"vip-mail-p2", {ServiceId{9}}, {2}, {"vip"}, {step}},
    };
    sla::TicketFacts facts = Facts();
    EXPECT_EQ(SelectLadder(ladders, facts)->name, "mail-p2");
    facts.customer_grade = "vip";
    EXPECT_EQ(SelectLadder(ladders, facts)->name, "vip-mail-p2");
    facts.service = ServiceId{3};
    EXPECT_EQ(SelectLadder(ladders, facts)->name, "a-general");
    facts.service.reset();
    EXPECT_EQ(SelectLadder(ladders, facts)->name, "a-general");
    ladders.erase(ladders.begin(), ladders.begin() + 2);
    EXPECT_EQ(SelectLadder(ladders, facts), nullptr);
}

TEST(EscalationLadderTest, ValidationNamesLadderAndStep) {
    EscalationLadder ladder = SeedLadder();
    EXPECT_TRUE(ValidateLadder(ladder));
    ladder.steps[1].name = "vp";
    EXPECT_EQ(ValidateLadder(ladder).error().message(), "escalation ladder 'seeds': step 'vp' is given twice");
    ladder = SeedLadder();
    EscalationAction reassign;
    reassign.kind = ActionKind::kReassign;
    ladder.steps[0].actions = {reassign};
    EXPECT_EQ(ValidateLadder(ladder).error().message(), "escalation ladder 'seeds': step 'vp': reassign needs a group");
    ladder = SeedLadder();
    ladder.steps[2].trigger = After(0s);
    EXPECT_FALSE(ValidateLadder(ladder));
}

}  // namespace
}  // namespace sladesk::rules
