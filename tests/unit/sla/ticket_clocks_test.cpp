// EvaluateClocks and AdvanceFigure as worked examples in Asia/Shanghai on the CN office calendar (09:00-12:00,
// 13:00-18:00, CN holidays; the Spring Festival 2025 is off from 28 Jan to 4 Feb). See clock_test_support.hpp for
// the agreements.
#include "sla/ticket_clocks.hpp"

#include <gtest/gtest.h>

#include "clock_test_support.hpp"

namespace sladesk::sla {
namespace {

using namespace testing;
using Job = PlannedJob::Kind;

const ClockKey kFirstResponse = SlaKey(ClockTarget::kFirstResponse);
const ClockKey kNextUpdate = SlaKey(ClockTarget::kNextUpdate);
const ClockKey kResolution = SlaKey(ClockTarget::kResolution);

ClockEvaluation Evaluate(const std::vector<TimelineEvent>& timeline, std::string_view now, int priority = 2,
                         std::string grade = "normal", std::span<const RecordedBreach> recorded = {}) {
    return EvaluateClocks(timeline, FactsAt(timeline.front().at, priority, std::move(grade)), StandardBook(), At(now),
                          recorded);
}

TEST(TicketClocksTest, OpenedBeforeTheSpringFestival) {
    // Mon 27 Jan 17:00, one hour before the holiday: 16 h of resolution is 1 h that evening, 8 h on Wed 5 Feb and
    // 7 h on Thu 6 Feb.
    const std::vector<TimelineEvent> timeline{Created("2025-01-27T17:00:00+08:00", kServiceDesk)};
    const ClockEvaluation clocks = Evaluate(timeline, "2025-01-27T17:30:00+08:00");

    ASSERT_EQ(clocks.figures.size(), 3u);  // first response, resolution, service desk OLA; no next update yet
    const ClockFigure& first = clocks.figures[0];
    EXPECT_EQ(first.key, kFirstResponse);
    EXPECT_EQ(first.agreement, "standard");
    EXPECT_EQ(first.calendar, "cn-office");
    EXPECT_EQ(first.state, ClockState::kRunning);
    EXPECT_TRUE(first.running);
    EXPECT_EQ(first.started_at, At("2025-01-27T17:00:00+08:00"));
    EXPECT_EQ(first.due_at, At("2025-01-27T18:00:00+08:00"));
    EXPECT_EQ(first.elapsed, 30min);
    EXPECT_EQ(first.remaining, 30min);
    EXPECT_DOUBLE_EQ(first.percent_used, 50.0);
    EXPECT_TRUE(first.thresholds_crossed.empty());

    const ClockFigure& resolution = clocks.figures[1];
    EXPECT_EQ(resolution.key, kResolution);
    EXPECT_EQ(resolution.target, 16h);
    EXPECT_EQ(resolution.due_at, At("2025-02-06T17:00:00+08:00"));

    const ClockFigure& ola = clocks.figures[2];
    EXPECT_EQ(ola.key, GroupKey(AgreementKind::kOla, kServiceDesk));
    EXPECT_EQ(ola.key.Text(), "ola:resolution:3");
    EXPECT_EQ(ola.agreement, "service-desk");
    EXPECT_EQ(ola.due_at, At("2025-02-05T12:00:00+08:00"));  // 1 h that evening + 3 h on 5 Feb

    // Warnings at 75 % and 90 % and the breach, for each running clock, by due time.
    const std::vector<PlannedJob> expected{
        {kFirstResponse, Job::kWarning, 75, At("2025-01-27T17:45:00+08:00")},
        {kFirstResponse, Job::kWarning, 90, At("2025-01-27T17:54:00+08:00")},
        {kFirstResponse, Job::kBreach, 100, At("2025-01-27T18:00:00+08:00")},
        {ola.key, Job::kWarning, 75, At("2025-02-05T11:00:00+08:00")},
        {ola.key, Job::kWarning, 90, At("2025-02-05T11:36:00+08:00")},
        {ola.key, Job::kBreach, 100, At("2025-02-05T12:00:00+08:00")},
        {kResolution, Job::kWarning, 75, At("2025-02-06T12:00:00+08:00")},  // 12 h
        {kResolution, Job::kWarning, 90, At("2025-02-06T15:24:00+08:00")},  // 14 h 24 min, past lunch
        {kResolution, Job::kBreach, 100, At("2025-02-06T17:00:00+08:00")},
    };
    EXPECT_EQ(clocks.jobs, expected);

    ASSERT_EQ(clocks.segments.size(), 3u);
    for (const ClockSegment& segment : clocks.segments) {
        EXPECT_EQ(segment.from, At("2025-01-27T17:00:00+08:00"));
        EXPECT_FALSE(segment.to.has_value());
    }
}

TEST(TicketClocksTest, PendingCustomerPausesThenTheReplyStartsTheNextUpdateClock) {
    std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00"),
        ReplyAt("2025-02-10T09:30:00+08:00"),
        StatusAt("2025-02-10T10:00:00+08:00", TicketStatus::kPendingCustomer),
        MessageAt("2025-02-10T11:00:00+08:00"),  // the customer answers; the agent's status change follows
        StatusAt("2025-02-10T11:00:00+08:00", TicketStatus::kInProgress),
    };
    ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T14:00:00+08:00");

