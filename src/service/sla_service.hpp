// Service level management use cases: the agreements and calendars in force, feasibility of OLA/UC chains, the
// preview of a policy change on open tickets' deadlines, the background recompute after a change, holiday
// import, a ticket's clock detail, and firing the clocks' due jobs.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "service/policy.hpp"
#include "sla/feasibility.hpp"
#include "sla/ticket_clocks.hpp"
#include "store/job_repo.hpp"
#include "store/store.hpp"

namespace sladesk::service {

class NotificationService;

/// The due-job kind that recomputes open tickets' clocks after the policy changed.
inline constexpr const char* kSlaRecomputeJob = "sla_recompute";

struct FeasibilityReport {
    std::vector<sla::FeasibilityRow> rows;
    std::map<std::int64_t, std::string> group_names;    // id -> name for every group the rows mention
    std::map<std::int64_t, std::string> service_names;  // id -> code of every service
};

/// One clock whose deadline a change would move.
struct DeadlineShift {
    TicketId ticket;
    std::string clock;  // ClockKey text
    std::optional<UtcTime> due_before;
    std::optional<UtcTime> due_after;
    std::chrono::seconds shift{};  // due_after - due_before in wall-clock seconds (0 when one side is unset)
};

/// What applying a policy would do to open tickets' clocks, computed without saving anything.
struct PolicyPreview {
    int open_tickets = 0;
    int tickets_changed = 0;
    int clocks_changed = 0;          // deadlines moved, clocks appearing or disappearing
    std::chrono::seconds earliest_shift{};  // most negative shift (deadlines brought forward)
    std::chrono::seconds latest_shift{};    // most positive shift (deadlines pushed back)
    std::vector<DeadlineShift> largest;     // up to 20, largest |shift| first
};

/// A ticket's clocks in full: the figures now and every running segment (staff only).
struct ClockDetail {
    std::vector<sla::ClockFigure> figures;
    std::vector<sla::ClockSegment> segments;
    std::int64_t policy_revision = 0;
    std::optional<UtcTime> evaluated_at;
};

/// Holidays and adjusted working days an .ics import would add to a calendar.
struct HolidayImport {
    std::string calendar;
    std::vector<std::string> added_holidays;  // YYYY-MM-DD
    std::vector<std::string> added_workdays;
    std::vector<std::string> unchanged;       // already in the calendar
    bool saved = false;
};

/// Thread-safe; references must outlive it.
class SlaService {
 public:
    SlaService(store::Store& store, const Clock& clock, PolicyCache& policy) : store_(store), clock_(clock), policy_(policy) {}

    /// The calendars and agreements in force. Staff only.
    Result<std::shared_ptr<const PolicyInForce>> Current(const Actor& actor);
    /// CheckFeasibility over the book in force: for one route (options.path), one service (options.service), or
    /// by default each catalogue service's route in turn. Staff only; kInvalidArgument for options out of range.
    Result<FeasibilityReport> Feasibility(const Actor& actor, const sla::FeasibilityOptions& options);
    /// Compares every open ticket's deadlines under the policy in force and under `proposed`. Admins and service
    /// level managers; kInvalidArgument if `proposed` does not compile. Reads only.
    Result<PolicyPreview> Preview(const Actor& actor, const Policy& proposed);
    /// Figures and segments of a visible ticket. Staff only (kNotFound if not visible).
    Result<ClockDetail> Detail(const Actor& actor, TicketId ticket);
    /// Reads holidays from `ics_text` and, unless `dry_run`, adds them to calendar `name` (one of the policy's),
    /// saving the policy and scheduling a recompute in the same transaction. Admins and service level managers.
    Result<HolidayImport> ImportHolidays(const Actor& actor, const std::string& name, const std::string& ics_text,
                                         bool dry_run);

    /// Refreshes the clocks of open tickets evaluated under an older policy revision, `batch` tickets per
    /// transaction, until none is left; returns how many. System use (the sla_recompute job).
    Result<int> RecomputeStale(int batch = 200);
    /// Schedules an sla_recompute job due now on the given connection (inside the caller's transaction).
    static Status ScheduleRecompute(store::SqlConnection& db, UtcTime now);
    /// The handler of sla_warning / sla_breach jobs: refreshes the ticket's clocks (scheduling its next job) and
    /// records the warning or breach in the ticket's history once, if the clock did cross it. Idempotent.
    Status FireClockJob(const store::DueJob& job);
    /// Where FireClockJob enqueues its notifications, in the transaction that records the crossing; nullptr (the
    /// default): none. Set once before the scheduler starts; `notifications` must outlive this service.
    void SetNotifications(const NotificationService* notifications) { notifications_ = notifications; }

 private:
    store::Store& store_;
    const Clock& clock_;
    PolicyCache& policy_;
    const NotificationService* notifications_ = nullptr;
};

}  // namespace sladesk::service
