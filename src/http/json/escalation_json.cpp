#include "http/json/escalation_json.hpp"

#include <cstdio>

#include "core/utc_time.hpp"

namespace sladesk::http::json {
namespace {

constexpr const char* kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string TimeOfDay(std::chrono::minutes time) {
    char text[8];
    std::snprintf(text, sizeof(text), "%02d:%02d", static_cast<int>(time.count() / 60),
                  static_cast<int>(time.count() % 60));
    return text;
}

nlohmann::json ToJson(const rules::EscalationTrigger& trigger) {
    nlohmann::json json{{"kind", rules::kTriggerKindNames.Name(trigger.kind)}};
    switch (trigger.kind) {
        case rules::TriggerKind::kWorkingTime:
        case rules::TriggerKind::kNoAcknowledgement: json["after_seconds"] = trigger.after.count(); break;
        case rules::TriggerKind::kPercentUsed:
            json["percent"] = trigger.percent;
            json["target"] = sla::kClockTargetNames.Name(trigger.target);
            break;
        case rules::TriggerKind::kBreach: json["target"] = sla::kClockTargetNames.Name(trigger.target); break;
    }
    return json;
}

nlohmann::json ToJson(const rules::EscalationAction& action) {
    nlohmann::json json{{"kind", rules::kActionKindNames.Name(action.kind)}};
    switch (action.kind) {
        case rules::ActionKind::kNotifyRole: json["role"] = kRoleNames.Name(action.role); break;
        case rules::ActionKind::kNotifyPerson:
            if (action.person) json["person"] = action.person->value;
            break;
        case rules::ActionKind::kNotifyOnCall:
        case rules::ActionKind::kReassign:
            if (action.group) json["group"] = action.group->value;
            break;
        case rules::ActionKind::kRaisePriority: json["levels"] = action.levels; break;
        case rules::ActionKind::kNotifyAccountManager: break;
    }
    return json;
}

}  // namespace

nlohmann::json ToJson(const rules::DutyRoster& roster) {
    nlohmann::json people = nlohmann::json::array();
    for (UserId person : roster.people) people.push_back(person.value);
    nlohmann::json overrides = nlohmann::json::array();
    for (const rules::RosterOverride& entry : roster.overrides) {
        overrides.push_back({{"person", entry.person.value},
                             {"from", FormatIso8601(entry.from)},
                             {"to", FormatIso8601(entry.to)}});
    }
    nlohmann::json handover{{"weekday", nullptr}, {"time", TimeOfDay(roster.handover_time)}};
    if (roster.handover_weekday) handover["weekday"] = kWeekdays[roster.handover_weekday->c_encoding() % 7];
    return {{"name", roster.name},
            {"group", roster.group.value},
            {"people", people},
            {"rotation_days", roster.rotation_days},
            {"handover", handover},
            {"timezone", roster.time_zone},
            {"start", date::format("%F", roster.start_date)},
            {"overrides", overrides}};
}

nlohmann::json ToJson(const rules::EscalationLadder& ladder) {
    nlohmann::json services = nlohmann::json::array();
    for (ServiceId service : ladder.services) services.push_back(service.value);
    nlohmann::json steps = nlohmann::json::array();
    for (const rules::EscalationStep& step : ladder.steps) {
        nlohmann::json actions = nlohmann::json::array();
        for (const rules::EscalationAction& action : step.actions) actions.push_back(ToJson(action));
        steps.push_back(
            {{"name", step.name}, {"trigger", ToJson(step.trigger)}, {"actions", actions}, {"urgent", step.urgent}});
    }
    return {{"name", ladder.name},
            {"covers",
             {{"services", services}, {"priorities", ladder.priorities}, {"customer_grades", ladder.customer_grades}}},
            {"steps", steps}};
}

}  // namespace sladesk::http::json