    const ClockFigure first = FigureOf(clocks, kFirstResponse);
    EXPECT_EQ(first.state, ClockState::kMet);
    EXPECT_FALSE(first.running);
    EXPECT_EQ(first.elapsed, 30min);
    EXPECT_EQ(first.stopped_at, At("2025-02-10T09:30:00+08:00"));
    EXPECT_EQ(first.due_at, At("2025-02-10T10:00:00+08:00"));  // when it would have been due
    EXPECT_TRUE(clocks.jobs.size() > 0);
    for (const PlannedJob& job : clocks.jobs) EXPECT_NE(job.key, kFirstResponse);

    const ClockFigure resolution = FigureOf(clocks, kResolution);
    EXPECT_EQ(resolution.elapsed, 3h);  // 09-10, 11-12, 13-14: the pause and lunch do not count
    EXPECT_EQ(resolution.due_at, At("2025-02-12T10:00:00+08:00"));

    const ClockFigure update = FigureOf(clocks, kNextUpdate);
    EXPECT_EQ(update.cycle, 1);
    EXPECT_EQ(update.started_at, At("2025-02-10T11:00:00+08:00"));
    EXPECT_EQ(update.elapsed, 2h);
    EXPECT_EQ(update.due_at, At("2025-02-10T16:00:00+08:00"));
    EXPECT_EQ(update.state, ClockState::kRunning);

    // The agent answers at 14:30 (cycle 1 met); the customer writes again at 15:00 (cycle 2).
    timeline.push_back(ReplyAt("2025-02-10T14:30:00+08:00"));
    timeline.push_back(MessageAt("2025-02-10T15:00:00+08:00"));
    clocks = Evaluate(timeline, "2025-02-10T17:00:00+08:00");
    const ClockFigure second = FigureOf(clocks, kNextUpdate);
    EXPECT_EQ(second.cycle, 2);
    EXPECT_EQ(second.breached_cycles, 0);
    EXPECT_EQ(second.elapsed, 2h);
    EXPECT_EQ(second.due_at, At("2025-02-11T10:00:00+08:00"));

    // Both cycles' running time is kept as segments, cycle by cycle.
    std::vector<ClockSegment> update_segments;
    for (const ClockSegment& segment : clocks.segments) {
        if (segment.key == kNextUpdate) update_segments.push_back(segment);
    }
    ASSERT_EQ(update_segments.size(), 2u);
    EXPECT_EQ(update_segments[0].cycle, 1);
    EXPECT_EQ(update_segments[0].from, At("2025-02-10T11:00:00+08:00"));
    EXPECT_EQ(update_segments[0].to, At("2025-02-10T14:30:00+08:00"));
    EXPECT_EQ(update_segments[1].cycle, 2);
    EXPECT_FALSE(update_segments[1].to.has_value());
}

TEST(TicketClocksTest, ASecondMessageDoesNotRestartAnOpenCycleAndABreachedCycleIsCounted) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00"),
        MessageAt("2025-02-10T09:00:00+08:00"),
        MessageAt("2025-02-10T12:30:00+08:00"),  // still cycle 1
        ReplyAt("2025-02-10T14:30:00+08:00"),    // 4 h 30 min of work: cycle 1 breached at 14:00
        MessageAt("2025-02-11T09:00:00+08:00"),
    };
    const ClockFigure update = FigureOf(Evaluate(timeline, "2025-02-11T09:10:00+08:00"), kNextUpdate);
    EXPECT_EQ(update.cycle, 2);
    EXPECT_EQ(update.breached_cycles, 1);
    EXPECT_EQ(update.state, ClockState::kRunning);

    const ClockFigure before = FigureOf(Evaluate(timeline, "2025-02-10T15:00:00+08:00"), kNextUpdate);
    EXPECT_EQ(before.cycle, 1);
    EXPECT_EQ(before.breached_cycles, 0);  // earlier cycles only; this one shows in state
    EXPECT_EQ(before.state, ClockState::kBreached);
    EXPECT_EQ(before.breached_at, At("2025-02-10T14:00:00+08:00"));
    EXPECT_EQ(before.stopped_at, At("2025-02-10T14:30:00+08:00"));
    EXPECT_EQ(before.elapsed, 4h + 30min);
}

