// Property tests of EvaluateClocks: random timelines (status changes, messages, replies, group changes) on random
// calendars, checked against a brute-force oracle that replays the ticket minute by minute, summing the working
// minutes of each running clock with date/tz directly (no Calendar tables). Plus invariants: a later `now` never
// lowers elapsed, due_at is where elapsed meets the target, AdvanceFigure equals a fresh evaluation.
#include <limits>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "clock_test_support.hpp"
#include "sla/builtin_calendars.hpp"
#include "sla/ticket_clocks.hpp"

namespace sladesk::sla {
namespace {

using namespace testing;
using std::chrono::seconds;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kStepLimit = 400000;  // oracle minutes per query; a case needing more is skipped
constexpr int kCases = 250;

struct TooSlow {};

// Working minutes straight from the spec (own holidays, CN, week) with date/tz; nullptr spec = 24x7.
class WorkOracle {
 public:
    explicit WorkOracle(const CalendarSpec* spec) : spec_(spec) {
        if (!spec) return;
        zone_ = date::locate_zone(spec->time_zone);
        if (!spec->includes.empty()) {
            const DatedExceptions cn = *BuiltinExceptions("CN");
            for (auto day : cn.holidays) days_[day] = DayHours{};
            for (const auto& extra : cn.workdays) days_[extra.date] = FirstWeekdayHours();
        }
        for (auto day : spec->exceptions.holidays) days_[day] = DayHours{};
    }

    bool Working(std::int64_t minute) {
        if (!spec_) return true;
        if (minute < info_.begin.time_since_epoch().count() || minute >= info_.end.time_since_epoch().count()) {
            info_ = zone_->get_info(date::sys_seconds{seconds{minute}});
        }
        const std::int64_t local = minute + info_.offset.count();
        const std::int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        const std::int64_t time_of_day = local - day * 86400;
        if (day != cached_day_) {  // the per-minute loop stays cheap in Debug builds
            const date::local_days date{date::days{day}};
            auto found = days_.find(date);
            cached_day_ = day;
            cached_hours_ =
                found != days_.end() ? &found->second : &spec_->week[static_cast<std::size_t>(WeekdayIndex(date))];
        }
        for (const TimeRange& range : *cached_hours_) {
            if (time_of_day >= range.begin.count() && time_of_day < range.end.count()) return true;
        }
        return false;
    }

    // `t` minute-aligned; the instant `work` seconds of working time after it.
    std::int64_t Add(std::int64_t t, std::int64_t work) {
        if (work <= 0) return t;
        for (std::int64_t steps = 0; steps < kStepLimit; ++steps, t += kMinute) {
            if (!Working(t)) continue;
            if (work <= kMinute) return t + work;
            work -= kMinute;
        }
        throw TooSlow{};
    }

 private:
    DayHours FirstWeekdayHours() const {
        for (int weekday = 0; weekday < 5; ++weekday) {
            if (!spec_->week[static_cast<std::size_t>(weekday)].empty()) return spec_->week[static_cast<std::size_t>(weekday)];
        }
        return {};
    }

    const CalendarSpec* spec_;
    const date::time_zone* zone_ = nullptr;
    date::sys_info info_{};
    std::int64_t cached_day_ = std::numeric_limits<std::int64_t>::min();
    const DayHours* cached_hours_ = nullptr;
    std::map<date::local_days, DayHours> days_;
};

enum class Mode { kRunning, kPaused, kStopped };

// One clock as the oracle sees it: minutes counted one by one.
struct OracleClock {
    ClockKey key;
    int cycle = 0;
    const Agreement* agreement = nullptr;
    WorkOracle* work = nullptr;
    std::int64_t target = 0;
    std::int64_t started_at = 0;
    Mode mode = Mode::kStopped;
    std::int64_t elapsed = 0;
    std::optional<std::int64_t> hit_at;  // when elapsed last became equal to the target inside a run
    std::optional<std::int64_t> breached_at;
    std::optional<std::int64_t> stopped_at;

