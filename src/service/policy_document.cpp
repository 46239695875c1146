#include "service/policy_document.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <tuple>

#include "core/utc_time.hpp"
#include "rules/priority_matrix.hpp"
#include "sla/calendar.hpp"
#include "sla/calendar_yaml.hpp"
#include "sla/work_duration.hpp"

namespace sladesk::service {
namespace {

/// A failure at a node, carrying the YAML line so the message can point at it; line 0: `message` is complete.
struct ParseFailure {
    int line;
    std::string message;
};

int LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

[[noreturn]] void Fail(const YAML::Node& node, const std::string& message) {
    throw ParseFailure{LineOf(node), message};
}

void CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed, const std::string& where) {
    if (!node.IsMap()) Fail(node, where + " must be a mapping");
    for (const auto& entry : node) {
        const std::string key = entry.first.as<std::string>();
        if (!allowed.contains(key)) Fail(entry.first, "unknown key '" + key + "' in " + where);
    }
}

std::string Text(const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar()) Fail(node, what + " must be a text value");
    const std::string value = node.as<std::string>();
    if (value.empty()) Fail(node, what + " must not be empty");
    return value;
}

std::string RequiredText(const YAML::Node& parent, const char* key, const std::string& where) {
    const YAML::Node node = parent[key];
    if (!node) Fail(parent, where + " needs '" + key + "'");
    return Text(node, std::string(key));
}

int Integer(const YAML::Node& node, const std::string& what, int low, int high) {
    int value = 0;
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, value)) Fail(node, what + " must be an integer");
    if (value < low || value > high) {
        Fail(node, what + " must be between " + std::to_string(low) + " and " + std::to_string(high));
    }
    return value;
}

std::vector<std::string> TextList(const YAML::Node& node, const std::string& what) {
    if (!node.IsSequence()) Fail(node, what + " must be a list");
    std::vector<std::string> values;
    for (const auto& item : node) values.push_back(Text(item, what + " entry"));
    return values;
}

PriorityMatrixSpec ParseMatrix(const YAML::Node& node) {
    CheckKeys(node, {"impacts", "urgencies", "matrix", "grade_raise"}, "priority_matrix");
    PriorityMatrixSpec spec;
    if (!node["impacts"] || !node["urgencies"] || !node["matrix"]) {
        Fail(node, "priority_matrix needs impacts, urgencies and matrix");
    }
    spec.impacts = TextList(node["impacts"], "impacts");
    spec.urgencies = TextList(node["urgencies"], "urgencies");
    const YAML::Node rows = node["matrix"];
    if (!rows.IsSequence()) Fail(rows, "matrix must be a list of rows");
    for (const auto& row : rows) {
        if (!row.IsSequence()) Fail(row, "each matrix row must be a list of priorities");
        std::vector<int> cells;
        for (const auto& cell : row) cells.push_back(Integer(cell, "priority", 1, 9));
        spec.cells.push_back(std::move(cells));
    }
    if (const YAML::Node raise = node["grade_raise"]) {
        if (!raise.IsMap()) Fail(raise, "grade_raise must map grades to levels");
        for (const auto& entry : raise) {
            spec.grade_raise[entry.first.as<std::string>()] = Integer(entry.second, "grade_raise level", 0, 9);
        }
    }
    auto matrix = rules::PriorityMatrix::Create(spec.impacts, spec.urgencies, spec.cells, spec.grade_raise);
    if (!matrix) Fail(node, "priority_matrix: " + matrix.error().message());
    return spec;
}

GroupSpec ParseGroup(const YAML::Node& node) {
    CheckKeys(node, {"name", "kind", "email", "members"}, "group");
    GroupSpec group;
    group.name = RequiredText(node, "name", "group");
    if (const YAML::Node kind = node["kind"]) {
        auto parsed = kGroupKindNames.Parse(Text(kind, "kind"));
        if (!parsed) Fail(kind, "group kind must be desk, team or supplier");
        group.kind = *parsed;
    }
    if (const YAML::Node email = node["email"]) group.email = Text(email, "email");
    if (const YAML::Node members = node["members"]) group.members = TextList(members, "members");
    return group;
}

