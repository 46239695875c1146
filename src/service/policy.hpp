// Business policy applied with `sladesk apply` and read by the use cases: priority matrix, customer classes and
// grades, ticket closing rules. Stored in the settings table; every node reads the same.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/user.hpp"
#include "rules/priority_matrix.hpp"
#include "store/sql.hpp"

namespace sladesk::service {

/// A plain value; copied per use. Defaults are the seeds' (see docs/policy.md).
struct Policy {
    rules::PriorityMatrix priority_matrix = rules::PriorityMatrix::Default();
    std::vector<std::string> customer_classes{"residential", "commercial", "enterprise"};
    std::vector<std::string> customer_grades{"vip", "important", "normal"};
    int auto_close_working_days = 3;  // a resolved ticket closes by itself after this many working days
};

/// Serialises `policy` to the JSON text kept in settings. Pure.
std::string EncodePolicy(const Policy& policy);
/// Parses the settings text; kInternal naming the problem if the stored text is damaged. Pure.
Result<Policy> DecodePolicy(const std::string& text);

/// The policy in force, read on the given connection (default policy if none was ever applied).
Result<Policy> LoadPolicy(store::SqlConnection& db);
/// Stores `policy` as the one in force.
Status SavePolicy(store::SqlConnection& db, const Policy& policy);

/// Reads the policy in force, reusing the last decoded value while the stored text is unchanged (decoding costs
/// more than the one-row read). Thread-safe.
class PolicyCache {
 public:
    Result<Policy> Load(store::SqlConnection& db);

 private:
    std::mutex mu_;
    std::optional<std::string> text_;  // guarded by mu_; the stored text `policy_` was decoded from
    Policy policy_;                     // guarded by mu_
};

/// kInvalidArgument unless `value` is one of `allowed`, naming `what` and the allowed names.
Status CheckOneOf(const std::string& what, const std::string& value, const std::vector<std::string>& allowed);

}  // namespace sladesk::service