    void Set(Mode next, std::int64_t t) {
        if (next == mode) return;
        if (next == Mode::kRunning && elapsed == target) hit_at = t;
        stopped_at = next == Mode::kStopped ? std::optional<std::int64_t>(t) : std::nullopt;
        mode = next;
    }
    // The clock runs through [minute, minute + 60): still running once the target is used up is a breach.
    void Step(std::int64_t minute) {
        if (mode != Mode::kRunning) return;
        if (elapsed >= target && !breached_at) breached_at = hit_at;
        if (!work->Working(minute)) return;
        elapsed += kMinute;
        if (elapsed == target) hit_at = minute + kMinute;
    }
};

struct Case {
    std::vector<CalendarSpec> calendars;
    std::vector<Agreement> agreements;
    std::vector<TimelineEvent> timeline;
    TicketFacts facts;
    UtcTime now;
    AgreementBook book;
};

// Replays `c` minute by minute and returns the expected figures, in EvaluateClocks' order.
class TicketOracle {
 public:
    TicketOracle(const Case& c, const AgreementBook& book) : case_(c), book_(book) {
        for (const CalendarSpec& spec : c.calendars) works_.emplace(spec.name, WorkOracle(&spec));
        works_.emplace(std::string(kAlwaysOpenCalendar), WorkOracle(nullptr));
    }

    std::vector<ClockFigure> Run() {
        const std::int64_t created = ToEpochSeconds(case_.timeline.front().at);
        const std::int64_t now = ToEpochSeconds(case_.now);
        status_ = case_.timeline.front().status;
        group_ = case_.timeline.front().group;
        sla_ = book_.SelectSla(case_.facts);
        if (sla_) {
            const Targets targets = AgreementBook::TargetsFor(*sla_, case_.facts.priority, case_.facts.customer_grade);
            next_update_target_ = targets.next_update;
            fr_done_ = Stopped();
            if (targets.first_response) fr_ = MakeClock(*sla_, ClockTarget::kFirstResponse, *targets.first_response, created);
            if (targets.resolution) res_ = MakeClock(*sla_, ClockTarget::kResolution, *targets.resolution, created);
        }
        Assign(created);
        Update(created);
        std::size_t next = 1;
        std::vector<OracleClock*> clocks = All();
        for (std::int64_t minute = created; minute < now; minute += kMinute) {
            if (const std::size_t after = ApplyEventsAt(minute, next); after != next) {
                next = after;
                clocks = All();  // events may add clocks
            }
            for (OracleClock* clock : clocks) clock->Step(minute);
        }
        ApplyEventsAt(now, next);
        std::vector<ClockFigure> figures;
        for (OracleClock* clock : All()) figures.push_back(Figure(*clock, now));
        if (nu_) {
            for (ClockFigure& figure : figures) {
                if (figure.key.target == ClockTarget::kNextUpdate) figure.breached_cycles = nu_breached_cycles_;
            }
        }
        return figures;
    }

 private:
    bool Stopped() const { return status_ == TicketStatus::kResolved || status_ == TicketStatus::kClosed; }

    OracleClock MakeClock(const Agreement& agreement, ClockTarget target, seconds length, std::int64_t t) {
        OracleClock clock;
        clock.key = {agreement.kind, target, agreement.group};
        clock.agreement = &agreement;
        clock.work = &works_.at(agreement.calendar);
        clock.target = length.count();
        clock.started_at = t;
        clock.stopped_at = t;
        return clock;
    }

    std::size_t ApplyEventsAt(std::int64_t t, std::size_t next) {
        for (; next < case_.timeline.size() && ToEpochSeconds(case_.timeline[next].at) == t; ++next) {
            const TimelineEvent& event = case_.timeline[next];
            switch (event.kind) {
                case TimelineEvent::Kind::kCreated: break;
                case TimelineEvent::Kind::kStatus:
                    status_ = event.status;
                    if (Stopped()) {
                        fr_done_ = true;
                        nu_open_ = false;
                    }
                    break;
                case TimelineEvent::Kind::kGroup:
                    group_ = event.group;
                    Assign(t);
                    break;
                case TimelineEvent::Kind::kCustomerMessage:
                    if (sla_ && next_update_target_ && !nu_open_ && !Stopped()) {
                        int cycle = 1;
                        if (nu_) {
                            cycle = nu_->cycle + 1;
                            if (nu_->breached_at) ++nu_breached_cycles_;
                        }
                        nu_ = MakeClock(*sla_, ClockTarget::kNextUpdate, *next_update_target_, t);
                        nu_->cycle = cycle;
                        nu_open_ = true;
                    }
                    break;
                case TimelineEvent::Kind::kAgentReply:
                    fr_done_ = true;
                    nu_open_ = false;
                    break;
            }
            Update(t);
        }
        return next;
    }