ServiceSpec ParseService(const YAML::Node& node) {
    CheckKeys(node, {"code", "name", "description", "owner_group"}, "service");
    ServiceSpec service;
    service.code = RequiredText(node, "code", "service");
    service.name = RequiredText(node, "name", "service");
    if (const YAML::Node description = node["description"]) service.description = Text(description, "description");
    if (const YAML::Node owner = node["owner_group"]) service.owner_group = Text(owner, "owner_group");
    return service;
}

void ParseCategories(const YAML::Node& list, const std::string& parent_path, std::vector<CategorySpec>& out) {
    if (!list.IsSequence()) Fail(list, "categories must be a list");
    for (const auto& node : list) {
        CheckKeys(node, {"code", "name", "children"}, "category");
        const std::string code = RequiredText(node, "code", "category");
        if (code.find('/') != std::string::npos) Fail(node["code"], "category code must not contain '/'");
        const std::string path = parent_path.empty() ? code : parent_path + "/" + code;
        out.push_back({path, RequiredText(node, "name", "category")});
        if (const YAML::Node children = node["children"]) ParseCategories(children, path, out);
    }
}

CannedSpec ParseCanned(const YAML::Node& node) {
    CheckKeys(node, {"name", "language", "body"}, "canned response");
    CannedSpec canned{RequiredText(node, "name", "canned response"), "zh-CN",
                      RequiredText(node, "body", "canned response")};
    if (const YAML::Node language = node["language"]) {
        canned.language = Text(language, "language");
        if (canned.language != "zh-CN" && canned.language != "en") Fail(language, "language must be zh-CN or en");
    }
    return canned;
}

constexpr int kMaxPriority = 9;  // the priority matrix allows 1..9

/// Working time with a unit ("15m", "4h", "4h30m"); a bare number or days are rejected, zero too.
std::chrono::seconds Duration(const YAML::Node& node, const std::string& what) {
    const std::string text = Text(node, what);
    if (text.find_first_not_of("0123456789") == std::string::npos) {
        Fail(node, what + " needs a unit: write 15m, 4h or 4h30m, not '" + text + "'");
    }
    auto parsed = sla::ParseWorkDuration(text);
    if (!parsed) Fail(node, what + ": " + parsed.error().message());
    if (parsed->count() <= 0) Fail(node, what + " must be longer than zero");
    return *parsed;
}

/// A date ("2025-01-01", midnight UTC) or an ISO 8601 instant with Z or an offset.
UtcTime Instant(const YAML::Node& node, const std::string& what) {
    const std::string text = Text(node, what);
    if (auto day = sla::ParseLocalDate(text)) {
        return std::chrono::time_point_cast<std::chrono::seconds>(date::sys_days{day->time_since_epoch()});
    }
    if (auto instant = ParseIso8601(text)) return *instant;
    Fail(node, what + " must be a date (2025-01-01, UTC) or an instant (2025-01-01T00:00:00+08:00), not '" + text +
                   "'");
}

sla::PriorityTargets ParsePriorityTargets(const YAML::Node& node) {
    CheckKeys(node, {"priority", "first_response", "next_update", "resolution"}, "target");
    if (!node["priority"]) Fail(node, "target needs 'priority'");
    sla::PriorityTargets entry;
    entry.priority = Integer(node["priority"], "priority", 1, kMaxPriority);
    for (const sla::ClockTarget target :
         {sla::ClockTarget::kFirstResponse, sla::ClockTarget::kNextUpdate, sla::ClockTarget::kResolution}) {
        const std::string key(sla::kClockTargetNames.Name(target));
        const YAML::Node value = node[key];
        if (!value) continue;
        const std::chrono::seconds duration = Duration(value, key);
        switch (target) {
            case sla::ClockTarget::kFirstResponse: entry.targets.first_response = duration; break;
            case sla::ClockTarget::kNextUpdate: entry.targets.next_update = duration; break;
            case sla::ClockTarget::kResolution: entry.targets.resolution = duration; break;
        }
    }
    if (entry.targets == sla::Targets{}) {
        Fail(node, "target for priority " + std::to_string(entry.priority) +
                       " needs first_response, next_update or resolution");
    }
    return entry;
}