TEST(TicketClocksTest, FirstResponseAndNextUpdateAreIndependent) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00"),
        MessageAt("2025-02-10T09:10:00+08:00"),
        ReplyAt("2025-02-10T09:20:00+08:00"),
    };
    const ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T10:00:00+08:00");
    EXPECT_EQ(FigureOf(clocks, kFirstResponse).elapsed, 20min);
    EXPECT_EQ(FigureOf(clocks, kFirstResponse).state, ClockState::kMet);
    EXPECT_EQ(FigureOf(clocks, kNextUpdate).elapsed, 10min);
    EXPECT_EQ(FigureOf(clocks, kNextUpdate).state, ClockState::kMet);
    EXPECT_EQ(FigureOf(clocks, kNextUpdate).cycle, 1);
}

TEST(TicketClocksTest, ReopenResumesResolutionWithTheTimeAlreadyUsed) {
    std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00"),
        StatusAt("2025-02-10T12:00:00+08:00", TicketStatus::kResolved),
    };
    ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T15:00:00+08:00");
    ClockFigure resolution = FigureOf(clocks, kResolution);
    EXPECT_EQ(resolution.state, ClockState::kMet);
    EXPECT_EQ(resolution.elapsed, 3h);
    EXPECT_EQ(resolution.stopped_at, At("2025-02-10T12:00:00+08:00"));
    EXPECT_EQ(resolution.due_at, At("2025-02-11T18:00:00+08:00"));  // 13 h left at the stop
    // Never answered: first response ran out at 10:00 and stopped (breached) at the resolution.
    const ClockFigure first = FigureOf(clocks, kFirstResponse);
    EXPECT_EQ(first.state, ClockState::kBreached);
    EXPECT_EQ(first.breached_at, At("2025-02-10T10:00:00+08:00"));
    EXPECT_EQ(first.stopped_at, At("2025-02-10T12:00:00+08:00"));
    EXPECT_TRUE(clocks.jobs.empty());

    timeline.push_back(StatusAt("2025-02-11T09:00:00+08:00", TicketStatus::kInProgress));  // reopened
    clocks = Evaluate(timeline, "2025-02-11T10:00:00+08:00");
    resolution = FigureOf(clocks, kResolution);
    EXPECT_EQ(resolution.state, ClockState::kRunning);
    EXPECT_EQ(resolution.elapsed, 4h);
    EXPECT_FALSE(resolution.stopped_at.has_value());
    EXPECT_EQ(resolution.due_at, At("2025-02-12T15:00:00+08:00"));
    // First response does not restart.
    EXPECT_EQ(FigureOf(clocks, kFirstResponse).state, ClockState::kBreached);
    EXPECT_FALSE(FigureOf(clocks, kFirstResponse).running);
}

TEST(TicketClocksTest, APriorityChangeRemeasuresWithTheEarlierPauses) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00"),
        ReplyAt("2025-02-10T09:05:00+08:00"),
        StatusAt("2025-02-10T10:00:00+08:00", TicketStatus::kPendingCustomer),
        StatusAt("2025-02-10T14:00:00+08:00", TicketStatus::kInProgress),
    };
    const ClockFigure p2 = FigureOf(Evaluate(timeline, "2025-02-10T15:00:00+08:00", 2), kResolution);
    EXPECT_EQ(p2.target, 16h);
    EXPECT_EQ(p2.elapsed, 2h);
    // Raised to priority 1 (8 h) at 15:00: the same 2 h used, 6 h left from 15:00.
    const ClockFigure p1 = FigureOf(Evaluate(timeline, "2025-02-10T15:00:00+08:00", 1), kResolution);
    EXPECT_EQ(p1.target, 8h);
    EXPECT_EQ(p1.elapsed, 2h);
    EXPECT_DOUBLE_EQ(p1.percent_used, 25.0);
    EXPECT_EQ(p1.due_at, At("2025-02-11T12:00:00+08:00"));
}

