// Policy as code: the YAML document `sladesk apply -f` takes, parsed and validated with line numbers. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/user.hpp"

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
};

/// Parses YAML text. kInvalidArgument with "line N: ..." (1-based) for syntax errors, unknown keys, wrong types,
/// missing fields and values out of range; a matrix whose shape is wrong is reported here too.
Result<PolicyDocument> ParsePolicyDocument(const std::string& yaml_text);

}  // namespace sladesk::service
