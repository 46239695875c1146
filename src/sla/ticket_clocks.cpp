#include "sla/ticket_clocks.hpp"

#include <algorithm>
#include <utility>

#include "sla/detail/clock_accumulator.hpp"

namespace sladesk::sla {

namespace {

using detail::ClockAccumulator;
using detail::ClockMode;
using EventKind = TimelineEvent::Kind;

bool IsStopped(TicketStatus status) { return status == TicketStatus::kResolved || status == TicketStatus::kClosed; }
bool IsPending(TicketStatus status) {
    return status == TicketStatus::kPendingCustomer || status == TicketStatus::kPendingSupplier;
}

// A group the ticket was assigned to; `clock` is unset when no OLA/UC with a resolution target covers it.
struct GroupClock {
    GroupId group;
    std::optional<ClockAccumulator> clock;
};

// Replays a timeline once, in order, driving every clock's runs; then reads the figures at `now`.
class Replay {
 public:
    Replay(const TicketFacts& facts, const AgreementBook& book, std::span<const RecordedBreach> recorded)
        : facts_(facts), book_(book), recorded_(recorded) {}

    void Start(UtcTime created, TicketStatus status, std::optional<GroupId> group);
    void Apply(const TimelineEvent& event);
    ClockEvaluation Finish(UtcTime now);

 private:
    ClockMode SlaMode(bool done) const;
    ClockMode GroupMode(const ClockAccumulator& clock, GroupId group) const;
    void Update(UtcTime t);
    void AssignGroup(UtcTime t);
    void OpenCycle(UtcTime t);
    std::optional<UtcTime> Recorded(const ClockKey& key, int cycle) const;
    int Rank(const ClockKey& key) const;

