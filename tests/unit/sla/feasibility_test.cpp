// CheckFeasibility: OLA/UC chains against SLA targets, each leg in its own calendar, worst start over a window.
// Office calendar: cn-office (09:00-12:00, 13:00-18:00 Mon-Fri, CN holidays); March 2025 has no holidays.
#include "sla/feasibility.hpp"

#include <gtest/gtest.h>

#include "clock_test_support.hpp"

namespace sladesk::sla {
namespace {

using namespace testing;

const UtcTime kMonday = At("2025-03-03T09:00:00+08:00");

FeasibilityOptions OneStart(std::vector<GroupId> path, UtcTime start = kMonday) {
    FeasibilityOptions options;
    options.sample_from = start;
    options.days = 1;
    options.step = std::chrono::hours(24);
    options.path = std::move(path);
    return options;
}

FeasibilityOptions FourWeeks(std::vector<GroupId> path) {
    FeasibilityOptions options;
    options.sample_from = At("2025-03-03T00:00:00+08:00");
    options.path = std::move(path);
    return options;
}

// The rows of one priority, grade and target.
std::vector<FeasibilityRow> RowsOf(const std::vector<FeasibilityRow>& rows, int priority, ClockTarget target,
                                   std::string grade = "") {
    std::vector<FeasibilityRow> found;
    for (const FeasibilityRow& row : rows) {
        if (row.priority == priority && row.target == target && row.grade == grade) found.push_back(row);
    }
    return found;
}

TEST(FeasibilityTest, TwoOfficeOlasFitTheOfficeSla) {
    // Priority 2: service desk 4 h then network 8 h, both in the SLA's calendar: 12 h of 16 h, 4 h spare at any start.
    const auto rows = CheckFeasibility(StandardBook(), FourWeeks({kServiceDesk, kNetwork}));
    const auto resolution = RowsOf(rows, 2, ClockTarget::kResolution);
    ASSERT_EQ(resolution.size(), 1u);
    const FeasibilityRow& row = resolution[0];
    EXPECT_EQ(row.sla, "standard");
    EXPECT_EQ(row.sla_target, 16h);
    ASSERT_EQ(row.steps.size(), 2u);
    EXPECT_EQ(row.steps[0].agreement, "service-desk");
    EXPECT_EQ(row.steps[0].kind, AgreementKind::kOla);
    EXPECT_EQ(row.steps[0].target, 4h);
    EXPECT_EQ(row.steps[1].group, kNetwork);
    EXPECT_EQ(row.steps[1].calendar, "cn-office");
    EXPECT_TRUE(row.fits);
    EXPECT_EQ(row.worst_margin, 4h);
    EXPECT_TRUE(row.uncovered_groups.empty());

    // First response: only the first group's 30 min against the SLA's 1 h.
    const auto first = RowsOf(rows, 2, ClockTarget::kFirstResponse);
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(first[0].steps.size(), 1u);
    EXPECT_EQ(first[0].steps[0].target, 30min);
    EXPECT_EQ(first[0].worst_margin, 30min);
    EXPECT_TRUE(first[0].fits);

    // The VIP override (resolution 8 h at priority 2) is checked as its own row, and does not fit: 12 h > 8 h.
    const auto vip = RowsOf(rows, 2, ClockTarget::kResolution, "vip");
    ASSERT_EQ(vip.size(), 1u);
    EXPECT_FALSE(vip[0].fits);
    EXPECT_EQ(vip[0].worst_margin, -4h);
}

TEST(FeasibilityTest, ASupplierOnTwentyFourSevenDoesNotFitAndTheShortfallIsReported) {
    // One start, Mon 3 Mar 09:00: desk 4 h -> Mon 14:00; network 8 h -> Tue 14:00; the ISP's 24 h round the clock
    // -> Wed 14:00. The SLA's 16 h end Tue 18:00: short by Wed 09:00-12:00 and 13:00-14:00, 4 h of office time.
    const auto one = RowsOf(CheckFeasibility(StandardBook(), OneStart({kServiceDesk, kNetwork, kIsp})), 2,
                            ClockTarget::kResolution);
    ASSERT_EQ(one.size(), 1u);
    ASSERT_EQ(one[0].steps.size(), 3u);
    EXPECT_EQ(one[0].steps[2].kind, AgreementKind::kUc);
    EXPECT_EQ(one[0].steps[2].calendar, "24x7");
    EXPECT_FALSE(one[0].fits);
    EXPECT_EQ(one[0].worst_margin, -4h);
    EXPECT_EQ(one[0].worst_start, kMonday);

    // Over four weeks of quarter-hour starts it is never better than that, and the worst start is one of them.
    const auto worst = RowsOf(CheckFeasibility(StandardBook(), FourWeeks({kServiceDesk, kNetwork, kIsp})), 2,
                              ClockTarget::kResolution);
    ASSERT_EQ(worst.size(), 1u);
    EXPECT_FALSE(worst[0].fits);
    EXPECT_LE(worst[0].worst_margin, -4h);
    EXPECT_GE(worst[0].worst_start, At("2025-03-03T00:00:00+08:00"));
    EXPECT_LT(worst[0].worst_start, At("2025-03-31T00:00:00+08:00"));
    EXPECT_EQ((worst[0].worst_start - At("2025-03-03T00:00:00+08:00")) % std::chrono::minutes(15), 0s);
    // Recomputed by hand at the reported start, the margin is the reported one.
    const Calendar& office = *StandardBook().FindCalendar("cn-office");
    const Calendar& always = *StandardBook().FindCalendar("24x7");
    const UtcTime start = worst[0].worst_start;
    const UtcTime chain_end = always.AddWorkingTime(office.AddWorkingTime(office.AddWorkingTime(start, 4h), 8h), 24h);
    EXPECT_EQ(worst[0].worst_margin, -office.WorkingTimeBetween(office.AddWorkingTime(start, 16h), chain_end));
}

TEST(FeasibilityTest, AnOfficeHoursOlaUnderARoundTheClockSlaFailsOverTheWeekend) {
    Agreement sla = StandardAgreements()[0];
    sla.name = "hotline";
    sla.calendar = "24x7";
    sla.grade_overrides.clear();
    sla.targets = {{2, Targets{std::nullopt, std::nullopt, 24h}}};
    auto book = AgreementBook::Create({CnOfficeSpec()}, {sla, StandardAgreements()[1]}, kTestTableYears);
    ASSERT_TRUE(book.ok()) << book.error().message();
    FeasibilityOptions options = FourWeeks({});  // empty path: every OLA/UC in the book (the service desk)
    const auto rows = CheckFeasibility(*book, options);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].sla, "hotline");
    ASSERT_EQ(rows[0].steps.size(), 1u);
    EXPECT_EQ(rows[0].steps[0].group, kServiceDesk);
    EXPECT_FALSE(rows[0].fits);
    // From Fri 17:00 the desk's 4 h end Mon 12:00 against Sat 17:00: 43 h late. From Fri 17:15 they also cross
    // Monday's lunch (45 min Fri, 09:00-12:00 and 13:00-13:15 Mon) against Sat 17:15: 44 h late, the worst.
    EXPECT_EQ(rows[0].worst_margin, -44h);
    EXPECT_EQ(rows[0].worst_start, At("2025-03-07T17:15:00+08:00"));
}