TEST(TicketClocksTest, VipGradeOverridesSomeTargets) {
    const std::vector<TimelineEvent> timeline{Created("2025-02-10T09:00:00+08:00")};
    const ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T09:00:00+08:00", 2, "vip");
    EXPECT_EQ(FigureOf(clocks, kFirstResponse).target, 30min);
    EXPECT_EQ(FigureOf(clocks, kResolution).target, 8h);
    EXPECT_EQ(FigureOf(clocks, kResolution).due_at, At("2025-02-10T18:00:00+08:00"));
    const std::vector<TimelineEvent> with_message{timeline[0], MessageAt("2025-02-10T09:00:00+08:00")};
    EXPECT_EQ(FigureOf(Evaluate(with_message, "2025-02-10T09:00:00+08:00", 2, "vip"), kNextUpdate).target, 4h);
}

TEST(TicketClocksTest, OlaClocksOfTwoGroupsAddUpAcrossAssignments) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00", kServiceDesk),
        GroupAt("2025-02-10T10:00:00+08:00", kNetwork),
        GroupAt("2025-02-10T11:00:00+08:00", kServiceDesk),
        GroupAt("2025-02-10T11:30:00+08:00", kNoAgreement),
        GroupAt("2025-02-10T11:45:00+08:00", kServiceDesk),
    };
    const ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T14:00:00+08:00");
    ASSERT_EQ(clocks.figures.size(), 4u);
    const ClockFigure& desk = clocks.figures[2];
    const ClockFigure& network = clocks.figures[3];
    EXPECT_EQ(desk.key, GroupKey(AgreementKind::kOla, kServiceDesk));
    EXPECT_EQ(desk.started_at, At("2025-02-10T09:00:00+08:00"));
    EXPECT_EQ(desk.elapsed, 2h + 45min);  // 09-10, 11-11:30, 11:45-12, 13-14
    EXPECT_EQ(desk.state, ClockState::kRunning);
    EXPECT_EQ(desk.due_at, At("2025-02-10T15:15:00+08:00"));
    EXPECT_EQ(desk.thresholds_crossed, std::vector<int>{});

    EXPECT_EQ(network.key, GroupKey(AgreementKind::kOla, kNetwork));
    EXPECT_EQ(network.state, ClockState::kMet);  // handed back within its 8 h
    EXPECT_EQ(network.elapsed, 1h);
    EXPECT_EQ(network.stopped_at, At("2025-02-10T11:00:00+08:00"));

    std::vector<std::pair<UtcTime, std::optional<UtcTime>>> desk_runs;
    for (const ClockSegment& segment : clocks.segments) {
        if (segment.key == desk.key) desk_runs.emplace_back(segment.from, segment.to);
    }
    const std::vector<std::pair<UtcTime, std::optional<UtcTime>>> expected{
        {At("2025-02-10T09:00:00+08:00"), At("2025-02-10T10:00:00+08:00")},
        {At("2025-02-10T11:00:00+08:00"), At("2025-02-10T11:30:00+08:00")},
        {At("2025-02-10T11:45:00+08:00"), std::nullopt},
    };
    EXPECT_EQ(desk_runs, expected);
}

TEST(TicketClocksTest, UcRunsWhileWaitingOnTheSupplierAndTheSlaPauses) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00", kIsp),
        StatusAt("2025-02-10T10:00:00+08:00", TicketStatus::kPendingSupplier),
        StatusAt("2025-02-10T20:00:00+08:00", TicketStatus::kPendingCustomer),
    };
    ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T19:00:00+08:00");
    const ClockFigure resolution = FigureOf(clocks, kResolution);
    EXPECT_EQ(resolution.state, ClockState::kPaused);
    EXPECT_EQ(resolution.elapsed, 1h);
    EXPECT_EQ(resolution.remaining, 15h);
    EXPECT_FALSE(resolution.due_at.has_value());
    const ClockFigure uc = FigureOf(clocks, GroupKey(AgreementKind::kUc, kIsp));
    EXPECT_EQ(uc.key.Text(), "uc:resolution:7");
    EXPECT_EQ(uc.calendar, "24x7");
    EXPECT_EQ(uc.state, ClockState::kRunning);
    EXPECT_EQ(uc.elapsed, 10h);  // round the clock, evening included
    EXPECT_EQ(uc.due_at, At("2025-02-11T09:00:00+08:00"));

    clocks = Evaluate(timeline, "2025-02-10T22:00:00+08:00");  // waiting on the customer pauses the UC too
    EXPECT_EQ(FigureOf(clocks, GroupKey(AgreementKind::kUc, kIsp)).state, ClockState::kPaused);
    EXPECT_EQ(FigureOf(clocks, GroupKey(AgreementKind::kUc, kIsp)).elapsed, 11h);
}

