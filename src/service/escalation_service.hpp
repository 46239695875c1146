// Escalation on tickets: takes the due steps of the ladder covering a ticket (rules::PlanEscalation) once each,
// recording them in the ticket's history, and keeps the ticket's next "escalation" due job in step.
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"
#include "service/notification_service.hpp"
#include "service/policy.hpp"
#include "sla/ticket_clocks.hpp"
#include "store/job_repo.hpp"
#include "store/sql.hpp"
#include "store/store.hpp"

namespace sladesk::service {

/// The due-job kind that re-evaluates a ticket's escalation ladder.
inline constexpr const char* kEscalationJob = "escalation";
/// History field of a step taken (value "<ladder>/<step>") and of each notification it asks for (value
/// "<ladder>/<step> <action> <target>", e.g. "standard/2h notify_role role supervisor"); the messages themselves go
/// to the outbox (NotificationService::OnEscalationStep) in the same transaction.
inline constexpr const char* kEscalationField = "escalation";
inline constexpr const char* kEscalationNotifyField = "escalation_notify";

/// Thread-safe; references must outlive it.
class EscalationService {
 public:
    /// `notifications` (may be null: steps are then only recorded) must outlive the service.
    EscalationService(store::Store& store, const Clock& clock, PolicyCache& policy,
                      const NotificationService* notifications = nullptr)
        : store_(store), clock_(clock), policy_(policy), notifications_(notifications) {}

    /// The handler of "escalation" jobs: refreshes the ticket's clocks, takes the steps now due (each once) and
    /// schedules the next job, in one transaction. A deleted ticket is nothing to do. Idempotent.
    Status FireEscalationJob(const store::DueJob& job);

    /// In the caller's transaction: takes the due steps of `ticket` given its clocks evaluated at `now` — records
    /// each step and its notifications in the history, enqueues the notifications' messages through
    /// `notifications` (when given: the people of each notify action — every active user of a role, the named
    /// person, the group's on-call person from its duty roster at `now`, the customer's account manager), reassigns
    /// and raises priority through TicketRepo::Update (kPreconditionFailed if the ticket changed meanwhile) — and
    /// replaces its pending escalation job with one at the next step's instant. Reads and writes the store.
    static Status Escalate(store::SqlConnection& db, const PolicyInForce& policy, Ticket ticket,
                           const sla::ClockEvaluation& clocks, UtcTime now,
                           const NotificationService* notifications = nullptr);

    /// In the caller's transaction, without taking any step: replaces the ticket's pending escalation job with one
    /// at `now` if a step is due, else at the next step's instant (none if no step can fall due). For the code that
    /// refreshes a ticket's clocks (ClockKeeper::Open / Refresh), so a ticket's ladder is always scheduled; the
    /// ticket is not written. Reads and writes the store.
    static Status ScheduleNext(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                               const sla::ClockEvaluation& clocks, UtcTime now);

    /// In the caller's transaction, for a ticket being opened (ClockKeeper::Open): schedules its first escalation
    /// job, at `now` if a step is already due, else at the first step's instant (none if no ladder covers it or
    /// no step can fall due). A new ticket has taken no step and has not been acknowledged, so nothing is read:
    /// one insert at most. Writes the store.
    static Status ScheduleFirst(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                                const User& customer, const sla::ClockEvaluation& clocks, UtcTime now);

 private:
    store::Store& store_;
    const Clock& clock_;
    PolicyCache& policy_;
    const NotificationService* notifications_;
};

}  // namespace sladesk::service