TEST(FeasibilityTest, GroupsWithoutATargetAreListed) {
    const auto rows = CheckFeasibility(StandardBook(), OneStart({kNoAgreement, kServiceDesk}));
    // First response is checked against the first group only, which has no agreement: no row.
    EXPECT_TRUE(RowsOf(rows, 2, ClockTarget::kFirstResponse).empty());
    const auto resolution = RowsOf(rows, 2, ClockTarget::kResolution);
    ASSERT_EQ(resolution.size(), 1u);
    EXPECT_EQ(resolution[0].uncovered_groups, std::vector<GroupId>{kNoAgreement});
    ASSERT_EQ(resolution[0].steps.size(), 1u);
    EXPECT_EQ(resolution[0].steps[0].group, kServiceDesk);
}

TEST(FeasibilityTest, AnEmptyPathTakesOlasThenUcsInBookOrder) {
    const auto rows = CheckFeasibility(StandardBook(), OneStart({}));
    const auto resolution = RowsOf(rows, 1, ClockTarget::kResolution);
    ASSERT_EQ(resolution.size(), 1u);
    ASSERT_EQ(resolution[0].steps.size(), 3u);
    EXPECT_EQ(resolution[0].steps[0].group, kServiceDesk);
    EXPECT_EQ(resolution[0].steps[1].group, kNetwork);
    EXPECT_EQ(resolution[0].steps[2].group, kIsp);
    // Rows come per priority (ascending), base targets before grade overrides, first response before resolution.
    // Priority 1, 2, then 2 for "vip" (whose override sets both targets).
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_EQ(rows[0].priority, 1);
    EXPECT_EQ(rows[0].target, ClockTarget::kFirstResponse);
    EXPECT_EQ(rows[1].target, ClockTarget::kResolution);
    EXPECT_EQ(rows[2].priority, 2);
    EXPECT_EQ(rows[3].grade, "");
    EXPECT_EQ(rows[4].grade, "vip");
    EXPECT_EQ(rows[4].sla_target, 30min);
    EXPECT_EQ(rows[5].grade, "vip");
    EXPECT_EQ(rows[5].sla_target, 8h);
}

TEST(FeasibilityTest, ACalendarWithoutWorkAheadDoesNotFit) {
    // "event-days" works only on Mon 3 Mar 2025; after that its OLA can never finish.
    CalendarSpec event_days;
    event_days.name = "event-days";
    event_days.time_zone = "Asia/Shanghai";
    event_days.exceptions.workdays = {ExtraWorkday{Day("2025-03-03"), Hours({"09:00-12:00"}), std::nullopt}};
    std::vector<Agreement> agreements = StandardAgreements();
    agreements[1].calendar = "event-days";
    auto book = AgreementBook::Create({CnOfficeSpec(), event_days}, agreements, kTestTableYears);
    ASSERT_TRUE(book.ok()) << book.error().message();
    const auto rows = RowsOf(CheckFeasibility(*book, OneStart({kServiceDesk})), 2, ClockTarget::kResolution);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_FALSE(rows[0].fits);
    EXPECT_EQ(rows[0].worst_margin, -16h);  // the whole SLA target, by convention
}

TEST(FeasibilityTest, NoSlaOrNoStepsMeansNoRows) {
    EXPECT_TRUE(CheckFeasibility(AgreementBook{}, FourWeeks({})).empty());
    EXPECT_TRUE(CheckFeasibility(StandardBook(), OneStart({kNoAgreement})).empty());
}

}  // namespace
}  // namespace sladesk::sla