std::vector<sla::PriorityTargets> ParseTargetList(const YAML::Node& node, const std::string& what) {
    if (!node.IsSequence() || node.size() == 0) Fail(node, what + " must be a non-empty list of targets");
    std::vector<sla::PriorityTargets> list;
    std::set<int> priorities;
    for (const auto& item : node) {
        list.push_back(ParsePriorityTargets(item));
        if (!priorities.insert(list.back().priority).second) {
            Fail(item, what + ": priority " + std::to_string(list.back().priority) + " given twice");
        }
    }
    return list;
}

void ParseGradeOverrides(const YAML::Node& node, sla::Agreement& agreement) {
    if (!node.IsMap()) Fail(node, "grade_overrides must map customer grades to lists of targets");
    for (const auto& entry : node) {
        const std::string grade = Text(entry.first, "customer grade");
        auto list = ParseTargetList(entry.second, "grade_overrides." + grade);
        for (std::size_t index = 0; index < list.size(); ++index) {
            const int priority = list[index].priority;
            const bool has_base =
                std::any_of(agreement.targets.begin(), agreement.targets.end(),
                            [&](const sla::PriorityTargets& base) { return base.priority == priority; });
            if (!has_base) {
                Fail(entry.second[index], "grade_overrides." + grade + ": priority " + std::to_string(priority) +
                                              " has no base target to override");
            }
        }
        agreement.grade_overrides[grade] = std::move(list);
    }
}

std::vector<int> ParseWarnAt(const YAML::Node& node) {
    if (!node.IsSequence()) Fail(node, "warn_at must be a list of percentages, e.g. [75, 90]");
    std::vector<int> percents;
    for (const auto& item : node) {
        const int percent = Integer(item, "warn_at entry", 1, 99);
        if (!percents.empty() && percent <= percents.back()) Fail(item, "warn_at must be in ascending order");
        percents.push_back(percent);
    }
    return percents;
}

void ParseCovers(const YAML::Node& node, AgreementSpec& spec) {
    const bool is_sla = spec.agreement.kind == sla::AgreementKind::kSla;
    if (is_sla) {
        CheckKeys(node, {"organisations", "customer_classes", "customer_grades", "services"}, "covers");
    } else {
        CheckKeys(node, {"services"}, "covers of an OLA or UC (it covers services only)");
    }
    if (const YAML::Node n = node["organisations"]) spec.organisations = TextList(n, "organisations");
    if (const YAML::Node n = node["customer_classes"]) {
        spec.agreement.scope.customer_classes = TextList(n, "customer_classes");
    }
    if (const YAML::Node n = node["customer_grades"]) {
        spec.agreement.scope.customer_grades = TextList(n, "customer_grades");
    }
    if (const YAML::Node n = node["services"]) spec.services = TextList(n, "services");
}

template <typename Enum, std::size_t N>
Enum EnumValue(const YAML::Node& node, const std::string& what, const EnumNames<Enum, N>& names) {
    const std::string text = Text(node, what);
    if (auto value = names.Parse(text)) return *value;
    std::string allowed;
    for (const auto& [value, name] : names.entries) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    Fail(node, what + " must be one of " + allowed + ", not '" + text + "'");
}

AgreementSpec ParseAgreement(const YAML::Node& node) {
    CheckKeys(node,
              {"name", "kind", "version", "status", "calendar", "effective_from", "effective_to", "covers", "group",
               "warn_at", "targets", "grade_overrides"},
              "agreement");
    AgreementSpec spec;
    spec.line = LineOf(node);
    sla::Agreement& agreement = spec.agreement;
    agreement.name = RequiredText(node, "name", "agreement");
    if (!node["kind"]) Fail(node, "agreement needs 'kind' (sla, ola or uc)");
    agreement.kind = EnumValue(node["kind"], "kind", sla::kAgreementKindNames);
    if (const YAML::Node n = node["version"]) agreement.version = Integer(n, "version", 1, 1'000'000);
    agreement.status = sla::AgreementStatus::kActive;
    if (const YAML::Node n = node["status"]) agreement.status = EnumValue(n, "status", sla::kAgreementStatusNames);
    agreement.calendar = RequiredText(node, "calendar", "agreement");
    if (const YAML::Node n = node["effective_from"]) agreement.effective_from = Instant(n, "effective_from");
    if (const YAML::Node n = node["effective_to"]) {
        agreement.effective_to = Instant(n, "effective_to");
        if (*agreement.effective_to <= agreement.effective_from) Fail(n, "effective_to must be after effective_from");
    }
    if (const YAML::Node n = node["covers"]) ParseCovers(n, spec);
    const bool is_sla = agreement.kind == sla::AgreementKind::kSla;
    if (const YAML::Node n = node["group"]) {
        if (is_sla) Fail(n, "an SLA has no group (it is with customers); OLAs and UCs name one");
        spec.group = Text(n, "group");
    } else if (!is_sla) {
        Fail(node, "an OLA or UC needs 'group' (an internal group for an OLA, a supplier group for a UC)");
    }
    if (const YAML::Node n = node["warn_at"]) agreement.warn_at_percent = ParseWarnAt(n);
    if (!node["targets"]) Fail(node, "agreement needs 'targets'");
    agreement.targets = ParseTargetList(node["targets"], "targets");
    if (const YAML::Node n = node["grade_overrides"]) ParseGradeOverrides(n, agreement);
    return spec;
}