    const TicketFacts& facts_;
    const AgreementBook& book_;
    std::span<const RecordedBreach> recorded_;
    const Agreement* sla_ = nullptr;
    const Calendar* sla_calendar_ = nullptr;
    Targets targets_;
    TicketStatus status_ = TicketStatus::kNew;
    std::optional<GroupId> group_;
    std::optional<ClockAccumulator> first_response_;
    bool first_response_done_ = false;  // replied to, or resolved once
    std::optional<ClockAccumulator> next_update_;  // the latest cycle
    bool cycle_open_ = false;
    int breached_cycles_ = 0;  // among the cycles before the latest
    std::optional<ClockAccumulator> resolution_;
    std::vector<GroupClock> groups_;  // in order of first assignment
    std::vector<ClockSegment> segments_;
};

void Replay::Start(UtcTime created, TicketStatus status, std::optional<GroupId> group) {
    status_ = status;
    group_ = group;
    sla_ = book_.SelectSla(facts_);
    if (sla_) sla_calendar_ = book_.FindCalendar(sla_->calendar);
    if (sla_calendar_) {
        targets_ = AgreementBook::TargetsFor(*sla_, facts_.priority, facts_.customer_grade);
        first_response_done_ = IsStopped(status);
        if (targets_.first_response) {
            first_response_.emplace(ClockKey{AgreementKind::kSla, ClockTarget::kFirstResponse, std::nullopt}, 0, *sla_,
                                    *sla_calendar_, *targets_.first_response, created, SlaMode(first_response_done_));
        }
        if (targets_.resolution) {
            resolution_.emplace(ClockKey{AgreementKind::kSla, ClockTarget::kResolution, std::nullopt}, 0, *sla_,
                                *sla_calendar_, *targets_.resolution, created, SlaMode(false));
        }
    }
    AssignGroup(created);
}

void Replay::Apply(const TimelineEvent& event) {
    switch (event.kind) {
        case EventKind::kCreated:  // a second creation is odd input; the first one counts
            return;
        case EventKind::kStatus:
            status_ = event.status;
            if (IsStopped(status_)) {
                first_response_done_ = true;
                cycle_open_ = false;
            }
            break;
        case EventKind::kGroup:
            group_ = event.group;
            AssignGroup(event.at);
            break;
        case EventKind::kCustomerMessage:
            if (!cycle_open_ && !IsStopped(status_) && sla_calendar_ && targets_.next_update) OpenCycle(event.at);
            return;
        case EventKind::kAgentReply:
            first_response_done_ = true;
            cycle_open_ = false;
            break;
    }
    Update(event.at);
}

ClockMode Replay::SlaMode(bool done) const {
    if (done || IsStopped(status_)) return ClockMode::kStopped;
    return IsPending(status_) ? ClockMode::kPaused : ClockMode::kRunning;
}

ClockMode Replay::GroupMode(const ClockAccumulator& clock, GroupId group) const {
    if (IsStopped(status_) || group_ != group) return ClockMode::kStopped;
    // A UC measures the supplier, so waiting on the supplier is exactly its time.
    const bool paused = clock.key().scope == AgreementKind::kUc ? status_ == TicketStatus::kPendingCustomer
                                                                : IsPending(status_);
    return paused ? ClockMode::kPaused : ClockMode::kRunning;
}

void Replay::Update(UtcTime t) {
    if (first_response_) first_response_->SetMode(SlaMode(first_response_done_), t, segments_);
    if (next_update_) next_update_->SetMode(SlaMode(!cycle_open_), t, segments_);
    if (resolution_) resolution_->SetMode(SlaMode(false), t, segments_);
    for (GroupClock& entry : groups_) {
        if (entry.clock) entry.clock->SetMode(GroupMode(*entry.clock, entry.group), t, segments_);
    }
}

void Replay::AssignGroup(UtcTime t) {
    if (!group_) return;
    for (const GroupClock& entry : groups_) {
        if (entry.group == *group_) return;
    }
    GroupClock& entry = groups_.emplace_back(GroupClock{*group_, std::nullopt});
    const Agreement* agreement = book_.SelectGroupAgreement(*group_, facts_);
    if (!agreement) return;
    const Calendar* calendar = book_.FindCalendar(agreement->calendar);
    const auto target = AgreementBook::TargetsFor(*agreement, facts_.priority, facts_.customer_grade).resolution;
    if (!calendar || !target) return;
    entry.clock.emplace(ClockKey{agreement->kind, ClockTarget::kResolution, *group_}, 0, *agreement, *calendar,
                        *target, t, ClockMode::kStopped);
    entry.clock->SetMode(GroupMode(*entry.clock, entry.group), t, segments_);
}

void Replay::OpenCycle(UtcTime t) {
    int cycle = 1;
    if (next_update_) {
        if (next_update_->closed_breach() || Recorded(next_update_->key(), next_update_->cycle())) ++breached_cycles_;
        cycle = next_update_->cycle() + 1;
    }
    next_update_.emplace(ClockKey{AgreementKind::kSla, ClockTarget::kNextUpdate, std::nullopt}, cycle, *sla_,
                         *sla_calendar_, *targets_.next_update, t, SlaMode(false));
    cycle_open_ = true;
}

std::optional<UtcTime> Replay::Recorded(const ClockKey& key, int cycle) const {
    for (const RecordedBreach& breach : recorded_) {
        if (breach.key != key) continue;
        if (key.target == ClockTarget::kNextUpdate && breach.cycle != cycle) continue;
        return breach.breached_at;
    }
    return std::nullopt;
}

// Figure order: SLA first_response, next_update, resolution, then OLA/UC in order of first assignment.
int Replay::Rank(const ClockKey& key) const {
    if (key.scope == AgreementKind::kSla) return static_cast<int>(key.target);
    int rank = 3;
    for (const GroupClock& entry : groups_) {
        if (entry.group == key.group) return rank;
        ++rank;
    }
    return rank;
}

ClockEvaluation Replay::Finish(UtcTime now) {
    ClockEvaluation result;
    result.figures.reserve(3 + groups_.size());
    auto add = [&](const ClockAccumulator& clock) {
        ClockFigure& figure =
            result.figures.emplace_back(clock.Figure(now, Recorded(clock.key(), clock.cycle()), segments_));
        clock.PlanJobs(figure, result.jobs);
    };
    if (first_response_) add(*first_response_);
    if (next_update_) {
        add(*next_update_);
        result.figures.back().breached_cycles = breached_cycles_;
    }
    if (resolution_) add(*resolution_);
    for (const GroupClock& entry : groups_) {
        if (entry.clock) add(*entry.clock);
    }
    // Total orders, so plain sorts are deterministic (and need no temporary buffer): a clock's runs never share a
    // start, and at one instant jobs go in figure order, warnings before the breach.
    std::sort(segments_.begin(), segments_.end(), [&](const ClockSegment& a, const ClockSegment& b) {
        const int rank_a = Rank(a.key);
        const int rank_b = Rank(b.key);
        return rank_a != rank_b ? rank_a < rank_b : a.from < b.from;
    });
    std::sort(result.jobs.begin(), result.jobs.end(), [&](const PlannedJob& a, const PlannedJob& b) {
        if (a.due_at != b.due_at) return a.due_at < b.due_at;
        const int rank_a = Rank(a.key);
        const int rank_b = Rank(b.key);
        if (rank_a != rank_b) return rank_a < rank_b;
        return a.threshold_percent < b.threshold_percent;
    });
    result.segments = std::move(segments_);
    return result;
}

bool EarlierEvent(const TimelineEvent& a, const TimelineEvent& b) { return a.at < b.at; }

}  // namespace

std::string ClockKey::Text() const {
    std::string text(kAgreementKindNames.Name(scope));
    text += ':';
    text += kClockTargetNames.Name(target);
    if (group) {
        text += ':';
        text += std::to_string(group->value);
    }
    return text;
}

ClockEvaluation EvaluateClocks(std::span<const TimelineEvent> timeline, const TicketFacts& facts,
                               const AgreementBook& book, UtcTime now, std::span<const RecordedBreach> recorded) {
    if (timeline.empty()) return {};
    // Odd input is tolerated: events out of order are sorted (stable), a timeline without kCreated starts at
    // its first event with status new and no group, and events before the creation or after `now` are ignored.
    std::vector<TimelineEvent> sorted;
    if (!std::is_sorted(timeline.begin(), timeline.end(), EarlierEvent)) {
        // Stable by (instant, position); sorting positions keeps std::stable_sort's temporary buffer out.
        std::vector<std::size_t> order(timeline.size());
        for (std::size_t index = 0; index < order.size(); ++index) order[index] = index;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return timeline[a].at != timeline[b].at ? timeline[a].at < timeline[b].at : a < b;
        });
        sorted.reserve(order.size());
        for (std::size_t index : order) sorted.push_back(timeline[index]);
        timeline = sorted;
    }
    const auto created = std::find_if(timeline.begin(), timeline.end(),
                                      [](const TimelineEvent& event) { return event.kind == EventKind::kCreated; });
    Replay replay(facts, book, recorded);
    UtcTime start = timeline.front().at;
    if (created != timeline.end()) {
        start = created->at;
        replay.Start(start, created->status, created->group);
    } else {
        replay.Start(start, TicketStatus::kNew, std::nullopt);
    }
    now = std::max(now, start);
    for (auto it = timeline.begin(); it != timeline.end(); ++it) {
        if (it == created || it->at < start) continue;
        if (it->at > now) break;
        replay.Apply(*it);
    }
    return replay.Finish(now);
}

