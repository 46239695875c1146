// The notice grades and burst rules as JSON inside the stored policy (settings). Internal to service/.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "core/result.hpp"
#include "rules/burst_rule.hpp"

namespace sladesk::service::detail {

/// {"grades": [...], "burst_rules": [...]}: durations in seconds, roles and kinds by name, ids as numbers. Pure.
nlohmann::json NoticePolicyJson(const std::vector<rules::NoticeGrade>& grades,
                                const std::vector<rules::BurstRule>& rules);

/// Reads what NoticePolicyJson wrote into `grades` and `rules` (replacing them). kInternal naming an unknown role
/// or kind; nlohmann exceptions for a wrong shape (the caller catches them). Pure.
Status NoticePolicyFrom(const nlohmann::json& value, std::vector<rules::NoticeGrade>& grades,
                        std::vector<rules::BurstRule>& rules);

}  // namespace sladesk::service::detail