std::vector<AgreementSpec> ParseAgreements(const YAML::Node& node) {
    if (!node.IsSequence()) Fail(node, "agreements must be a list");
    std::vector<AgreementSpec> specs;
    std::set<std::tuple<sla::AgreementKind, std::string, int>> seen;
    for (const auto& item : node) {
        specs.push_back(ParseAgreement(item));
        const sla::Agreement& agreement = specs.back().agreement;
        if (!seen.emplace(agreement.kind, agreement.name, agreement.version).second) {
            Fail(item, "agreement " + AgreementLabel(agreement) + " is given twice");
        }
    }
    return specs;
}

// Duty rosters and escalation ladders.

/// "HH:MM" (00:00..23:59) as minutes after local midnight.
std::chrono::minutes TimeOfDay(const YAML::Node& node, const std::string& what) {
    const std::string text = Text(node, what);
    const bool shaped = text.size() == 5 && text[2] == ':' && std::isdigit(static_cast<unsigned char>(text[0])) &&
                        std::isdigit(static_cast<unsigned char>(text[1])) &&
                        std::isdigit(static_cast<unsigned char>(text[3])) &&
                        std::isdigit(static_cast<unsigned char>(text[4]));
    const int hours = shaped ? std::stoi(text.substr(0, 2)) : -1;
    const int minutes = shaped ? std::stoi(text.substr(3, 2)) : -1;
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        Fail(node, what + " must be a local time HH:MM (00:00-23:59), not '" + text + "'");
    }
    return std::chrono::hours{hours} + std::chrono::minutes{minutes};
}

/// A scalar or a list of scalars.
std::vector<std::string> OneOrMany(const YAML::Node& node, const std::string& what) {
    if (node.IsSequence()) return TextList(node, what);
    return {Text(node, what)};
}

void ParseHandover(const YAML::Node& node, rules::DutyRoster& roster) {
    CheckKeys(node, {"weekday", "time"}, "handover");
    if (const YAML::Node n = node["weekday"]) {
        const std::string text = Text(n, "handover weekday");
        const auto index = sla::ParseWeekdayName(text);
        if (!index) Fail(n, "handover weekday must be mon..sun, not '" + text + "'");
        roster.handover_weekday = date::weekday{static_cast<unsigned>(*index + 1)};  // 0 = Monday; 7 = Sunday
    }
    if (const YAML::Node n = node["time"]) roster.handover_time = TimeOfDay(n, "handover time");
}

