// JSON mapping for duty rosters and escalation ladders as GET /api/v1/policy shows them to staff (ids, not logins
// or names: the directory endpoints resolve them).
#pragma once

#include <nlohmann/json.hpp>

#include "rules/duty_roster.hpp"
#include "rules/escalation_ladder.hpp"

namespace sladesk::http::json {

/// {"name","group","people":[ids],"rotation_days","handover":{"weekday"|null,"time":"HH:MM"},"timezone","start",
/// "overrides":[{"person","from","to"}]}; times in UTC ISO 8601.
nlohmann::json ToJson(const rules::DutyRoster& roster);
/// {"name","covers":{"services","priorities","customer_grades"},"steps":[{"name","trigger":{"kind",...},
/// "actions":[{"kind",...}]}]}; trigger "after_seconds" for working_time and no_acknowledgement, "percent" and
/// "target" for percent_used, "target" for breach.
nlohmann::json ToJson(const rules::EscalationLadder& ladder);

}  // namespace sladesk::http::json
