// The working-time bookkeeping of one clock (or one next_update cycle): its runs, the working time used, the
// instant it breached, and its figure and planned jobs at `now`. Used by EvaluateClocks; not a public surface.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "core/utc_time.hpp"
#include "sla/agreement.hpp"
#include "sla/calendar.hpp"
#include "sla/ticket_clocks.hpp"

namespace sladesk::sla::detail {

/// Running: counting working time. Paused: waiting (pending states). Stopped: met, handed on or resolved.
enum class ClockMode { kRunning, kPaused, kStopped };

/// Warning threshold `percent` of `target` in whole seconds, rounded up, so that a figure with this much elapsed
/// time reports the threshold as crossed (elapsed * 100 >= target * percent).
std::chrono::seconds ThresholdWork(std::chrono::seconds target, int percent);

/// The thresholds of `warn_at_percent` crossed by `elapsed` of `target`, ascending.
void CrossedThresholds(const std::vector<int>& warn_at_percent, std::chrono::seconds target,
                       std::chrono::seconds elapsed, std::vector<int>& out);

/// A clock's runs and breach. Plain value; holds pointers into the AgreementBook, which must outlive it.
///
/// Breach rule: a run [start, end) breaches when it lasts past its deadline D = AddWorkingTime(start, target -
/// elapsed before the run), i.e. end > D (for a running clock: now > D); `breached_at` is D. This is elapsed >
/// target, and also counts a clock that ends in the break right after its deadline as late.
class ClockAccumulator {
 public:
    ClockAccumulator(ClockKey key, int cycle, const Agreement& agreement, const Calendar& calendar,
                     std::chrono::seconds target, UtcTime started_at, ClockMode mode);

    /// Moves to `mode` at `t` (>= every earlier t): closing a run appends its segment (if not empty) to `segments`
    /// and checks for a breach; opening one remembers its start. Entering kStopped records `t` as stopped_at.
    void SetMode(ClockMode mode, UtcTime t, std::vector<ClockSegment>& segments);

    ClockMode mode() const { return mode_; }
    const ClockKey& key() const { return key_; }
    int cycle() const { return cycle_; }
    UtcTime started_at() const { return started_at_; }
    /// The breach instant found so far in closed runs (not the running one).
    const std::optional<UtcTime>& closed_breach() const { return breached_at_; }

    /// The figure at `now`; `recorded` (a breach stored earlier) wins over the computed breach. Appends the open
    /// run's segment to `segments` when running.
    ClockFigure Figure(UtcTime now, std::optional<UtcTime> recorded, std::vector<ClockSegment>& segments) const;

    /// For a running, unbreached `figure` of this clock: the warnings not yet crossed and the breach, unsorted.
    void PlanJobs(const ClockFigure& figure, std::vector<PlannedJob>& jobs) const;

 private:
    ClockKey key_;
    int cycle_ = 0;
    const Agreement* agreement_;
    const Calendar* calendar_;
    std::chrono::seconds target_{};
    UtcTime started_at_{};
    ClockMode mode_ = ClockMode::kRunning;
    UtcTime run_start_{};                  // start of the current run (mode kRunning)
    std::chrono::seconds before_run_{};    // working time used before the current run (or in total, if not running)
    std::optional<UtcTime> breached_at_;   // breach found in a closed run
    std::optional<UtcTime> stopped_at_;    // set while kStopped
};

}  // namespace sladesk::sla::detail