RosterSpec ParseRoster(const YAML::Node& node) {
    CheckKeys(node, {"name", "group", "people", "rotation_days", "handover", "timezone", "start", "overrides"},
              "duty roster");
    RosterSpec spec;
    spec.line = LineOf(node);
    rules::DutyRoster& roster = spec.roster;
    roster.name = RequiredText(node, "name", "duty roster");
    spec.group = RequiredText(node, "group", "duty roster");
    if (!node["people"]) Fail(node, "duty roster needs 'people' (logins in rotation order)");
    spec.people = TextList(node["people"], "people");
    if (spec.people.empty()) Fail(node["people"], "people must name at least one login");
    roster.people.assign(spec.people.size(), UserId{});
    if (const YAML::Node n = node["rotation_days"]) roster.rotation_days = Integer(n, "rotation_days", 1, 366);
    if (const YAML::Node n = node["handover"]) ParseHandover(n, roster);
    roster.time_zone = RequiredText(node, "timezone", "duty roster");
    const std::string start = RequiredText(node, "start", "duty roster");
    const auto start_date = sla::ParseLocalDate(start);
    if (!start_date) Fail(node["start"], "start must be a date (2025-01-06), not '" + start + "'");
    roster.start_date = *start_date;
    if (const YAML::Node list = node["overrides"]) {
        if (!list.IsSequence()) Fail(list, "overrides must be a list of {login, from, to}");
        for (const auto& item : list) {
            CheckKeys(item, {"login", "from", "to"}, "override");
            spec.override_logins.push_back(RequiredText(item, "login", "override"));
            if (!item["from"] || !item["to"]) Fail(item, "override needs 'from' and 'to'");
            roster.overrides.push_back({UserId{}, Instant(item["from"], "from"), Instant(item["to"], "to")});
            if (roster.overrides.back().to <= roster.overrides.back().from) {
                Fail(item["to"], "override must end after it starts");
            }
        }
    }
    if (auto valid = rules::ValidateRoster(roster); !valid) Fail(node, valid.error().message());
    return spec;
}

void ParseTrigger(const YAML::Node& node, rules::EscalationTrigger& trigger) {
    int given = 0;
    for (const char* key : {"after", "percent", "breach", "no_acknowledgement"}) given += node[key] ? 1 : 0;
    if (given != 1) {
        Fail(node, "escalation step needs exactly one trigger: after, percent, breach or no_acknowledgement");
    }
    if (node["target"] && !node["percent"]) Fail(node["target"], "target goes with percent (breach names its own)");
    if (const YAML::Node n = node["after"]) {
        trigger.kind = rules::TriggerKind::kWorkingTime;
        trigger.after = Duration(n, "after");
    } else if (const YAML::Node ack = node["no_acknowledgement"]) {
        trigger.kind = rules::TriggerKind::kNoAcknowledgement;
        trigger.after = Duration(ack, "no_acknowledgement");
    } else if (const YAML::Node percent = node["percent"]) {
        trigger.kind = rules::TriggerKind::kPercentUsed;
        trigger.percent = Integer(percent, "percent", 1, 999);
        if (const YAML::Node target = node["target"]) {
            trigger.target = EnumValue(target, "target", sla::kClockTargetNames);
        }
    } else {
        trigger.kind = rules::TriggerKind::kBreach;
        trigger.target = EnumValue(node["breach"], "breach", sla::kClockTargetNames);
    }
}

void ParseActions(const YAML::Node& node, std::size_t step_index, LadderSpec& spec) {
    rules::EscalationStep& step = spec.ladder.steps[step_index];
    const auto add = [&](rules::ActionKind kind) -> rules::EscalationAction& {
        step.actions.push_back(rules::EscalationAction{});
        step.actions.back().kind = kind;
        return step.actions.back();
    };
    if (const YAML::Node n = node["notify_role"]) {
        for (std::size_t index = 0; index < (n.IsSequence() ? n.size() : 1); ++index) {
            const YAML::Node item = n.IsSequence() ? n[index] : n;
            add(rules::ActionKind::kNotifyRole).role = EnumValue(item, "notify_role", kRoleNames);
        }
    }
    if (const YAML::Node n = node["notify"]) {
        for (const std::string& login : OneOrMany(n, "notify")) {
            add(rules::ActionKind::kNotifyPerson).person = UserId{};
            spec.names.push_back({step_index, step.actions.size() - 1, login, std::nullopt});
        }
    }
    if (const YAML::Node n = node["notify_on_call"]) {
        for (const std::string& group : OneOrMany(n, "notify_on_call")) {
            add(rules::ActionKind::kNotifyOnCall).group = GroupId{};
            spec.names.push_back({step_index, step.actions.size() - 1, std::nullopt, group});
        }
    }
    if (const YAML::Node n = node["notify_account_manager"]) {
        bool wanted = false;
        if (!n.IsScalar() || !YAML::convert<bool>::decode(n, wanted)) Fail(n, "notify_account_manager must be true");
        if (wanted) add(rules::ActionKind::kNotifyAccountManager);
    }
    if (const YAML::Node n = node["reassign"]) {
        add(rules::ActionKind::kReassign).group = GroupId{};
        spec.names.push_back({step_index, step.actions.size() - 1, std::nullopt, Text(n, "reassign")});
    }
    if (const YAML::Node n = node["raise_priority"]) {
        add(rules::ActionKind::kRaisePriority).levels = Integer(n, "raise_priority", 1, 8);
    }
    if (step.actions.empty()) {
        Fail(node, "escalation step '" + step.name +
                       "' needs an action: notify_role, notify, notify_on_call, notify_account_manager, reassign "
                       "or raise_priority");
    }
}