ClockFigure AdvanceFigure(const ClockFigure& figure, const AgreementBook& book, UtcTime evaluated_at, UtcTime now) {
    ClockFigure moved = figure;
    // kRunning implies running, so a figure stored without the flag still moves on.
    const bool running = figure.running || figure.state == ClockState::kRunning;
    if (!running || now <= evaluated_at) return moved;
    moved.running = true;
    const Calendar* calendar = book.FindCalendar(figure.calendar);
    if (!calendar) return moved;
    moved.elapsed += calendar->WorkingTimeBetween(evaluated_at, now);
    moved.remaining = moved.target - moved.elapsed;
    moved.percent_used = moved.target.count() > 0 ? static_cast<double>(moved.elapsed.count()) * 100.0 /
                                                        static_cast<double>(moved.target.count())
                                                  : 0.0;
    for (const Agreement& agreement : book.agreements()) {
        if (agreement.kind == figure.key.scope && agreement.version == figure.agreement_version &&
            agreement.name == figure.agreement) {
            detail::CrossedThresholds(agreement.warn_at_percent, moved.target, moved.elapsed,
                                      moved.thresholds_crossed);
            break;
        }
    }
    if (moved.state == ClockState::kRunning && moved.due_at && now > *moved.due_at) {
        moved.state = ClockState::kBreached;
        moved.breached_at = moved.due_at;
    }
    return moved;
}

}  // namespace sladesk::sla
