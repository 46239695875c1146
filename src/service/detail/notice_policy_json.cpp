#include "service/detail/notice_policy_json.hpp"

namespace sladesk::service::detail {

using nlohmann::json;

json NoticePolicyJson(const std::vector<rules::NoticeGrade>& grades, const std::vector<rules::BurstRule>& rules) {
    json grade_list = json::array();
    for (const rules::NoticeGrade& grade : grades) {
        grade_list.push_back({{"grade", grade.grade},
                              {"name", grade.name},
                              {"owner", kRoleNames.Name(grade.owner_role)},
                              {"acknowledge_within", grade.acknowledge_within.count()},
                              {"escalate_to", kRoleNames.Name(grade.escalate_to)}});
    }
    json rule_list = json::array();
    for (const rules::BurstRule& rule : rules) {
        json kinds = json::array();
        for (const TicketKind kind : rule.kinds) kinds.push_back(kTicketKindNames.Name(kind));
        json thresholds = json::array();
        for (const rules::BurstThreshold& threshold : rule.thresholds) {
            thresholds.push_back({{"customer_grade", threshold.customer_grade}, {"count", threshold.count}});
        }
        json steps = json::array();
        for (const rules::GradeStep& step : rule.grades) steps.push_back({{"from", step.min_count}, {"grade", step.grade}});
        json entry{{"name", rule.name},         {"category", rule.category},     {"kinds", kinds},
                   {"window", rule.window.count()}, {"thresholds", thresholds}, {"grades", steps}};
        if (rule.service) entry["service"] = rule.service->value;
        rule_list.push_back(std::move(entry));
    }
    return {{"grades", grade_list}, {"burst_rules", rule_list}};
}

Status NoticePolicyFrom(const json& value, std::vector<rules::NoticeGrade>& grades,
                        std::vector<rules::BurstRule>& rules) {
    const auto role = [](const json& name) -> Result<Role> {
        auto parsed = kRoleNames.Parse(name.get<std::string>());
        if (!parsed) return Error::Internal("unknown role '" + name.get<std::string>() + "' in notice grades");
        return *parsed;
    };
    grades.clear();
    for (const json& item : value.at("grades")) {
        rules::NoticeGrade grade;
        grade.grade = item.at("grade").get<int>();
        grade.name = item.at("name").get<std::string>();
        SLADESK_ASSIGN_OR_RETURN(grade.owner_role, role(item.at("owner")));
        grade.acknowledge_within = std::chrono::seconds{item.at("acknowledge_within").get<std::int64_t>()};
        SLADESK_ASSIGN_OR_RETURN(grade.escalate_to, role(item.at("escalate_to")));
        grades.push_back(std::move(grade));
    }
    rules.clear();
    for (const json& item : value.at("burst_rules")) {
        rules::BurstRule rule;
        rule.name = item.at("name").get<std::string>();
        rule.category = item.at("category").get<std::string>();
        if (item.contains("service")) rule.service = ServiceId{item.at("service").get<std::int64_t>()};
        for (const json& kind : item.at("kinds")) {
            auto parsed = kTicketKindNames.Parse(kind.get<std::string>());
            if (!parsed) return Error::Internal("unknown ticket kind in burst rule '" + rule.name + "'");
            rule.kinds.push_back(*parsed);
        }
        rule.window = std::chrono::seconds{item.at("window").get<std::int64_t>()};
        for (const json& threshold : item.at("thresholds")) {
            rule.thresholds.push_back(
                {threshold.at("customer_grade").get<std::string>(), threshold.at("count").get<int>()});
        }
        for (const json& step : item.at("grades")) {
            rule.grades.push_back({step.at("from").get<int>(), step.at("grade").get<int>()});
        }
        rules.push_back(std::move(rule));
    }
    return OkStatus();
}

}  // namespace sladesk::service::detail