void ParseLadderCovers(const YAML::Node& node, LadderSpec& spec) {
    CheckKeys(node, {"services", "priorities", "customer_grades"}, "covers of an escalation ladder");
    if (const YAML::Node n = node["services"]) spec.services = TextList(n, "services");
    if (const YAML::Node n = node["priorities"]) {
        if (!n.IsSequence()) Fail(n, "priorities must be a list");
        for (const auto& item : n) spec.ladder.priorities.push_back(Integer(item, "priority", 1, kMaxPriority));
    }
    if (const YAML::Node n = node["customer_grades"]) spec.ladder.customer_grades = TextList(n, "customer_grades");
}

LadderSpec ParseLadder(const YAML::Node& node) {
    CheckKeys(node, {"name", "covers", "steps"}, "escalation ladder");
    LadderSpec spec;
    spec.line = LineOf(node);
    spec.ladder.name = RequiredText(node, "name", "escalation ladder");
    if (const YAML::Node n = node["covers"]) ParseLadderCovers(n, spec);
    const YAML::Node steps = node["steps"];
    if (!steps || !steps.IsSequence() || steps.size() == 0) Fail(node, "escalation ladder needs a list of steps");
    for (const auto& item : steps) {
        CheckKeys(item,
                  {"name", "after", "percent", "target", "breach", "no_acknowledgement", "notify_role", "notify",
                   "notify_on_call", "notify_account_manager", "reassign", "raise_priority", "urgent"},
                  "escalation step");
        spec.ladder.steps.push_back(rules::EscalationStep{});
        spec.ladder.steps.back().name = RequiredText(item, "name", "escalation step");
        ParseTrigger(item, spec.ladder.steps.back().trigger);
        ParseActions(item, spec.ladder.steps.size() - 1, spec);
        if (const YAML::Node n = item["urgent"]) {
            if (!n.IsScalar() || !YAML::convert<bool>::decode(n, spec.ladder.steps.back().urgent)) {
                Fail(n, "urgent must be true or false");
            }
        }
    }
    if (auto valid = rules::ValidateLadder(spec.ladder); !valid) Fail(node, valid.error().message());
    return spec;
}

template <typename Spec, typename Parse, typename NameOf>
std::vector<Spec> ParseNamedList(const YAML::Node& node, const std::string& what, Parse parse, NameOf name_of) {
    if (!node.IsSequence()) Fail(node, what + " must be a list");
    std::vector<Spec> specs;
    std::set<std::string> names;
    for (const auto& item : node) {
        specs.push_back(parse(item));
        if (!names.insert(name_of(specs.back())).second) {
            Fail(item, what + ": '" + name_of(specs.back()) + "' is given twice");
        }
    }
    return specs;
}

/// Compiling a calendar only to check it: the spec is validated in full, the table covers one year only (the full
/// 2000-2100 table costs tens of milliseconds per calendar and is built when the policy is compiled).
constexpr sla::CalendarOptions kCheckOnly{2000, 2000};