    void Assign(std::int64_t t) {
        if (!group_) return;
        for (const auto& [group, clock] : groups_) {
            if (group == *group_) return;
        }
        std::optional<OracleClock> clock;
        if (const Agreement* agreement = book_.SelectGroupAgreement(*group_, case_.facts)) {
            const Targets targets =
                AgreementBook::TargetsFor(*agreement, case_.facts.priority, case_.facts.customer_grade);
            if (targets.resolution) clock = MakeClock(*agreement, ClockTarget::kResolution, *targets.resolution, t);
        }
        groups_.emplace_back(*group_, clock);
    }

    Mode SlaMode(bool done) const {
        if (done || Stopped()) return Mode::kStopped;
        const bool pending =
            status_ == TicketStatus::kPendingCustomer || status_ == TicketStatus::kPendingSupplier;
        return pending ? Mode::kPaused : Mode::kRunning;
    }

    void Update(std::int64_t t) {
        if (fr_) fr_->Set(SlaMode(fr_done_), t);
        if (nu_) nu_->Set(SlaMode(!nu_open_), t);
        if (res_) res_->Set(SlaMode(false), t);
        for (auto& [group, clock] : groups_) {
            if (!clock) continue;
            Mode mode = Mode::kRunning;
            if (Stopped() || group_ != group) {
                mode = Mode::kStopped;
            } else if (status_ == TicketStatus::kPendingCustomer ||
                       (status_ == TicketStatus::kPendingSupplier && clock->key.scope == AgreementKind::kOla)) {
                mode = Mode::kPaused;
            }
            clock->Set(mode, t);
        }
    }

    std::vector<OracleClock*> All() {
        std::vector<OracleClock*> all;
        if (fr_) all.push_back(&*fr_);
        if (nu_) all.push_back(&*nu_);
        if (res_) all.push_back(&*res_);
        for (auto& [group, clock] : groups_) {
            if (clock) all.push_back(&*clock);
        }
        return all;
    }

    static ClockFigure Figure(OracleClock& clock, std::int64_t now) {
        ClockFigure figure;
        figure.key = clock.key;
        figure.agreement = clock.agreement->name;
        figure.agreement_version = clock.agreement->version;
        figure.calendar = clock.agreement->calendar;
        figure.target = seconds{clock.target};
        figure.started_at = FromEpochSeconds(clock.started_at);
        figure.elapsed = seconds{clock.elapsed};
        figure.remaining = seconds{clock.target - clock.elapsed};
        figure.percent_used = static_cast<double>(clock.elapsed) * 100 / static_cast<double>(clock.target);
        for (int percent : clock.agreement->warn_at_percent) {
            if (clock.elapsed * 100 >= clock.target * percent) figure.thresholds_crossed.push_back(percent);
        }
        figure.running = clock.mode == Mode::kRunning;
        figure.cycle = clock.cycle;
        if (clock.stopped_at) figure.stopped_at = FromEpochSeconds(*clock.stopped_at);
        const std::int64_t remaining = clock.target - clock.elapsed;
        if (clock.breached_at) {
            figure.state = ClockState::kBreached;
            figure.breached_at = figure.due_at = FromEpochSeconds(*clock.breached_at);
        } else if (clock.mode == Mode::kRunning) {
            figure.state = ClockState::kRunning;
            figure.due_at = FromEpochSeconds(remaining > 0 ? clock.work->Add(now, remaining) : *clock.hit_at);
        } else if (clock.mode == Mode::kPaused) {
            figure.state = ClockState::kPaused;
        } else {
            figure.state = ClockState::kMet;
            figure.due_at = FromEpochSeconds(clock.work->Add(*clock.stopped_at, remaining));
        }
        return figure;
    }