TEST(TicketClocksTest, OlaPausesInBothPendingStates) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00", kServiceDesk),
        StatusAt("2025-02-10T10:00:00+08:00", TicketStatus::kPendingSupplier),
    };
    const ClockFigure desk =
        FigureOf(Evaluate(timeline, "2025-02-10T15:00:00+08:00"), GroupKey(AgreementKind::kOla, kServiceDesk));
    EXPECT_EQ(desk.state, ClockState::kPaused);
    EXPECT_EQ(desk.elapsed, 1h);
}

TEST(TicketClocksTest, ARecordedBreachStaysBreachedWhenTargetsGrow) {
    const std::vector<TimelineEvent> timeline{Created("2025-02-10T09:00:00+08:00")};
    // At priority 1 the first response ran out at 09:30; the scheduler recorded it.
    const ClockFigure p1 = FigureOf(Evaluate(timeline, "2025-02-10T09:45:00+08:00", 1), kFirstResponse);
    EXPECT_EQ(p1.state, ClockState::kBreached);
    EXPECT_EQ(p1.breached_at, At("2025-02-10T09:30:00+08:00"));
    EXPECT_EQ(p1.due_at, At("2025-02-10T09:30:00+08:00"));

    // Lowered to priority 2 (1 h): without the record it would be running again; with it, it stays breached.
    EXPECT_EQ(FigureOf(Evaluate(timeline, "2025-02-10T09:45:00+08:00", 2), kFirstResponse).state,
              ClockState::kRunning);
    const std::vector<RecordedBreach> recorded{{kFirstResponse, 0, At("2025-02-10T09:30:00+08:00")}};
    const ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T09:45:00+08:00", 2, "normal", recorded);
    const ClockFigure kept = FigureOf(clocks, kFirstResponse);
    EXPECT_EQ(kept.state, ClockState::kBreached);
    EXPECT_EQ(kept.breached_at, At("2025-02-10T09:30:00+08:00"));
    EXPECT_TRUE(kept.running);
    for (const PlannedJob& job : clocks.jobs) EXPECT_NE(job.key, kFirstResponse);
}

TEST(TicketClocksTest, ARecordedBreachOfAnEarlierCycleCounts) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00"),
        MessageAt("2025-02-10T09:00:00+08:00"),
        ReplyAt("2025-02-10T10:00:00+08:00"),
        MessageAt("2025-02-10T11:00:00+08:00"),
    };
    const std::vector<RecordedBreach> recorded{{kNextUpdate, 1, At("2025-02-10T09:30:00+08:00")}};
    const ClockFigure update =
        FigureOf(Evaluate(timeline, "2025-02-10T11:30:00+08:00", 2, "normal", recorded), kNextUpdate);
    EXPECT_EQ(update.cycle, 2);
    EXPECT_EQ(update.breached_cycles, 1);
    EXPECT_EQ(update.state, ClockState::kRunning);
}

TEST(TicketClocksTest, ThresholdsAt75And90Percent) {
    const std::vector<TimelineEvent> timeline{Created("2025-02-10T09:00:00+08:00")};
    EXPECT_EQ(FigureOf(Evaluate(timeline, "2025-02-10T09:44:59+08:00"), kFirstResponse).thresholds_crossed,
              std::vector<int>{});
    EXPECT_EQ(FigureOf(Evaluate(timeline, "2025-02-10T09:45:00+08:00"), kFirstResponse).thresholds_crossed,
              std::vector<int>{75});
    const ClockEvaluation at_54 = Evaluate(timeline, "2025-02-10T09:54:00+08:00");
    EXPECT_EQ(FigureOf(at_54, kFirstResponse).thresholds_crossed, (std::vector<int>{75, 90}));
    // Only the breach job is left for the first response.
    ASSERT_FALSE(at_54.jobs.empty());
    EXPECT_EQ(at_54.jobs.front(), (PlannedJob{kFirstResponse, Job::kBreach, 100, At("2025-02-10T10:00:00+08:00")}));
}