/// The calendars through the shared calendar parser (same text, so the same line numbers), each compiled once
/// here so a calendar without working hours or with a date both off and on is reported with its line.
void ParseCalendars(const std::string& yaml_text, const YAML::Node& list, PolicyDocument& document) {
    auto specs = sla::ParseCalendarsYaml(yaml_text);
    if (!specs) throw ParseFailure{0, specs.error().message()};  // already "line N: calendars[i]...: ..."
    for (std::size_t index = 0; index < specs->size(); ++index) {
        const sla::CalendarSpec& spec = (*specs)[index];
        const YAML::Node entry = list[index];
        if (spec.name == sla::kAlwaysOpenCalendar) {
            Fail(entry, "calendar name '" + spec.name + "' is built in (always open, UTC); choose another name");
        }
        if (auto calendar = sla::Calendar::Create(spec, kCheckOnly); !calendar) {
            Fail(entry, "calendar " + spec.name + ": " + calendar.error().message());
        }
        document.calendar_lines.push_back(LineOf(entry));
    }
    document.calendars = std::move(*specs);
}

template <typename Spec, typename Parse>
std::vector<Spec> ParseList(const YAML::Node& node, const std::string& what, Parse parse) {
    if (!node.IsSequence()) Fail(node, what + " must be a list");
    std::vector<Spec> specs;
    for (const auto& item : node) specs.push_back(parse(item));
    return specs;
}

PolicyDocument ParseRoot(const std::string& yaml_text, const YAML::Node& root) {
    PolicyDocument document;
    if (!root || root.IsNull()) return document;
    CheckKeys(root,
              {"organisations", "customer_classes", "customer_grades", "priority_matrix", "auto_close_working_days",
               "groups", "services", "categories", "canned_responses", "calendars", "agreements", "duty_rosters",
               "escalation_ladders", "notice_grades", "burst_rules"},
              "the policy file");
    if (const YAML::Node n = root["organisations"]) document.organisations = TextList(n, "organisations");
    if (const YAML::Node n = root["customer_classes"]) document.customer_classes = TextList(n, "customer_classes");
    if (const YAML::Node n = root["customer_grades"]) document.customer_grades = TextList(n, "customer_grades");
    if (const YAML::Node n = root["priority_matrix"]) document.priority_matrix = ParseMatrix(n);
    if (const YAML::Node n = root["auto_close_working_days"]) {
        document.auto_close_working_days = Integer(n, "auto_close_working_days", 0, 365);
    }
    if (const YAML::Node n = root["groups"]) document.groups = ParseList<GroupSpec>(n, "groups", ParseGroup);
    if (const YAML::Node n = root["services"]) document.services = ParseList<ServiceSpec>(n, "services", ParseService);
    if (const YAML::Node n = root["categories"]) ParseCategories(n, "", document.categories);
    if (const YAML::Node n = root["canned_responses"]) {
        document.canned_responses = ParseList<CannedSpec>(n, "canned_responses", ParseCanned);
    }
    if (const YAML::Node n = root["calendars"]) ParseCalendars(yaml_text, n, document);
    if (const YAML::Node n = root["agreements"]) document.agreements = ParseAgreements(n);
    if (const YAML::Node n = root["duty_rosters"]) {
        document.duty_rosters = ParseNamedList<RosterSpec>(n, "duty_rosters", ParseRoster,
                                                           [](const RosterSpec& spec) { return spec.roster.name; });
    }
    if (const YAML::Node n = root["escalation_ladders"]) {
        document.escalation_ladders = ParseNamedList<LadderSpec>(
            n, "escalation_ladders", ParseLadder, [](const LadderSpec& spec) { return spec.ladder.name; });
    }
    if (root["notice_grades"] || root["burst_rules"]) {
        auto notices = ParseNoticePolicy(root["notice_grades"], root["burst_rules"]);
        if (!notices) throw ParseFailure{0, notices.error().message()};  // already "line N: ..."
        document.notices = std::move(*notices);
    }
    return document;
}

}  // namespace

Result<PolicyDocument> ParsePolicyDocument(const std::string& yaml_text) {
    try {
        return ParseRoot(yaml_text, YAML::Load(yaml_text));
    } catch (const ParseFailure& failure) {
        if (failure.line == 0) return Error::InvalidArgument(failure.message);
        return Error::InvalidArgument("line " + std::to_string(failure.line) + ": " + failure.message);
    } catch (const YAML::Exception& e) {
        return Error::InvalidArgument("line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

std::string AgreementLabel(const sla::Agreement& agreement) {
    return std::string(sla::kAgreementKindNames.Name(agreement.kind)) + " " + agreement.name + " v" +
           std::to_string(agreement.version);
}

}  // namespace sladesk::service
