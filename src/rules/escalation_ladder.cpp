#include "rules/escalation_ladder.hpp"

#include <algorithm>
#include <set>

namespace sladesk::rules {
namespace {

constexpr int kMaxPercent = 999;
constexpr int kMaxRaise = 8;

template <typename T>
bool ListMatches(const std::vector<T>& list, const std::optional<T>& value) {
    return list.empty() || (value && std::find(list.begin(), list.end(), *value) != list.end());
}

int Specificity(const EscalationLadder& ladder) {
    return static_cast<int>(!ladder.services.empty()) + static_cast<int>(!ladder.priorities.empty()) +
           static_cast<int>(!ladder.customer_grades.empty());
}

Status ValidateAction(const EscalationAction& action, const std::string& where) {
    switch (action.kind) {
        case ActionKind::kNotifyPerson:
            if (!action.person) return Error::InvalidArgument(where + "notify_person needs a person");
            break;
        case ActionKind::kNotifyOnCall:
        case ActionKind::kReassign:
            if (!action.group) {
                return Error::InvalidArgument(where + std::string(kActionKindNames.Name(action.kind)) +
                                              " needs a group");
            }
            break;
        case ActionKind::kRaisePriority:
            if (action.levels < 1 || action.levels > kMaxRaise) {
                return Error::InvalidArgument(where + "raise_priority levels must be between 1 and 8");
            }
            break;
        case ActionKind::kNotifyRole:
        case ActionKind::kNotifyAccountManager:
            break;
    }
    return OkStatus();
}

Status ValidateStep(const EscalationStep& step, const std::string& ladder_where) {
    if (step.name.empty()) return Error::InvalidArgument(ladder_where + "a step needs a name");
    const std::string where = ladder_where + "step '" + step.name + "': ";
    const EscalationTrigger& trigger = step.trigger;
    const bool timed = trigger.kind == TriggerKind::kWorkingTime || trigger.kind == TriggerKind::kNoAcknowledgement;
    if (timed && trigger.after <= std::chrono::seconds{0}) {
        return Error::InvalidArgument(where + "the trigger needs a working time longer than zero");
    }
    if (trigger.kind == TriggerKind::kPercentUsed && (trigger.percent < 1 || trigger.percent > kMaxPercent)) {
        return Error::InvalidArgument(where + "percent must be between 1 and 999");
    }
    if (step.actions.empty()) return Error::InvalidArgument(where + "a step needs at least one action");
    for (const EscalationAction& action : step.actions) SLADESK_TRY(ValidateAction(action, where));
    return OkStatus();
}

const sla::ClockFigure* SlaFigure(std::span<const sla::ClockFigure> figures, sla::ClockTarget target) {
    for (const sla::ClockFigure& figure : figures) {
        if (figure.key.scope == sla::AgreementKind::kSla && figure.key.target == target) return &figure;
    }
    return nullptr;
}

bool Counting(const sla::ClockFigure& figure) { return figure.running || figure.state == sla::ClockState::kRunning; }

/// Whether the trigger is reached at `now`, and otherwise the instant it will be (if known).
struct TriggerState {
    bool reached = false;
    std::optional<UtcTime> at;
};

TriggerState Evaluate(const EscalationTrigger& trigger, const sla::AgreementBook& book, const sla::Calendar& calendar,
                      const EscalationInput& input) {
    TriggerState state;
    switch (trigger.kind) {
        case TriggerKind::kWorkingTime:
        case TriggerKind::kNoAcknowledgement: {
            const UtcTime at = calendar.AddWorkingTime(input.facts.created_at, trigger.after);
            const bool acknowledged_in_time = input.acknowledged_at && *input.acknowledged_at <= at;
            if (trigger.kind == TriggerKind::kNoAcknowledgement && acknowledged_in_time) {
                return state;  // acknowledged in time: never due
            }
            state.reached = input.now >= at;
            state.at = at;
            return state;
        }
        case TriggerKind::kPercentUsed: {
            const sla::ClockFigure* figure = SlaFigure(input.figures, trigger.target);
            if (figure == nullptr || figure->target <= std::chrono::seconds{0}) return state;
            // Working time needed for the threshold, rounded up to a second (as warnings are).
            const std::chrono::seconds needed{(figure->target.count() * trigger.percent + 99) / 100};
            state.reached = figure->elapsed >= needed;
            const sla::Calendar* clock_calendar = book.FindCalendar(figure->calendar);
            if (!state.reached && Counting(*figure) && clock_calendar != nullptr) {
                state.at = clock_calendar->AddWorkingTime(input.now, needed - figure->elapsed);
            }
            return state;
        }
        case TriggerKind::kBreach: {
            const sla::ClockFigure* figure = SlaFigure(input.figures, trigger.target);
            if (figure == nullptr) return state;
            if (figure->state == sla::ClockState::kBreached) {
                state.reached = true;
            } else if (Counting(*figure) && figure->due_at) {
                state.reached = input.now > *figure->due_at;
                state.at = *figure->due_at + std::chrono::seconds{1};
            }
            return state;
        }
    }
    return state;
}

}  // namespace

Status ValidateLadder(const EscalationLadder& ladder) {
    if (ladder.name.empty()) return Error::InvalidArgument("escalation ladder needs a name");
    const std::string where = "escalation ladder '" + ladder.name + "': ";
    if (ladder.name.find('/') != std::string::npos) return Error::InvalidArgument(where + "name must not contain '/'");
    if (ladder.steps.empty()) return Error::InvalidArgument(where + "needs at least one step");
    std::set<std::string> names;
    for (const EscalationStep& step : ladder.steps) {
        SLADESK_TRY(ValidateStep(step, where));
        if (!names.insert(step.name).second) {
            return Error::InvalidArgument(where + "step '" + step.name + "' is given twice");
        }
    }
    return OkStatus();
}

const EscalationLadder* SelectLadder(std::span<const EscalationLadder> ladders, const sla::TicketFacts& facts) {
    const EscalationLadder* best = nullptr;
    for (const EscalationLadder& ladder : ladders) {
        const bool matches = ListMatches(ladder.services, facts.service) &&
                             ListMatches(ladder.priorities, std::optional<int>(facts.priority)) &&
                             ListMatches(ladder.customer_grades, std::optional<std::string>(facts.customer_grade));
        if (!matches) continue;
        if (best == nullptr || Specificity(ladder) > Specificity(*best) ||
            (Specificity(ladder) == Specificity(*best) && ladder.name < best->name)) {
            best = &ladder;
        }
    }
    return best;
}

std::string StepRecord(const EscalationLadder& ladder, const EscalationStep& step) {
    return ladder.name + "/" + step.name;
}

EscalationPlan PlanEscalation(std::span<const EscalationLadder> ladders, const sla::AgreementBook& book,
                              const EscalationInput& input) {
    EscalationPlan plan;
    plan.ladder = SelectLadder(ladders, input.facts);
    if (plan.ladder == nullptr || !input.open) return plan;
    const sla::Agreement* agreement = book.SelectSla(input.facts);
    const sla::Calendar* calendar = agreement ? book.FindCalendar(agreement->calendar) : nullptr;
    if (calendar == nullptr) calendar = book.FindCalendar(sla::kAlwaysOpenCalendar);
    for (const EscalationStep& step : plan.ladder->steps) {
        const std::string record = StepRecord(*plan.ladder, step);
        if (std::find(input.taken.begin(), input.taken.end(), record) != input.taken.end()) continue;
        const TriggerState state = Evaluate(step.trigger, book, *calendar, input);
        if (state.reached) {
            plan.due.push_back(&step);
        } else if (state.at && (!plan.next_due || *state.at < *plan.next_due)) {
            plan.next_due = std::max(*state.at, input.now);
        }
    }
    return plan;
}

}  // namespace sladesk::rules