TEST(TicketClocksTest, DueAtTheEndOfTheDayLateInTheEveningIsABreach) {
    // Due at 18:00; a reply at 18:00 is in time, one at 18:30 (no working time in between) is late.
    std::vector<TimelineEvent> timeline{Created("2025-02-10T17:00:00+08:00"), ReplyAt("2025-02-10T18:00:00+08:00")};
    EXPECT_EQ(FigureOf(Evaluate(timeline, "2025-02-10T19:00:00+08:00"), kFirstResponse).state, ClockState::kMet);
    timeline[1] = ReplyAt("2025-02-10T18:30:00+08:00");
    const ClockFigure late = FigureOf(Evaluate(timeline, "2025-02-10T19:00:00+08:00"), kFirstResponse);
    EXPECT_EQ(late.state, ClockState::kBreached);
    EXPECT_EQ(late.elapsed, 1h);
    EXPECT_EQ(late.breached_at, At("2025-02-10T18:00:00+08:00"));
    // Unanswered at 18:00:01 it already reads as breached.
    const ClockFigure waiting = FigureOf(Evaluate({timeline[0]}, "2025-02-10T18:00:01+08:00"), kFirstResponse);
    EXPECT_EQ(waiting.state, ClockState::kBreached);
    EXPECT_EQ(FigureOf(Evaluate({timeline[0]}, "2025-02-10T18:00:00+08:00"), kFirstResponse).state,
              ClockState::kRunning);
}

TEST(TicketClocksTest, ClosedAtCreationStopsEverything) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00", kServiceDesk, TicketStatus::kClosed)};
    const ClockEvaluation clocks = Evaluate(timeline, "2025-02-10T12:00:00+08:00");
    ASSERT_EQ(clocks.figures.size(), 3u);
    for (const ClockFigure& figure : clocks.figures) {
        EXPECT_EQ(figure.state, ClockState::kMet) << figure.key.Text();
        EXPECT_EQ(figure.elapsed, 0s);
        EXPECT_EQ(figure.stopped_at, At("2025-02-10T09:00:00+08:00"));
    }
    EXPECT_TRUE(clocks.jobs.empty());
    EXPECT_TRUE(clocks.segments.empty());
}

TEST(TicketClocksTest, AMessageOnAResolvedTicketStartsNoCycle) {
    const std::vector<TimelineEvent> timeline{
        Created("2025-02-10T09:00:00+08:00"),
        StatusAt("2025-02-10T10:00:00+08:00", TicketStatus::kResolved),
        MessageAt("2025-02-10T11:00:00+08:00"),
    };
    EXPECT_FALSE(HasFigure(Evaluate(timeline, "2025-02-10T12:00:00+08:00"), kNextUpdate));
}

TEST(TicketClocksTest, NoSlaNoCalendarOrNoTargetMeansNoClock) {
    const std::vector<TimelineEvent> timeline{Created("2025-02-10T09:00:00+08:00", kNoAgreement)};
    EXPECT_TRUE(Evaluate(timeline, "2025-02-10T10:00:00+08:00", 5).figures.empty());  // no targets at priority 5
    EXPECT_TRUE(EvaluateClocks(timeline, FactsAt(At("2025-02-10T09:00:00+08:00")), AgreementBook{},
                               At("2025-02-10T10:00:00+08:00"))
                    .figures.empty());
    EXPECT_TRUE(EvaluateClocks({}, FactsAt(At("2025-02-10T09:00:00+08:00")), StandardBook(),
                               At("2025-02-10T10:00:00+08:00"))
                    .figures.empty());
}

