#include "rules/duty_roster.hpp"

#include <gtest/gtest.h>

namespace sladesk::rules {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

UtcTime At(const char* iso) { return *ParseIso8601(iso); }

DutyRoster Weekly(const char* zone, date::local_days start) {
    DutyRoster roster;
    roster.name = "desk";
    roster.group = GroupId{1};
    roster.people = {UserId{1}, UserId{2}, UserId{3}};
    roster.rotation_days = 7;
    roster.handover_weekday = date::Monday;
    roster.handover_time = hours{9};
    roster.time_zone = zone;
    roster.start_date = start;
    return roster;
}

TEST(DutyRosterTest, ShanghaiWeeklyHandOverExactly) {
    // Starts Wed 1 Jan 2025: the first hand-over is Mon 6 Jan 09:00 +08:00 = 01:00Z.
    const DutyRoster roster = Weekly("Asia/Shanghai", date::local_days{date::year{2025} / 1 / 1});
    EXPECT_EQ(OnCall(roster, At("2025-01-06T00:59:59Z")), std::nullopt);
    EXPECT_EQ(OnCall(roster, At("2025-01-06T01:00:00Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-01-13T00:59:59Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-01-13T01:00:00Z")), UserId{2});
    EXPECT_EQ(OnCall(roster, At("2025-01-20T01:00:00Z")), UserId{3});
    EXPECT_EQ(OnCall(roster, At("2025-01-27T01:00:00Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-01-26T23:00:00Z")), UserId{3});  // Mon 27 Jan 07:00 local, before hand-over
    EXPECT_EQ(ShiftStart(roster, 1), At("2025-01-13T01:00:00Z"));
}

TEST(DutyRosterTest, BerlinWeeklyHandOverKeepsLocalTimeAcrossDst) {
    // Mon 24 Mar 2025 09:00 CET = 08:00Z; Mon 31 Mar 09:00 CEST = 07:00Z (DST began Sun 30 Mar).
    const DutyRoster roster = Weekly("Europe/Berlin", date::local_days{date::year{2025} / 3 / 24});
    EXPECT_EQ(OnCall(roster, At("2025-03-24T07:59:59Z")), std::nullopt);
    EXPECT_EQ(OnCall(roster, At("2025-03-24T08:00:00Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-03-31T06:59:59Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-03-31T07:00:00Z")), UserId{2});
    // Back to CET on Sun 26 Oct: Mon 27 Oct 09:00 CET = 08:00Z (shift 31 -> people[31 % 3] = 2).
    EXPECT_EQ(OnCall(roster, At("2025-10-27T07:59:59Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-10-27T08:00:00Z")), UserId{2});
}

TEST(DutyRosterTest, BerlinHandOverInsideTheSpringGapHappensAtItsEnd) {
    DutyRoster roster = Weekly("Europe/Berlin", date::local_days{date::year{2025} / 3 / 29});
    roster.people = {UserId{1}, UserId{2}};
    roster.rotation_days = 1;
    roster.handover_weekday.reset();
    roster.handover_time = hours{2} + minutes{30};
    EXPECT_EQ(OnCall(roster, At("2025-03-29T01:29:59Z")), std::nullopt);
    EXPECT_EQ(OnCall(roster, At("2025-03-29T01:30:00Z")), UserId{1});  // 02:30 CET
    // 30 Mar 02:30 does not exist (02:00 -> 03:00 CEST): the hand-over is at 03:00 CEST = 01:00Z.
    EXPECT_EQ(ShiftStart(roster, 1), At("2025-03-30T01:00:00Z"));
    EXPECT_EQ(OnCall(roster, At("2025-03-30T00:59:59Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-03-30T01:00:00Z")), UserId{2});
    EXPECT_EQ(OnCall(roster, At("2025-03-31T00:29:59Z")), UserId{2});
    EXPECT_EQ(OnCall(roster, At("2025-03-31T00:30:00Z")), UserId{1});  // 02:30 CEST
}

TEST(DutyRosterTest, BerlinHandOverInTheAutumnOverlapHappensAtTheFirstOccurrence) {
    DutyRoster roster = Weekly("Europe/Berlin", date::local_days{date::year{2025} / 10 / 25});
    roster.people = {UserId{1}, UserId{2}};
    roster.rotation_days = 1;
    roster.handover_weekday.reset();
    roster.handover_time = hours{2} + minutes{30};
    EXPECT_EQ(OnCall(roster, At("2025-10-25T00:30:00Z")), UserId{1});  // 02:30 CEST
    EXPECT_EQ(OnCall(roster, At("2025-10-26T00:29:59Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-10-26T00:30:00Z")), UserId{2});  // first 02:30 (CEST)
    EXPECT_EQ(OnCall(roster, At("2025-10-26T01:30:00Z")), UserId{2});  // second 02:30 (CET): no hand-over
    EXPECT_EQ(OnCall(roster, At("2025-10-27T01:29:59Z")), UserId{2});
    EXPECT_EQ(OnCall(roster, At("2025-10-27T01:30:00Z")), UserId{1});  // 02:30 CET
}

TEST(DutyRosterTest, NDayRotationFromStartDate) {
    DutyRoster roster = Weekly("Asia/Shanghai", date::local_days{date::year{2025} / 2 / 1});
    roster.rotation_days = 3;
    roster.handover_weekday.reset();
    roster.handover_time = hours{18};
    EXPECT_EQ(OnCall(roster, At("2025-02-01T10:00:00Z")), UserId{1});  // Sat 1 Feb 18:00 local
    EXPECT_EQ(OnCall(roster, At("2025-02-04T09:59:59Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-02-04T10:00:00Z")), UserId{2});
    EXPECT_EQ(OnCall(roster, At("2025-02-07T10:00:00Z")), UserId{3});
    EXPECT_EQ(OnCall(roster, At("2025-02-10T10:00:00Z")), UserId{1});
}

TEST(DutyRosterTest, OverridesWinAndTheLaterOneWinsOverlaps) {
    DutyRoster roster = Weekly("Asia/Shanghai", date::local_days{date::year{2025} / 1 / 6});
    roster.overrides = {{UserId{7}, At("2025-01-07T00:00:00Z"), At("2025-01-08T00:00:00Z")},
                        {UserId{8}, At("2025-01-07T12:00:00Z"), At("2025-01-07T13:00:00Z")},
                        {UserId{9}, At("2025-01-05T00:00:00Z"), At("2025-01-06T00:00:00Z")}};
    EXPECT_EQ(OnCall(roster, At("2025-01-06T23:59:59Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-01-07T00:00:00Z")), UserId{7});
    EXPECT_EQ(OnCall(roster, At("2025-01-07T12:30:00Z")), UserId{8});
    EXPECT_EQ(OnCall(roster, At("2025-01-07T13:00:00Z")), UserId{7});
    EXPECT_EQ(OnCall(roster, At("2025-01-08T00:00:00Z")), UserId{1});
    EXPECT_EQ(OnCall(roster, At("2025-01-05T12:00:00Z")), UserId{9});  // before the first hand-over
}

TEST(DutyRosterTest, ValidationNamesTheProblem) {
    DutyRoster roster = Weekly("Asia/Shanghai", date::local_days{date::year{2025} / 1 / 6});
    EXPECT_TRUE(ValidateRoster(roster));
    roster.time_zone = "Mars/Olympus";
    EXPECT_NE(ValidateRoster(roster).error().message().find("Mars/Olympus"), std::string::npos);
    EXPECT_EQ(OnCall(roster, At("2025-02-01T00:00:00Z")), std::nullopt);
    roster.time_zone = "UTC";
    roster.people.clear();
    EXPECT_FALSE(ValidateRoster(roster));
    roster.people = {UserId{1}};
    roster.rotation_days = 0;
    EXPECT_FALSE(ValidateRoster(roster));
    roster.rotation_days = 1;
    roster.overrides = {{UserId{2}, At("2025-01-07T00:00:00Z"), At("2025-01-07T00:00:00Z")}};
    EXPECT_FALSE(ValidateRoster(roster));
}

}  // namespace
}  // namespace sladesk::rules