    const Case& case_;
    const AgreementBook& book_;
    std::map<std::string, WorkOracle> works_;
    const Agreement* sla_ = nullptr;
    std::optional<seconds> next_update_target_;
    TicketStatus status_ = TicketStatus::kNew;
    std::optional<GroupId> group_;
    std::optional<OracleClock> fr_, nu_, res_;
    bool fr_done_ = false;
    bool nu_open_ = false;
    int nu_breached_cycles_ = 0;
    std::vector<std::pair<GroupId, std::optional<OracleClock>>> groups_;
};

const char* const kZones[] = {"Asia/Shanghai", "America/New_York", "Europe/Berlin", "UTC", "Australia/Lord_Howe",
                              "Asia/Kolkata"};
const char* const kAnchors[] = {"2025-01-27T08:00:00+08:00", "2024-03-08T12:00:00Z", "2024-10-25T06:00:00Z",
                                "2025-02-06T16:00:00+08:00", "2024-09-30T22:00:00+08:00", "2024-12-30T10:00:00Z"};

int Pick(std::mt19937_64& rng, int count) { return static_cast<int>(rng() % static_cast<std::uint64_t>(count)); }

CalendarSpec RandomCalendar(std::mt19937_64& rng, std::string name) {
    CalendarSpec spec;
    spec.name = std::move(name);
    spec.time_zone = kZones[Pick(rng, std::size(kZones))];
    for (auto& hours : spec.week) {
        if (Pick(rng, 10) < 3) continue;  // day off
        std::set<int> cuts;  // quarter hours
        const int ranges = 1 + Pick(rng, 3);
        while (static_cast<int>(cuts.size()) < 2 * ranges) cuts.insert(Pick(rng, 97));
        std::vector<int> points(cuts.begin(), cuts.end());
        for (std::size_t index = 0; index + 1 < points.size(); index += 2) {
            hours.push_back({seconds{points[index] * 15 * kMinute}, seconds{points[index + 1] * 15 * kMinute}});
        }
    }
    if (spec.week[0].empty()) spec.week[0] = Hours({"09:00-12:00", "13:00-18:00"});
    if (Pick(rng, 3) == 0) spec.includes = {"CN"};
    return spec;
}

std::optional<seconds> RandomTarget(std::mt19937_64& rng) {
    if (Pick(rng, 8) == 0) return std::nullopt;
    return seconds{(1 + Pick(rng, 60)) * 15 * kMinute};  // 15 min .. 15 h
}

AgreementBook MustBook(const Case& c) {
    auto book = AgreementBook::Create(c.calendars, c.agreements, CalendarOptions{2023, 2026});
    EXPECT_TRUE(book.ok()) << (book.ok() ? "" : book.error().message());
    return book.ok() ? std::move(*book) : AgreementBook{};
}

// The due instant of the first running clock of the timeline so far (evaluated at `t`), to put the next event
// exactly on a deadline.
std::optional<UtcTime> SomeDueInstant(const Case& c, UtcTime t) {
    const ClockEvaluation clocks = EvaluateClocks(c.timeline, c.facts, c.book, t);
    for (const ClockFigure& figure : clocks.figures) {
        if (figure.state == ClockState::kRunning && figure.due_at && *figure.due_at < t + std::chrono::days(30)) {
            return figure.due_at;
        }
    }
    return std::nullopt;
}

Case RandomCase(std::mt19937_64& rng) {
    Case c;
    c.calendars = {RandomCalendar(rng, "sla-cal"), RandomCalendar(rng, "ola-cal")};
    Agreement sla;
    sla.name = "sla";
    sla.status = AgreementStatus::kActive;
    sla.calendar = Pick(rng, 5) == 0 ? "24x7" : "sla-cal";
    sla.effective_from = At("2020-01-01T00:00:00Z");
    sla.warn_at_percent = Pick(rng, 2) == 0 ? std::vector<int>{75, 90} : std::vector<int>{33, 50, 99};
    for (int priority = 1; priority <= 2; ++priority) {
        sla.targets.push_back({priority, Targets{RandomTarget(rng), RandomTarget(rng), RandomTarget(rng)}});
    }
    sla.grade_overrides["vip"] = {{1, Targets{RandomTarget(rng), std::nullopt, RandomTarget(rng)}}};
    c.agreements.push_back(sla);
    auto group_agreement = [&](std::string name, AgreementKind kind, GroupId group, std::string calendar) {
        Agreement agreement = sla;
        agreement.name = std::move(name);
        agreement.kind = kind;
        agreement.group = group;
        agreement.calendar = std::move(calendar);
        agreement.grade_overrides.clear();
        agreement.targets = {{1, Targets{std::nullopt, std::nullopt, RandomTarget(rng)}},
                             {2, Targets{std::nullopt, std::nullopt, RandomTarget(rng)}}};
        return agreement;
    };
    c.agreements.push_back(group_agreement("desk", AgreementKind::kOla, kServiceDesk, "ola-cal"));
    c.agreements.push_back(group_agreement("network", AgreementKind::kOla, kNetwork, "sla-cal"));
    c.agreements.push_back(group_agreement("isp", AgreementKind::kUc, kIsp, Pick(rng, 2) ? "24x7" : "ola-cal"));

    c.book = MustBook(c);
    c.facts = FactsAt(UtcTime{}, 1 + Pick(rng, 2), Pick(rng, 3) == 0 ? "vip" : "normal");
    const std::optional<GroupId> groups[] = {kServiceDesk, kNetwork, kIsp, kNoAgreement, std::nullopt};
    UtcTime t = At(kAnchors[Pick(rng, std::size(kAnchors))]) + std::chrono::minutes(Pick(rng, 24 * 4) * 15);
    c.timeline.push_back({t, TimelineEvent::Kind::kCreated,
                          Pick(rng, 6) == 0 ? TicketStatus::kPendingCustomer : TicketStatus::kNew,
                          groups[Pick(rng, 5)]});
    c.facts.created_at = t;
    const int events = Pick(rng, 31);
    for (int index = 0; index < events; ++index) {
        // Quarter-hour steps often, so that events land on range ends and due instants (boundaries are where
        // mistakes hide); some events share an instant.
        const int gap = Pick(rng, 4) == 0 ? Pick(rng, 3000) : Pick(rng, 300);
        if (Pick(rng, 4) != 0) t += std::chrono::minutes(Pick(rng, 2) == 0 ? gap / 15 * 15 : gap);
        if (Pick(rng, 5) == 0) t = SomeDueInstant(c, t).value_or(t);
        TimelineEvent event{t, static_cast<TimelineEvent::Kind>(1 + Pick(rng, 4)), TicketStatus::kNew, std::nullopt};
        if (event.kind == TimelineEvent::Kind::kStatus) event.status = static_cast<TicketStatus>(Pick(rng, 7));
        if (event.kind == TimelineEvent::Kind::kGroup) event.group = groups[Pick(rng, 5)];
        c.timeline.push_back(event);
    }
    c.now = t + std::chrono::minutes(Pick(rng, 3) == 0 ? -Pick(rng, 600) : Pick(rng, 4000));
    if (c.now < c.timeline.front().at) c.now = c.timeline.front().at;
    return c;
}

std::string Describe(const Case& c) {
    std::string text = "now " + FormatIso8601(c.now) + " priority " + std::to_string(c.facts.priority) + " " +
                       c.facts.customer_grade + "\n";
    for (const TimelineEvent& event : c.timeline) {
        text += "  " + FormatIso8601(event.at) + " kind " + std::to_string(static_cast<int>(event.kind)) + " status " +
                std::string(kTicketStatusNames.Name(event.status)) + " group " +
                (event.group ? std::to_string(event.group->value) : "-") + "\n";
    }
    return text;
}

// The evaluation with events after `now` dropped, so that nothing happens between `now` and a later instant.
std::vector<TimelineEvent> Until(const std::vector<TimelineEvent>& timeline, UtcTime now) {
    std::vector<TimelineEvent> kept;
    for (const TimelineEvent& event : timeline) {
        if (event.at <= now || kept.empty()) kept.push_back(event);
    }
    return kept;
}

TEST(TicketClocksPropertyTest, MatchesTheMinuteByMinuteOracle) {
    std::mt19937_64 rng(20250127);
    int checked = 0;
    int figures_checked = 0;
    for (int index = 0; index < kCases; ++index) {
        const Case c = RandomCase(rng);
        const AgreementBook& book = c.book;
        SCOPED_TRACE("case " + std::to_string(index) + "\n" + Describe(c));
        std::vector<ClockFigure> expected;
        try {
            expected = TicketOracle(c, book).Run();
        } catch (const TooSlow&) {
            continue;
        }
        const ClockEvaluation actual = EvaluateClocks(c.timeline, c.facts, book, c.now);
        ASSERT_EQ(actual.figures.size(), expected.size());
        for (std::size_t figure = 0; figure < expected.size(); ++figure) {
            EXPECT_EQ(actual.figures[figure], expected[figure]) << "figure " << expected[figure].key.Text() << "\n"
                                                                << "elapsed " << actual.figures[figure].elapsed.count()
                                                                << " vs " << expected[figure].elapsed.count();
        }
        // The running segments of each clock's current cycle add up to its elapsed time.
        for (const ClockFigure& figure : actual.figures) {
            const Calendar* calendar = book.FindCalendar(figure.calendar);
            seconds sum{};
            for (const ClockSegment& segment : actual.segments) {
                if (segment.key != figure.key || segment.cycle != figure.cycle) continue;
                sum += calendar->WorkingTimeBetween(segment.from, segment.to.value_or(c.now));
            }
            EXPECT_EQ(sum, figure.elapsed) << figure.key.Text();
        }
        ++checked;
        figures_checked += static_cast<int>(expected.size());
    }
    EXPECT_GT(checked, kCases * 9 / 10);
    EXPECT_GT(figures_checked, kCases);
}

TEST(TicketClocksPropertyTest, ALaterNowNeverLowersElapsedAndAdvanceFigureAgrees) {
    std::mt19937_64 rng(31);
    for (int index = 0; index < kCases; ++index) {
        const Case c = RandomCase(rng);
        const AgreementBook& book = c.book;
        SCOPED_TRACE("case " + std::to_string(index) + "\n" + Describe(c));
        const std::vector<TimelineEvent> timeline = Until(c.timeline, c.now);
        const UtcTime later = c.now + seconds{Pick(rng, 3) == 0 ? Pick(rng, 90) : Pick(rng, 7 * 86400)};
        const ClockEvaluation at_now = EvaluateClocks(timeline, c.facts, book, c.now);
        const ClockEvaluation at_later = EvaluateClocks(timeline, c.facts, book, later);
        ASSERT_EQ(at_now.figures.size(), at_later.figures.size());
        for (std::size_t figure = 0; figure < at_now.figures.size(); ++figure) {
            const ClockFigure& before = at_now.figures[figure];
            EXPECT_LE(before.elapsed, at_later.figures[figure].elapsed) << before.key.Text();
            EXPECT_EQ(AdvanceFigure(before, book, c.now, later), at_later.figures[figure]) << before.key.Text();
        }
    }
}

TEST(TicketClocksPropertyTest, DueAtIsWhereElapsedMeetsTheTargetAndJobsWhereThresholdsAreCrossed) {
    std::mt19937_64 rng(7);
    int jobs_checked = 0;
    for (int index = 0; index < kCases; ++index) {
        const Case c = RandomCase(rng);
        const AgreementBook& book = c.book;
        SCOPED_TRACE("case " + std::to_string(index) + "\n" + Describe(c));
        const std::vector<TimelineEvent> timeline = Until(c.timeline, c.now);
        const ClockEvaluation at_now = EvaluateClocks(timeline, c.facts, book, c.now);
        for (const PlannedJob& job : at_now.jobs) {
            if (job.due_at > c.now + std::chrono::days(400)) continue;  // outside the test tables: slow
            const ClockEvaluation at_job = EvaluateClocks(timeline, c.facts, book, job.due_at);
            const ClockEvaluation before_job = EvaluateClocks(timeline, c.facts, book, job.due_at - seconds{1});
            const ClockFigure figure = FigureOf(at_job, job.key);
            const ClockFigure earlier = FigureOf(before_job, job.key);
            if (job.kind == PlannedJob::Kind::kBreach) {
                EXPECT_EQ(figure.elapsed, figure.target) << job.key.Text();
                EXPECT_EQ(figure.state, ClockState::kRunning);
                const ClockFigure after = FigureOf(EvaluateClocks(timeline, c.facts, book, job.due_at + seconds{1}), job.key);
                EXPECT_EQ(after.state, ClockState::kBreached);
                EXPECT_EQ(after.breached_at, job.due_at);
            } else {
                auto crossed = [&](const ClockFigure& f) {
                    return std::find(f.thresholds_crossed.begin(), f.thresholds_crossed.end(), job.threshold_percent) !=
                           f.thresholds_crossed.end();
                };
                EXPECT_TRUE(crossed(figure)) << job.key.Text() << " " << job.threshold_percent;
                EXPECT_FALSE(crossed(earlier) && job.due_at - seconds{1} >= c.now) << job.key.Text();
            }
            ++jobs_checked;
        }
    }
    EXPECT_GT(jobs_checked, kCases / 2);
}

}  // namespace
}  // namespace sladesk::sla
