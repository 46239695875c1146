// Escalation ladders (升级): per service / priority / customer grade, steps that fall due on working time since
// opening, a share of an SLA target used, a breach, or no acknowledgement in time; each step notifies (a role, a
// person, a group's on-call person, the account manager), reassigns (functional escalation) or raises priority.
// Pure: the caller passes the clock figures, the book and `now`.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/ids.hpp"
#include "core/user.hpp"
#include "core/utc_time.hpp"
#include "sla/agreement.hpp"
#include "sla/ticket_clocks.hpp"

namespace sladesk::rules {

enum class TriggerKind { kWorkingTime, kPercentUsed, kBreach, kNoAcknowledgement };
inline constexpr EnumNames<TriggerKind, 4> kTriggerKindNames{{{
    {TriggerKind::kWorkingTime, "working_time"},
    {TriggerKind::kPercentUsed, "percent_used"},
    {TriggerKind::kBreach, "breach"},
    {TriggerKind::kNoAcknowledgement, "no_acknowledgement"},
}}};

/// When a step falls due.
struct EscalationTrigger {
    TriggerKind kind = TriggerKind::kWorkingTime;
    std::chrono::seconds after{};  // kWorkingTime, kNoAcknowledgement: working time since opening (SLA calendar)
    int percent = 0;               // kPercentUsed: 1..999 (over 100: past the deadline)
    sla::ClockTarget target = sla::ClockTarget::kResolution;  // kPercentUsed, kBreach: which SLA clock
    friend bool operator==(const EscalationTrigger&, const EscalationTrigger&) = default;
};

enum class ActionKind { kNotifyRole, kNotifyPerson, kNotifyOnCall, kNotifyAccountManager, kReassign, kRaisePriority };
inline constexpr EnumNames<ActionKind, 6> kActionKindNames{{{
    {ActionKind::kNotifyRole, "notify_role"},
    {ActionKind::kNotifyPerson, "notify_person"},
    {ActionKind::kNotifyOnCall, "notify_on_call"},
    {ActionKind::kNotifyAccountManager, "notify_account_manager"},
    {ActionKind::kReassign, "reassign"},
    {ActionKind::kRaisePriority, "raise_priority"},
}}};

struct EscalationAction {
    ActionKind kind = ActionKind::kNotifyRole;
    Role role = Role::kSupervisor;  // kNotifyRole
    std::optional<UserId> person;   // kNotifyPerson
    std::optional<GroupId> group;   // kNotifyOnCall (whose roster), kReassign (the new group)
    int levels = 1;                 // kRaisePriority: levels up (never above priority 1)
    friend bool operator==(const EscalationAction&, const EscalationAction&) = default;
};

struct EscalationStep {
    std::string name;  // unique in its ladder; recorded as "<ladder>/<step>"
    EscalationTrigger trigger;
    std::vector<EscalationAction> actions;
    bool urgent = false;  // its messages reach people at once, outside their working hours too (breach steps always)
    friend bool operator==(const EscalationStep&, const EscalationStep&) = default;
};

/// Scope lists: empty means any; a non-empty list must contain the ticket's value.
struct EscalationLadder {
    std::string name;
    std::vector<ServiceId> services;
    std::vector<int> priorities;
    std::vector<std::string> customer_grades;
    std::vector<EscalationStep> steps;
    friend bool operator==(const EscalationLadder&, const EscalationLadder&) = default;
};

/// kInvalidArgument naming the ladder and step: empty or repeated names, no steps or actions, a working-time
/// trigger without time, a percent outside 1..999, raise_priority levels outside 1..8, a missing person or group.
Status ValidateLadder(const EscalationLadder& ladder);

/// The ladder that covers the ticket: the one with the most non-empty scope lists that all match; ties go to the
/// name that sorts first. nullptr if none matches. Pure.
const EscalationLadder* SelectLadder(std::span<const EscalationLadder> ladders, const sla::TicketFacts& facts);

/// "<ladder>/<step>": how a taken step is recorded on the ticket. Pure.
std::string StepRecord(const EscalationLadder& ladder, const EscalationStep& step);

/// What a ticket needs from its ladder now.
struct EscalationInput {
    sla::TicketFacts facts;
    std::span<const sla::ClockFigure> figures;  // the ticket's clocks evaluated at `now`
    std::optional<UtcTime> acknowledged_at;     // first acknowledgement or public staff reply; unset: none yet
    bool open = true;                           // false once resolved or closed: nothing falls due any more
    std::span<const std::string> taken;         // StepRecord of every step already taken
    UtcTime now{};
};

struct EscalationPlan {
    const EscalationLadder* ladder = nullptr;
    std::vector<const EscalationStep*> due;  // in ladder order, not yet taken, trigger reached at `now`
    std::optional<UtcTime> next_due;         // the earliest instant a further step falls due, if it can be known
};

/// Steps now due on the selected ladder, and when the next one falls due (so the caller can schedule a job):
/// - kWorkingTime: due once `after` of working time (the SLA's calendar; 24x7 without an SLA) has passed since
///   facts.created_at — wall-clock working time, pauses do not count against it.
/// - kNoAcknowledgement: due at the same instant unless acknowledged_at is at or before it.
/// - kPercentUsed: due once the SLA clock for `target` has used `percent` of its target; while it runs, the next
///   instant is computed in its calendar; a paused or stopped clock gives none.
/// - kBreach: due once that clock is breached (state kBreached, or running past due_at); next at due_at + 1 s.
/// Steps already in `taken` never come again. A closed ticket gets nothing due and no next instant. Pure.
EscalationPlan PlanEscalation(std::span<const EscalationLadder> ladders, const sla::AgreementBook& book,
                              const EscalationInput& input);

}  // namespace sladesk::rules
