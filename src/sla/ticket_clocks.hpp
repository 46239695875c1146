// The SLA, OLA and UC clocks of one ticket, computed from its whole timeline: due instants, working time used
// and left, state, warning thresholds crossed, the running segments, and the warning/breach jobs to schedule.
// Pure: the same timeline, facts, book and `now` always give the same result.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/ticket.hpp"
#include "core/utc_time.hpp"
#include "sla/agreement.hpp"

namespace sladesk::sla {

/// One thing that happened to a ticket, as far as clocks care. A timeline is sorted by `at` (stable: events
/// with the same instant apply in the given order) and starts with kCreated.
struct TimelineEvent {
    enum class Kind {
        kCreated,          // status and group hold the initial values
        kStatus,           // status holds the new status
        kGroup,            // group holds the new group (nullopt: no group)
        kCustomerMessage,  // a message from the customer on any channel (not the initial description)
        kAgentReply,       // a public reply from staff (internal notes are not events)
    };
    UtcTime at{};
    Kind kind = Kind::kCreated;
    TicketStatus status = TicketStatus::kNew;
    std::optional<GroupId> group;
};

enum class ClockState { kRunning, kPaused, kMet, kBreached };
inline constexpr EnumNames<ClockState, 4> kClockStateNames{{{
    {ClockState::kRunning, "running"},
    {ClockState::kPaused, "paused"},
    {ClockState::kMet, "met"},
    {ClockState::kBreached, "breached"},
}}};

/// Identifies a clock on a ticket: the SLA's three targets, or the resolution clock of one group's OLA/UC.
struct ClockKey {
    AgreementKind scope = AgreementKind::kSla;
    ClockTarget target = ClockTarget::kResolution;
    std::optional<GroupId> group;  // set for OLA/UC
    friend bool operator==(const ClockKey&, const ClockKey&) = default;
    /// Stable text for storage and jobs: "sla:first_response", "ola:resolution:12", "uc:resolution:7".
    std::string Text() const;
};

/// The current figure of one clock.
struct ClockFigure {
    ClockKey key;
    std::string agreement;  // name
    int agreement_version = 0;
    std::string calendar;
    std::chrono::seconds target{};
    UtcTime started_at{};                 // start of the current cycle (next_update: the customer message)
    std::optional<UtcTime> due_at;        // fixed deadline while running; if met, when it would have been due
                                          // (stop + remaining); if breached, breached_at; unset while paused
                                          // (only `remaining` is meaningful then) or if the calendar has no
                                          // working time ahead
    std::chrono::seconds elapsed{};       // working time used (up to now, or up to the stop)
    std::chrono::seconds remaining{};     // target - elapsed; negative once overdue
    double percent_used = 0;              // elapsed / target * 100, not capped
    ClockState state = ClockState::kRunning;
    std::optional<UtcTime> stopped_at;    // when it was met or stopped after breaching
    std::optional<UtcTime> breached_at;   // the instant the working time ran out
    std::vector<int> thresholds_crossed;  // from the agreement's warn_at_percent, ascending
    int cycle = 0;                        // next_update: 1 for the first customer message after opening, ...
    int breached_cycles = 0;              // next_update: how many earlier cycles breached (this one: `state`)
    bool running = false;                 // counting working time at the evaluation instant: kRunning, or
                                          // kBreached and still counting (AdvanceFigure moves these on)
    friend bool operator==(const ClockFigure&, const ClockFigure&) = default;
};

/// A span of working-clock time: the clock ran (was not paused or stopped) in [from, to); `to` unset = still
/// running at `now`. Stored so any past figure can be recomputed.
struct ClockSegment {
    ClockKey key;
    int cycle = 0;
    UtcTime from{};
    std::optional<UtcTime> to;
    friend bool operator==(const ClockSegment&, const ClockSegment&) = default;
};

/// A warning or breach to fire later for a running clock. A warning is due when the threshold's working time
/// (target * percent / 100, rounded up to a second) has passed; a breach at the clock's due_at. The clock reads as
/// breached from the first second after due_at (see EvaluateClocks), so a breach job handler evaluating at exactly
/// due_at still sees kRunning with remaining 0: treat the job itself as the breach, or evaluate at due_at + 1 s.
struct PlannedJob {
    enum class Kind { kWarning, kBreach };
    ClockKey key;
    Kind kind = Kind::kWarning;
    int threshold_percent = 100;  // the warning's threshold; 100 for a breach
    UtcTime due_at{};
    friend bool operator==(const PlannedJob&, const PlannedJob&) = default;
};

/// A breach that was recorded earlier: it stays breached even if targets later grow.
struct RecordedBreach {
    ClockKey key;
    int cycle = 0;
    UtcTime breached_at{};
};

struct ClockEvaluation {
    std::vector<ClockFigure> figures;  // SLA first_response, next_update, resolution, then OLA/UC by first start
    std::vector<ClockSegment> segments;
    std::vector<PlannedJob> jobs;      // only for running clocks, only thresholds not yet crossed, by due_at
};

/// Computes every clock of a ticket (rules in docs/sla.md):
/// - The SLA comes from book.SelectSla(facts); targets from TargetsFor(sla, facts.priority, facts.customer_grade),
///   all measured in the SLA's calendar. Targets are those of *now*; the timeline is replayed from the start, so
///   a changed priority, service or customer re-measures everything with its earlier pauses.
/// - SLA clocks pause while the status is pending_customer or pending_supplier and stop at resolved/closed.
///   first_response runs from kCreated to the first kAgentReply (met) — or stops at the first resolved. The
///   next_update clock starts a cycle at a kCustomerMessage when no cycle is open and is met by the next
///   kAgentReply (or stopped by resolved). resolution runs from kCreated to resolved/closed and, after a
///   reopen (a status back to an open one), resumes with the working time already used.
/// - OLA (internal group) / UC (supplier group) resolution clocks: one per group that has an agreement from
///   SelectGroupAgreement, running while the ticket is assigned to that group and not resolved/closed, in the
///   agreement's calendar; time across several assignments adds up. OLA pauses in both pending states; UC
///   pauses only in pending_customer (waiting on the supplier is exactly its time).
/// - A clock is breached when it is still running after its due instant, or stopped after it (the instant the
///   working time ran out, AddWorkingTime(start of the run, target - time used before it)); `breached_at` is that
///   instant. This is elapsed > target, except that a clock stopped in the break right after its due instant
///   (a reply at 18:30 for 18:00, no working time between) is late too. Entries of `recorded` (key, and cycle for
///   next_update) keep their clock breached (with their instant) whatever the targets now say; a recorded breach
///   of an earlier next_update cycle counts in breached_cycles.
/// - Thresholds crossed: each warn_at_percent p with elapsed * 100 >= target * p.
/// - first_response never restarts after a reply or a resolution; a kCustomerMessage while resolved/closed opens
///   no next_update cycle.
/// Unknown calendars or missing targets produce no clock. Odd input is tolerated: events out of order are sorted
/// (stably), a timeline without kCreated starts at its first event (status new, no group), events before the
/// creation or after `now` and a second kCreated are ignored, and `now` before the creation counts as the creation.
/// Pure; allocates only its result (and a sorted copy of an unsorted timeline).
ClockEvaluation EvaluateClocks(std::span<const TimelineEvent> timeline, const TicketFacts& facts,
                               const AgreementBook& book, UtcTime now,
                               std::span<const RecordedBreach> recorded = {});

/// `figure` (evaluated at `evaluated_at`) as it stands at `now` >= evaluated_at, without the timeline: a running
/// clock (`figure.running` — which includes a breached clock still counting — or state kRunning, so a figure
/// stored without the flag still moves) adds the working time of its calendar
/// in between, so elapsed, remaining, percent, thresholds (from the agreement's warn_at_percent, found by name,
/// kind and version) and the state (running -> breached once now > due_at, with breached_at = due_at) move on;
/// paused and stopped figures, `now <= evaluated_at` and an unknown calendar return the figure unchanged. Equals
/// EvaluateClocks at `now` when nothing happened in between. Used by reads, which must not replay the history.
/// Pure; allocates only the copy (and a threshold entry when one is crossed).
ClockFigure AdvanceFigure(const ClockFigure& figure, const AgreementBook& book, UtcTime evaluated_at, UtcTime now);

}  // namespace sladesk::sla
