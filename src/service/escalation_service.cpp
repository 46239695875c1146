#include "service/escalation_service.hpp"

#include <algorithm>

#include "rules/duty_roster.hpp"
#include "rules/escalation_ladder.hpp"
#include "service/clock_keeper.hpp"
#include "service/detail/history.hpp"
#include "store/directory_repo.hpp"
#include "store/sla_repo.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::service {
namespace {

bool IsOpen(TicketStatus status) { return status != TicketStatus::kResolved && status != TicketStatus::kClosed; }

/// The first acknowledgement: a status change away from new, or a public staff reply.
std::optional<UtcTime> AcknowledgedAt(std::span<const sla::TimelineEvent> timeline) {
    for (const sla::TimelineEvent& event : timeline) {
        if (event.kind == sla::TimelineEvent::Kind::kAgentReply) return event.at;
        if (event.kind == sla::TimelineEvent::Kind::kStatus && event.status != TicketStatus::kNew) return event.at;
    }
    return std::nullopt;
}

/// The person on call for `group` at `now`: the first roster of that group that names someone.
std::optional<UserId> OnCallFor(const PolicyInForce& policy, std::optional<GroupId> group, UtcTime now) {
    for (const rules::DutyRoster& roster : policy.policy.duty_rosters) {
        if (roster.group != group) continue;
        if (auto person = rules::OnCall(roster, now)) return person;
    }
    return std::nullopt;
}

/// Who a notify action reaches, as text for the history ("" when nobody: no roster person, no account manager).
std::string NotifyTarget(const PolicyInForce& policy, const rules::EscalationAction& action, const User& customer,
                         UtcTime now) {
    switch (action.kind) {
        case rules::ActionKind::kNotifyRole: return "role " + std::string(kRoleNames.Name(action.role));
        case rules::ActionKind::kNotifyPerson: return "user " + std::to_string(action.person->value);
        case rules::ActionKind::kNotifyOnCall: {
            const auto person = OnCallFor(policy, action.group, now);
            return person ? "user " + std::to_string(person->value) : "";
        }
        case rules::ActionKind::kNotifyAccountManager:
            return customer.account_manager_id ? "user " + std::to_string(customer.account_manager_id->value) : "";
        case rules::ActionKind::kReassign:
        case rules::ActionKind::kRaisePriority: return "";
    }
    return "";
}

/// Staff who can be told: active, not customers (a ladder or roster may name someone since deactivated).
bool Reachable(const User& user) { return user.active && user.role != Role::kCustomer; }

/// Appends the people a notify action reaches to `out`: every active user of the role (paged), the named person,
/// the group's on-call person at `now`, the customer's account manager. A named user who no longer exists is
/// skipped, not an error: the step is still taken and recorded.
Status AddRecipients(store::SqlConnection& db, const PolicyInForce& policy, const rules::EscalationAction& action,
                     const User& customer, UtcTime now, std::vector<NotificationService::EscalationRecipient>& out) {
    constexpr int kPage = 500;
    const auto add_user = [&](std::optional<UserId> id) -> Status {
        if (!id) return OkStatus();
        auto user = store::DirectoryRepo::GetUser(db, *id);
        if (!user) return user.error().Is(ErrorCode::kNotFound) ? OkStatus() : Status(user.error());
        if (Reachable(*user)) out.push_back({std::move(*user), action});
        return OkStatus();
    };
    switch (action.kind) {
        case rules::ActionKind::kNotifyRole: {
            std::int64_t after_id = 0;
            for (;;) {
                SLADESK_ASSIGN_OR_RETURN(auto page, store::DirectoryRepo::ListUsers(db, action.role, after_id, kPage));
                for (User& user : page) {
                    after_id = user.id.value;
                    if (Reachable(user)) out.push_back({std::move(user), action});
                }
                if (page.size() < static_cast<std::size_t>(kPage)) return OkStatus();
            }
        }
        case rules::ActionKind::kNotifyPerson: return add_user(action.person);
        case rules::ActionKind::kNotifyOnCall: return add_user(OnCallFor(policy, action.group, now));
        case rules::ActionKind::kNotifyAccountManager: return add_user(customer.account_manager_id);
        case rules::ActionKind::kReassign:
        case rules::ActionKind::kRaisePriority: return OkStatus();
    }
    return OkStatus();
}

/// The steps taken so far (history) and the plan at `now`; `customer` receives the ticket's customer.
Result<rules::EscalationPlan> PlanFor(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                                      const sla::ClockEvaluation& clocks, UtcTime now, User& customer) {
    SLADESK_ASSIGN_OR_RETURN(customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
    SLADESK_ASSIGN_OR_RETURN(auto rows, store::SlaRepo::ClockHistory(db, ticket.id));
    const auto timeline = TimelineFromHistory(rows, ticket.group_id);
    SLADESK_ASSIGN_OR_RETURN(auto history, store::TicketRepo::History(db, ticket.id));
    std::vector<std::string> taken;
    for (const HistoryEntry& entry : history) {
        if (entry.field == kEscalationField && entry.new_value) taken.push_back(*entry.new_value);
    }
    const rules::EscalationInput input{FactsOf(ticket, customer), clocks.figures, AcknowledgedAt(timeline),
                                       IsOpen(ticket.status), taken, now};
    return rules::PlanEscalation(policy.policy.escalation_ladders, policy.book, input);
}

Status ReplaceJob(store::SqlConnection& db, TicketId ticket, std::optional<UtcTime> due_at, UtcTime now) {
    SLADESK_TRY(store::JobRepo::CancelPendingForTicket(db, ticket, kEscalationJob, now));
    if (!due_at) return OkStatus();
    store::DueJob job;
    job.kind = kEscalationJob;
    job.ticket_id = ticket;
    job.job_key = "escalation";
    job.due_at = *due_at;
    job.created_at = now;
    SLADESK_TRY(store::JobRepo::Schedule(db, job));
    return OkStatus();
}

}  // namespace

Status EscalationService::ScheduleNext(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                                       const sla::ClockEvaluation& clocks, UtcTime now) {
    if (policy.policy.escalation_ladders.empty()) return OkStatus();  // no ladder: no reads on this hot path
    User customer;
    SLADESK_ASSIGN_OR_RETURN(const rules::EscalationPlan plan, PlanFor(db, policy, ticket, clocks, now, customer));
    return ReplaceJob(db, ticket.id, plan.due.empty() ? plan.next_due : std::optional<UtcTime>(now), now);
}

Status EscalationService::ScheduleFirst(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                                        const User& customer, const sla::ClockEvaluation& clocks, UtcTime now) {
    if (policy.policy.escalation_ladders.empty()) return OkStatus();
    const rules::EscalationInput input{FactsOf(ticket, customer), clocks.figures, std::nullopt, IsOpen(ticket.status),
                                       {}, now};
    const rules::EscalationPlan plan = rules::PlanEscalation(policy.policy.escalation_ladders, policy.book, input);
    const std::optional<UtcTime> due_at = plan.due.empty() ? plan.next_due : std::optional<UtcTime>(now);
    if (!due_at) return OkStatus();
    store::DueJob job;
    job.kind = kEscalationJob;
    job.ticket_id = ticket.id;
    job.job_key = "escalation";
    job.due_at = *due_at;
    job.created_at = now;
    SLADESK_TRY(store::JobRepo::Schedule(db, job));
    return OkStatus();
}

Status EscalationService::Escalate(store::SqlConnection& db, const PolicyInForce& policy, Ticket ticket,
                                   const sla::ClockEvaluation& clocks, UtcTime now,
                                   const NotificationService* notifications) {
    User customer;
    SLADESK_ASSIGN_OR_RETURN(const rules::EscalationPlan plan, PlanFor(db, policy, ticket, clocks, now, customer));
    const Ticket before = ticket;
    for (const rules::EscalationStep* step : plan.due) {
        const std::string record = rules::StepRecord(*plan.ladder, *step);
        SLADESK_TRY(detail::RecordChange(db, ticket.id, std::nullopt, now, kEscalationField, std::nullopt, record));
        std::vector<NotificationService::EscalationRecipient> recipients;
        bool notifies = false;
        for (const rules::EscalationAction& action : step->actions) {
            if (action.kind == rules::ActionKind::kReassign) {
                ticket.group_id = action.group;
            } else if (action.kind == rules::ActionKind::kRaisePriority) {
                ticket.priority = std::max(1, ticket.priority - action.levels);
            } else {
                const std::string target = NotifyTarget(policy, action, customer, now);
                const std::string value = record + " " + std::string(rules::kActionKindNames.Name(action.kind)) +
                                          (target.empty() ? " (nobody)" : " " + target);
                SLADESK_TRY(detail::RecordChange(db, ticket.id, std::nullopt, now, kEscalationNotifyField,
                                                 std::nullopt, value));
                notifies = true;
                if (notifications) SLADESK_TRY(AddRecipients(db, policy, action, customer, now, recipients));
            }
        }
        // Robots and webhooks hear of every notifying step, even when no person could be found for it.
        if (notifications && notifies) {
            SLADESK_TRY(
                notifications->OnEscalationStep(db, policy, ticket, *plan.ladder, *step, recipients, clocks, now));
        }
    }
    if (ticket.group_id != before.group_id || ticket.priority != before.priority) {
        SLADESK_TRY(detail::RecordChange(db, ticket.id, std::nullopt, now, "group", detail::IdText(before.group_id),
                                         detail::IdText(ticket.group_id)));
        SLADESK_TRY(detail::RecordChange(db, ticket.id, std::nullopt, now, "priority",
                                         std::to_string(before.priority), std::to_string(ticket.priority)));
        ticket.updated_at = now;
        SLADESK_ASSIGN_OR_RETURN(ticket.version, store::TicketRepo::Update(db, ticket));
        SLADESK_TRY(ClockKeeper::Refresh(db, policy, ticket, now));  // new group or priority: new clocks
    }
    return ReplaceJob(db, ticket.id, plan.next_due, now);
}

Status EscalationService::FireEscalationJob(const store::DueJob& job) {
    if (!job.ticket_id) return Error::InvalidArgument("job " + std::to_string(job.id) + " names no ticket");
    const UtcTime now = clock_.Now();
    return store_.Write([&](store::SqlConnection& db) -> Status {
        auto ticket = store::TicketRepo::Get(db, *job.ticket_id);
        if (!ticket) {
            if (ticket.error().Is(ErrorCode::kNotFound)) return OkStatus();
            return ticket.error();
        }
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(auto clocks, ClockKeeper::Refresh(db, *policy, *ticket, now));
        return Escalate(db, *policy, *ticket, clocks, now, notifications_);
    });
}

}  // namespace sladesk::service
