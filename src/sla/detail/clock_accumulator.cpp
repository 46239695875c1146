#include "sla/detail/clock_accumulator.hpp"

#include <utility>

namespace sladesk::sla::detail {

using std::chrono::seconds;

namespace {

constexpr std::int64_t kPercent = 100;

// The instant `work` after `start`, or nullopt when the calendar has no working time left.
std::optional<UtcTime> AddOrNever(const Calendar& calendar, UtcTime start, seconds work) {
    const UtcTime due = calendar.AddWorkingTime(start, work);
    if (due == kNever) return std::nullopt;
    return due;
}

}  // namespace

seconds ThresholdWork(seconds target, int percent) {
    return seconds{(target.count() * percent + kPercent - 1) / kPercent};
}

void CrossedThresholds(const std::vector<int>& warn_at_percent, seconds target, seconds elapsed,
                       std::vector<int>& out) {
    out.clear();
    for (int percent : warn_at_percent) {
        if (elapsed.count() * kPercent >= target.count() * percent) out.push_back(percent);
    }
}

ClockAccumulator::ClockAccumulator(ClockKey key, int cycle, const Agreement& agreement, const Calendar& calendar,
                                   seconds target, UtcTime started_at, ClockMode mode)
    : key_(std::move(key)),
      cycle_(cycle),
      agreement_(&agreement),
      calendar_(&calendar),
      target_(target),
      started_at_(started_at),
      mode_(mode),
      run_start_(started_at) {
    if (mode == ClockMode::kStopped) stopped_at_ = started_at;
}

void ClockAccumulator::SetMode(ClockMode mode, UtcTime t, std::vector<ClockSegment>& segments) {
    if (mode == mode_) return;
    if (mode_ == ClockMode::kRunning) {
        const seconds used = calendar_->WorkingTimeBetween(run_start_, t);
        if (!breached_at_ && before_run_ <= target_ && before_run_ + used >= target_) {
            const UtcTime deadline = calendar_->AddWorkingTime(run_start_, target_ - before_run_);
            if (deadline != kNever && t > deadline) breached_at_ = deadline;
        }
        before_run_ += used;
        if (t > run_start_) segments.push_back({key_, cycle_, run_start_, t});
    }
    if (mode == ClockMode::kRunning) run_start_ = t;
    if (mode == ClockMode::kStopped) {
        stopped_at_ = t;
    } else {
        stopped_at_.reset();
    }
    mode_ = mode;
}

ClockFigure ClockAccumulator::Figure(UtcTime now, std::optional<UtcTime> recorded,
                                     std::vector<ClockSegment>& segments) const {
    ClockFigure figure;
    figure.key = key_;
    figure.agreement = agreement_->name;
    figure.agreement_version = agreement_->version;
    figure.calendar = agreement_->calendar;
    figure.target = target_;
    figure.started_at = started_at_;
    figure.cycle = cycle_;
    figure.running = mode_ == ClockMode::kRunning;
    figure.elapsed = before_run_;
    std::optional<UtcTime> breached = breached_at_;
    std::optional<UtcTime> deadline;
    if (figure.running) {
        segments.push_back({key_, cycle_, run_start_, std::nullopt});
        figure.elapsed += calendar_->WorkingTimeBetween(run_start_, now);
        if (!breached && before_run_ <= target_) {
            deadline = AddOrNever(*calendar_, run_start_, target_ - before_run_);
            if (deadline && now > *deadline) breached = deadline;
        }
    }
    if (recorded) breached = recorded;
    figure.remaining = target_ - figure.elapsed;
    figure.percent_used = static_cast<double>(figure.elapsed.count()) * kPercent / static_cast<double>(target_.count());
    CrossedThresholds(agreement_->warn_at_percent, target_, figure.elapsed, figure.thresholds_crossed);
    if (mode_ == ClockMode::kStopped) figure.stopped_at = stopped_at_;
    if (breached) {
        figure.state = ClockState::kBreached;
        figure.breached_at = breached;
        figure.due_at = breached;
    } else if (mode_ == ClockMode::kRunning) {
        figure.state = ClockState::kRunning;
        figure.due_at = deadline;
    } else if (mode_ == ClockMode::kPaused) {
        figure.state = ClockState::kPaused;
    } else {
        figure.state = ClockState::kMet;
        figure.due_at = AddOrNever(*calendar_, *stopped_at_, figure.remaining);
    }
    return figure;
}

void ClockAccumulator::PlanJobs(const ClockFigure& figure, std::vector<PlannedJob>& jobs) const {
    if (mode_ != ClockMode::kRunning || figure.state != ClockState::kRunning || !figure.due_at) return;
    for (int percent : agreement_->warn_at_percent) {
        const seconds work = ThresholdWork(target_, percent);
        if (work <= figure.elapsed) continue;  // crossed already
        if (auto at = AddOrNever(*calendar_, run_start_, work - before_run_)) {
            jobs.push_back({key_, PlannedJob::Kind::kWarning, percent, *at});
        }
    }
    jobs.push_back({key_, PlannedJob::Kind::kBreach, kPercent, *figure.due_at});
}

}  // namespace sladesk::sla::detail
