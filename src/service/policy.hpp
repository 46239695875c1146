// Business policy applied with `sladesk apply` and read by the use cases: priority matrix, customer classes and
// grades, ticket closing rules, calendars and agreements, duty rosters and escalation ladders. Stored in the
// settings table; every node reads the same.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/user.hpp"
#include "rules/burst_rule.hpp"
#include "rules/duty_roster.hpp"
#include "rules/escalation_ladder.hpp"
#include "rules/priority_matrix.hpp"
#include "sla/agreement.hpp"
#include "sla/calendar_spec.hpp"
#include "store/sql.hpp"

namespace sladesk::service {

/// A plain value; copied per use. Defaults are the seeds' (see docs/policy.md).
struct Policy {
    rules::PriorityMatrix priority_matrix = rules::PriorityMatrix::Default();
    std::vector<std::string> customer_classes{"residential", "commercial", "enterprise"};
    std::vector<std::string> customer_grades{"vip", "important", "normal"};
    int auto_close_working_days = 3;  // a resolved ticket closes by itself after this many working days
    std::vector<sla::CalendarSpec> calendars;
    std::vector<sla::Agreement> agreements;  // SLA, OLA and UC, every version
    std::vector<rules::DutyRoster> duty_rosters;              // unique names; at most one per group is used
    std::vector<rules::EscalationLadder> escalation_ladders;  // unique names; selected by rules::SelectLadder
    std::vector<rules::NoticeGrade> notice_grades = rules::DefaultNoticeGrades();  // what each notice grade demands
    std::vector<rules::BurstRule> burst_rules;  // unique names; none by default (categories are the desk's own)
};

/// The policy with its calendars and agreements compiled, as the use cases read it.
struct PolicyInForce {
    Policy policy;
    sla::AgreementBook book;
    std::int64_t revision = 0;  // increases with every SavePolicy; 0 = never applied (defaults)
};

/// Serialises `policy` to the JSON text kept in settings. Pure.
std::string EncodePolicy(const Policy& policy);
/// Parses the settings text; kInternal naming the problem if the stored text is damaged. Pure.
Result<Policy> DecodePolicy(const std::string& text);

/// The policy in force, read on the given connection (default policy if none was ever applied).
Result<Policy> LoadPolicy(store::SqlConnection& db);
/// Stores `policy` as the one in force and bumps the policy revision. kInvalidArgument if its calendars and
/// agreements do not form a valid AgreementBook (nothing is stored then).
Status SavePolicy(store::SqlConnection& db, const Policy& policy);
/// The revision of the stored policy (0 if none was ever saved).
Result<std::int64_t> LoadPolicyRevision(store::SqlConnection& db);
/// Compiles `policy` (its agreement book) for use.
Result<std::shared_ptr<const PolicyInForce>> CompilePolicy(Policy policy, std::int64_t revision);

/// Reads the policy in force, reusing the last compiled value while the stored revision is unchanged (one small
/// row read per call; decoding and compiling calendars cost milliseconds). Thread-safe.
class PolicyCache {
 public:
    Result<std::shared_ptr<const PolicyInForce>> Load(store::SqlConnection& db);

 private:
    std::mutex mu_;
    std::shared_ptr<const PolicyInForce> current_;  // guarded by mu_
};

/// kInvalidArgument unless `value` is one of `allowed`, naming `what` and the allowed names.
Status CheckOneOf(const std::string& what, const std::string& value, const std::vector<std::string>& allowed);

}  // namespace sladesk::service