TEST(TicketClocksTest, ToleratesOddTimelines) {
    // Out of order and without kCreated: sorted, and the first event is the creation.
    const std::vector<TimelineEvent> odd{
        ReplyAt("2025-02-10T09:30:00+08:00"),
        GroupAt("2025-02-10T09:00:00+08:00", kServiceDesk),
    };
    const ClockEvaluation clocks = Evaluate({odd[1], odd[0]}, "2025-02-10T10:00:00+08:00");
    const ClockEvaluation shuffled =
        EvaluateClocks(odd, FactsAt(At("2025-02-10T09:00:00+08:00")), StandardBook(), At("2025-02-10T10:00:00+08:00"));
    EXPECT_EQ(FigureOf(shuffled, kFirstResponse).elapsed, 30min);
    EXPECT_EQ(FigureOf(shuffled, kResolution).elapsed, 1h);
    EXPECT_EQ(FigureOf(shuffled, GroupKey(AgreementKind::kOla, kServiceDesk)).elapsed, 1h);
    EXPECT_EQ(shuffled.jobs, clocks.jobs);
    // `now` before the creation: nothing has run yet.
    const ClockEvaluation early =
        EvaluateClocks(odd, FactsAt(At("2025-02-10T09:00:00+08:00")), StandardBook(), At("2025-02-09T10:00:00+08:00"));
    EXPECT_EQ(FigureOf(early, kResolution).elapsed, 0s);
    EXPECT_EQ(FigureOf(early, kResolution).state, ClockState::kRunning);
}

TEST(TicketClocksTest, AdvanceFigureMovesARunningClockOnWithoutTheTimeline) {
    const std::vector<TimelineEvent> timeline{Created("2025-02-10T09:00:00+08:00")};
    const ClockFigure at_nine = FigureOf(Evaluate(timeline, "2025-02-10T09:00:00+08:00"), kFirstResponse);
    const ClockFigure at_ten_to_ten = AdvanceFigure(at_nine, StandardBook(), At("2025-02-10T09:00:00+08:00"),
                                                    At("2025-02-10T09:50:00+08:00"));
    EXPECT_EQ(at_ten_to_ten.elapsed, 50min);
    EXPECT_EQ(at_ten_to_ten.remaining, 10min);
    EXPECT_EQ(at_ten_to_ten.thresholds_crossed, std::vector<int>{75});
    EXPECT_EQ(at_ten_to_ten.state, ClockState::kRunning);

    const ClockFigure after_lunch =
        AdvanceFigure(at_nine, StandardBook(), At("2025-02-10T09:00:00+08:00"), At("2025-02-10T13:30:00+08:00"));
    EXPECT_EQ(after_lunch.elapsed, 3h + 30min);
    EXPECT_EQ(after_lunch.state, ClockState::kBreached);
    EXPECT_EQ(after_lunch.breached_at, At("2025-02-10T10:00:00+08:00"));
    EXPECT_EQ(after_lunch, [&] {
        ClockFigure evaluated = FigureOf(Evaluate(timeline, "2025-02-10T13:30:00+08:00"), kFirstResponse);
        return evaluated;
    }());

    // A figure stored without the `running` flag (state kRunning) still moves; a breached one needs the flag.
    ClockFigure stored = at_nine;
    stored.running = false;
    EXPECT_EQ(AdvanceFigure(stored, StandardBook(), At("2025-02-10T09:00:00+08:00"), At("2025-02-10T13:30:00+08:00")),
              after_lunch);
    ClockFigure late = after_lunch;
    EXPECT_EQ(AdvanceFigure(late, StandardBook(), At("2025-02-10T13:30:00+08:00"), At("2025-02-10T14:30:00+08:00"))
                  .elapsed,
              4h + 30min);
    late.running = false;
    EXPECT_EQ(AdvanceFigure(late, StandardBook(), At("2025-02-10T13:30:00+08:00"), At("2025-02-10T14:30:00+08:00")),
              late);

    // Paused and stopped figures do not move.
    const std::vector<TimelineEvent> paused{timeline[0],
                                            StatusAt("2025-02-10T09:10:00+08:00", TicketStatus::kPendingCustomer)};
    const ClockFigure held = FigureOf(Evaluate(paused, "2025-02-10T09:20:00+08:00"), kResolution);
    EXPECT_EQ(AdvanceFigure(held, StandardBook(), At("2025-02-10T09:20:00+08:00"), At("2025-02-11T09:20:00+08:00")),
              held);
}

TEST(TicketClocksTest, ClockKeyText) {
    EXPECT_EQ(SlaKey(ClockTarget::kFirstResponse).Text(), "sla:first_response");
    EXPECT_EQ(SlaKey(ClockTarget::kNextUpdate).Text(), "sla:next_update");
    EXPECT_EQ(GroupKey(AgreementKind::kOla, GroupId{12}).Text(), "ola:resolution:12");
}

}  // namespace
}  // namespace sladesk::sla
