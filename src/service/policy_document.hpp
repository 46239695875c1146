// Policy as code: the YAML document `sladesk apply -f` takes, parsed and validated with line numbers. Pure.
// The format is documented in docs/policy.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/user.hpp"
#include "rules/duty_roster.hpp"
#include "rules/escalation_ladder.hpp"
#include "service/notice_policy_yaml.hpp"
#include "sla/agreement.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::service {

struct GroupSpec {
    std::string name;
    GroupKind kind = GroupKind::kTeam;
    std::optional<std::string> email;
    std::vector<std::string> members;  // logins
};

struct ServiceSpec {
    std::string code;
    std::string name;
    std::string description;
    std::optional<std::string> owner_group;  // group name
};

/// Flattened category tree: `path` is the slash-joined codes from the root.
struct CategorySpec {
    std::string path;
    std::string name;
};

struct CannedSpec {
    std::string name;
    std::string language;
    std::string body;
};

struct PriorityMatrixSpec {
    std::vector<std::string> impacts;
    std::vector<std::string> urgencies;
    std::vector<std::vector<int>> cells;
    std::map<std::string, int> grade_raise;
};

/// An agreement as written. `agreement` is complete except for the ids: its scope.organisations, scope.services
/// and group stay empty until MergeIntoPolicy (policy_service.hpp) resolves the names below.
struct AgreementSpec {
    sla::Agreement agreement;
    std::vector<std::string> organisations;  // covers.organisations: organisation names (SLA only)
    std::vector<std::string> services;       // covers.services: service codes
    std::optional<std::string> group;        // OLA: an internal group's name; UC: a supplier group's name
    int line = 0;                            // 1-based line of the entry, for errors found when merging
};

/// A duty roster as written. `roster` is complete except for the ids (group, people, override persons stay 0) until
/// MergeIntoPolicy resolves the names below.
struct RosterSpec {
    rules::DutyRoster roster;
    std::string group;                          // group name
    std::vector<std::string> people;            // logins, in rotation order
    std::vector<std::string> override_logins;   // the login of each roster.overrides entry, parallel to it
    int line = 0;                               // 1-based line of the entry
};

/// The names one ladder action refers to (resolved on merge): ladder.steps[step].actions[action].
struct LadderActionNames {
    std::size_t step = 0;
    std::size_t action = 0;
    std::optional<std::string> login;  // notify (a person)
    std::optional<std::string> group;  // notify_on_call, reassign
};

/// An escalation ladder as written; services, persons and groups stay unresolved (ids 0) until MergeIntoPolicy.
struct LadderSpec {
    rules::EscalationLadder ladder;
    std::vector<std::string> services;  // covers.services: service codes
    std::vector<LadderActionNames> names;
    int line = 0;
};

/// Everything a policy file may set; absent sections leave the stored policy as it is.
struct PolicyDocument {
    std::vector<std::string> organisations;
    std::optional<std::vector<std::string>> customer_classes;
    std::optional<std::vector<std::string>> customer_grades;
    std::optional<PriorityMatrixSpec> priority_matrix;
    std::optional<int> auto_close_working_days;
    std::vector<GroupSpec> groups;
    std::vector<ServiceSpec> services;
    std::vector<CategorySpec> categories;  // parents before children
    std::vector<CannedSpec> canned_responses;
    std::vector<sla::CalendarSpec> calendars;  // each already checked by sla::Calendar::Create
    std::vector<int> calendar_lines;           // 1-based line of each calendar entry, parallel to `calendars`
    std::vector<AgreementSpec> agreements;
    std::vector<RosterSpec> duty_rosters;
    std::vector<LadderSpec> escalation_ladders;
    NoticePolicySpec notices;  // notice_grades and burst_rules (see notice_policy_yaml.hpp)
};

/// Parses YAML text. kInvalidArgument with "line N: ..." (1-based) for syntax errors, unknown keys, wrong types,
/// missing fields and values out of range; a matrix whose shape is wrong is reported here too.
/// Calendars and agreements are checked as far as the file alone allows: calendar specs (sla::Calendar::Create),
/// the reserved name "24x7", agreement fields, durations (with a unit; days rejected), priorities, duplicates.
/// Duty rosters and escalation ladders are checked likewise (rules::ValidateRoster / ValidateLadder, one trigger
/// per step, at least one action, names unique in the file); logins, groups and services resolve on merge.
Result<PolicyDocument> ParsePolicyDocument(const std::string& yaml_text);

/// "sla standard v1". Pure.
std::string AgreementLabel(const sla::Agreement& agreement);

}  // namespace sladesk::service
