// Keeps each ticket's SLA/OLA/UC clocks and its next SLA due job in step with the ticket, inside the transaction
// of the change that moved them (the ticket, its clocks and its jobs commit together).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"
#include "service/policy.hpp"
#include "sla/ticket_clocks.hpp"
#include "store/job_repo.hpp"
#include "store/sla_repo.hpp"
#include "store/sql.hpp"

namespace sladesk::service {

/// Due-job kinds the clocks schedule; the scheduler fires them through ClockKeeper::Fire.
inline constexpr const char* kSlaWarningJob = "sla_warning";
inline constexpr const char* kSlaBreachJob = "sla_breach";

/// The clock timeline of a ticket from its clock history (see store::SlaRepo::ClockHistory): creation, status and
/// group changes, customer messages (replies and reopen reasons by customers) and public staff replies.
/// `current_group` is the ticket's group now (the creation event carries the group held before any change).
/// Pure.
std::vector<sla::TimelineEvent> TimelineFromHistory(std::span<const store::ClockHistoryRow> rows,
                                                    std::optional<GroupId> current_group);

/// What agreement selection needs from a ticket and its customer. Pure.
sla::TicketFacts FactsOf(const Ticket& ticket, const User& customer);

/// What one evaluation stores: the ticket_sla row and the next SLA job (the earliest planned warning or breach;
/// the scheduler plans the one after when it fires). Pure.
struct ClockRecord {
    store::StoredClocks row;
    std::optional<store::DueJob> next_job;
};
ClockRecord RecordOf(TicketId ticket, const sla::ClockEvaluation& evaluation, std::int64_t policy_revision,
                     UtcTime now);

/// A new ticket's clocks evaluated and encoded ahead of its transaction (see ClockKeeper::Prepare), with the inputs
/// they came from, so that the transaction only has to compare and store them.
struct PreparedClocks {
    std::int64_t policy_revision = 0;
    sla::TimelineEvent created;
    sla::TicketFacts facts;
    UtcTime now{};
    sla::ClockEvaluation evaluation;
    ClockRecord record;  // for ticket id 0: Open puts in the real one
};

/// Stateless; every function runs on the connection and transaction it is given.
class ClockKeeper {
 public:
    /// Evaluates the clocks of a ticket not inserted yet (its id is not needed), e.g. on a request thread with the
    /// policy and customer last seen, to take that work off the serial writer. Pure.
    static PreparedClocks Prepare(const PolicyInForce& policy, const Ticket& ticket, const User& customer, UtcTime now);
    /// Starts the clocks of a ticket just inserted (timeline: its creation only; no history read). `prepared`
    /// (optional) is stored as it is if it came from the same policy revision, ticket facts and instant as
    /// `policy`, `ticket`, `customer` and `now` (what the transaction read); otherwise the clocks are evaluated
    /// here. Schedules the ticket's first escalation job (EscalationService::ScheduleFirst). Returns the
    /// evaluation stored.
    static Result<sla::ClockEvaluation> Open(store::SqlConnection& db, const PolicyInForce& policy,
                                             const Ticket& ticket, const User& customer, UtcTime now,
                                             PreparedClocks* prepared = nullptr);
    /// Replays the ticket's history under the policy in force, stores the figures (keeping recorded breaches)
    /// and replaces its pending SLA job. Returns the evaluation.
    static Result<sla::ClockEvaluation> Refresh(store::SqlConnection& db, const PolicyInForce& policy,
                                                const Ticket& ticket, UtcTime now);
    /// The stored figures moved on to `now` (no history replay). With `customer_view` only the SLA's clocks (OLA
    /// and UC are internal). Empty if the ticket's clocks were never evaluated.
    static Result<std::vector<sla::ClockFigure>> Current(store::SqlConnection& db, const PolicyInForce& policy,
                                                         TicketId ticket, UtcTime now, bool customer_view);
    /// The same, reading the policy from `policies` only if there are figures to move on.
    static Result<std::vector<sla::ClockFigure>> Current(store::SqlConnection& db, PolicyCache& policies,
                                                         TicketId ticket, UtcTime now, bool customer_view);
    /// The same for many tickets at once (lists), in the order of `tickets`.
    static Result<std::vector<std::vector<sla::ClockFigure>>> CurrentMany(store::SqlConnection& db,
                                                                          const PolicyInForce& policy,
                                                                          std::span<const TicketId> tickets,
                                                                          UtcTime now, bool customer_view);
};

/// Moves stored figures on to `now` and drops internal ones for customers. Pure.
std::vector<sla::ClockFigure> FiguresAt(std::vector<sla::ClockFigure> stored, const sla::AgreementBook& book,
                                        UtcTime evaluated_at, UtcTime now, bool customer_view);

}  // namespace sladesk::service
