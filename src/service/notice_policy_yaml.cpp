#include "service/notice_policy_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <set>

#include "sla/work_duration.hpp"

namespace sladesk::service {
namespace {

struct Failure {
    int line;
    std::string message;
};

[[noreturn]] void Fail(const YAML::Node& node, const std::string& message) {
    throw Failure{node.Mark().line + 1, message};
}

void CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed, const std::string& where) {
    if (!node.IsMap()) Fail(node, where + " must be a mapping");
    for (const auto& entry : node) {
        const auto key = entry.first.as<std::string>();
        if (!allowed.contains(key)) Fail(entry.first, "unknown key '" + key + "' in " + where);
    }
}

std::string Text(const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar() || node.as<std::string>().empty()) Fail(node, what + " must be a non-empty text value");
    return node.as<std::string>();
}

std::string Required(const YAML::Node& parent, const char* key, const std::string& where) {
    if (!parent[key]) Fail(parent, where + " needs '" + key + "'");
    return Text(parent[key], key);
}

int Integer(const YAML::Node& node, const std::string& what, int low, int high) {
    int value = 0;
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, value)) Fail(node, what + " must be an integer");
    if (value < low || value > high) {
        Fail(node, what + " must be between " + std::to_string(low) + " and " + std::to_string(high));
    }
    return value;
}

/// Wall-clock time with a unit ("30m", "2h"); a bare number is rejected.
std::chrono::seconds Duration(const YAML::Node& node, const std::string& what) {
    const std::string text = Text(node, what);
    if (text.find_first_not_of("0123456789") == std::string::npos) {
        Fail(node, what + " needs a unit: write 30m or 2h, not '" + text + "'");
    }
    auto parsed = sla::ParseWorkDuration(text);
    if (!parsed) Fail(node, what + ": " + parsed.error().message());
    if (parsed->count() <= 0) Fail(node, what + " must be longer than zero");
    return *parsed;
}

Role RoleValue(const YAML::Node& node, const std::string& what) {
    const std::string text = Text(node, what);
    auto role = kRoleNames.Parse(text);
    if (!role || *role == Role::kCustomer || *role == Role::kAgent) {
        Fail(node, what + " must be supervisor, service_level_manager or admin, not '" + text + "'");
    }
    return *role;
}

std::vector<rules::NoticeGrade> ParseGrades(const YAML::Node& list) {
    if (!list.IsSequence() || list.size() == 0) Fail(list, "notice_grades must be a non-empty list");
    std::vector<rules::NoticeGrade> grades;
    for (const auto& node : list) {
        CheckKeys(node, {"grade", "name", "owner", "acknowledge_within", "escalate_to"}, "notice grade");
        rules::NoticeGrade grade;
        if (!node["grade"]) Fail(node, "notice grade needs 'grade' (1 = most severe)");
        grade.grade = Integer(node["grade"], "grade", 1, 9);
        grade.name = Required(node, "name", "notice grade");
        if (node["owner"]) grade.owner_role = RoleValue(node["owner"], "owner");
        if (node["acknowledge_within"]) {
            grade.acknowledge_within = Duration(node["acknowledge_within"], "acknowledge_within");
        }
        if (node["escalate_to"]) grade.escalate_to = RoleValue(node["escalate_to"], "escalate_to");
        grades.push_back(std::move(grade));
        if (auto valid = rules::ValidateNoticeGrades(grades); !valid) Fail(node, valid.error().message());
    }
    return grades;
}

void ParseThresholds(const YAML::Node& node, rules::BurstRule& rule) {
    if (!node.IsMap() || node.size() == 0) {
        Fail(node, "thresholds must map customer grades to counts, e.g. {normal: 5, vip: 3}");
    }
    for (const auto& entry : node) {
        rule.thresholds.push_back({Text(entry.first, "customer grade"), Integer(entry.second, "threshold", 1, 100000)});
    }
}

void ParseGradeTable(const YAML::Node& node, rules::BurstRule& rule) {
    if (!node.IsSequence() || node.size() == 0) {
        Fail(node, "grades must be a list of {from: COUNT, grade: G}, e.g. [{from: 1, grade: 3}, {from: 6, grade: 2}]");
    }
    for (const auto& item : node) {
        CheckKeys(item, {"from", "grade"}, "grade table entry");
        if (!item["from"] || !item["grade"]) Fail(item, "grade table entry needs 'from' and 'grade'");
        rule.grades.push_back({Integer(item["from"], "from", 1, 1000000), Integer(item["grade"], "grade", 1, 9)});
        const auto& steps = rule.grades;
        if (steps.size() > 1 && steps.back().min_count <= steps[steps.size() - 2].min_count) {
            Fail(item, "grade table 'from' counts must ascend");
        }
    }
}

BurstRuleSpec ParseRule(const YAML::Node& node) {
    CheckKeys(node, {"name", "category", "service", "kinds", "window", "thresholds", "grades"}, "burst rule");
    BurstRuleSpec spec;
    spec.line = node.Mark().line + 1;
    rules::BurstRule& rule = spec.rule;
    rule.name = Required(node, "name", "burst rule");
    rule.category = Required(node, "category", "burst rule");
    if (node["service"]) spec.service = Text(node["service"], "service");
    if (const YAML::Node kinds = node["kinds"]) {
        if (!kinds.IsSequence()) Fail(kinds, "kinds must be a list, e.g. [complaint, incident]");
        for (const auto& item : kinds) {
            const std::string text = Text(item, "kind");
            auto kind = kTicketKindNames.Parse(text);
            if (!kind) Fail(item, "kind must be incident, request, inquiry, complaint or suggestion, not '" + text + "'");
            rule.kinds.push_back(*kind);
        }
    }
    if (node["window"]) {
        rule.window = Duration(node["window"], "window");
        if (rule.window < std::chrono::minutes{1} || rule.window > std::chrono::hours{24}) {
            Fail(node["window"], "window must be between 1m and 24h");
        }
    }
    if (!node["thresholds"]) Fail(node, "burst rule '" + rule.name + "' needs thresholds");
    ParseThresholds(node["thresholds"], rule);
    if (!node["grades"]) Fail(node, "burst rule '" + rule.name + "' needs a grade table (grades:)");
    ParseGradeTable(node["grades"], rule);
    return spec;
}

}  // namespace

Result<NoticePolicySpec> ParseNoticePolicy(const YAML::Node& notice_grades, const YAML::Node& burst_rules) {
    try {
        NoticePolicySpec spec;
        if (notice_grades) spec.notice_grades = ParseGrades(notice_grades);
        if (burst_rules) {
            if (!burst_rules.IsSequence()) Fail(burst_rules, "burst_rules must be a list");
            std::set<std::string> names;
            for (const auto& item : burst_rules) {
                spec.burst_rules.push_back(ParseRule(item));
                if (!names.insert(spec.burst_rules.back().rule.name).second) {
                    Fail(item, "burst_rules: '" + spec.burst_rules.back().rule.name + "' is given twice");
                }
            }
        }
        return spec;
    } catch (const Failure& failure) {
        return Error::InvalidArgument("line " + std::to_string(failure.line) + ": " + failure.message);
    } catch (const YAML::Exception& e) {
        return Error::InvalidArgument("line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

}  // namespace sladesk::service
