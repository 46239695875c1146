// The notice sections of a policy file: notice_grades (what each grade demands) and burst_rules. Pure.
// The format is documented in docs/notices.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "rules/burst_rule.hpp"

namespace YAML {
class Node;
}

namespace sladesk::service {

/// A burst rule as written; `rule.service` stays unset until MergeIntoPolicy resolves `service` (a service code).
struct BurstRuleSpec {
    rules::BurstRule rule;
    std::optional<std::string> service;
    int line = 0;  // 1-based line of the entry
};

struct NoticePolicySpec {
    std::optional<std::vector<rules::NoticeGrade>> notice_grades;  // replaces the whole table when given
    std::vector<BurstRuleSpec> burst_rules;                         // each replaces the rule of the same name
};

/// Parses the `notice_grades` and `burst_rules` nodes (either may be undefined). kInvalidArgument "line N: ..." for
/// unknown keys, wrong types, missing fields, durations without a unit, duplicate names or grades, an empty
/// threshold map, a grade table out of order. Threshold grades and table grades are checked against the policy
/// on merge (rules::ValidateBurstRule), since the customer grades may come from another file.
Result<NoticePolicySpec> ParseNoticePolicy(const YAML::Node& notice_grades, const YAML::Node& burst_rules);

}  // namespace sladesk::service
