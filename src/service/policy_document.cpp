#include "service/policy_document.hpp"

#include <yaml-cpp/yaml.h>

#include <set>

#include "rules/priority_matrix.hpp"

namespace sladesk::service {
namespace {

/// A failure at a node, carrying the YAML line so the message can point at it.
struct ParseFailure {
    int line;
    std::string message;
};

int LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

[[noreturn]] void Fail(const YAML::Node& node, const std::string& message) { throw ParseFailure{LineOf(node), message}; }

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

template <typename Spec, typename Parse>
std::vector<Spec> ParseList(const YAML::Node& node, const std::string& what, Parse parse) {
    if (!node.IsSequence()) Fail(node, what + " must be a list");
    std::vector<Spec> specs;
    for (const auto& item : node) specs.push_back(parse(item));
    return specs;
}

PolicyDocument ParseRoot(const YAML::Node& root) {
    PolicyDocument document;
    if (!root || root.IsNull()) return document;
    CheckKeys(root,
              {"organisations", "customer_classes", "customer_grades", "priority_matrix", "auto_close_working_days",
               "groups", "services", "categories", "canned_responses"},
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
    return document;
}

}  // namespace

Result<PolicyDocument> ParsePolicyDocument(const std::string& yaml_text) {
    try {
        return ParseRoot(YAML::Load(yaml_text));
    } catch (const ParseFailure& failure) {
        return Error::InvalidArgument("line " + std::to_string(failure.line) + ": " + failure.message);
    } catch (const YAML::Exception& e) {
        return Error::InvalidArgument("line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

}  // namespace sladesk::service
