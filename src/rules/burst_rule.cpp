#include "rules/burst_rule.hpp"

#include <algorithm>
#include <set>

namespace sladesk::rules {
namespace {

Error RuleError(const BurstRule& rule, const std::string& problem) {
    return Error::InvalidArgument("burst rule '" + rule.name + "': " + problem);
}

}  // namespace

bool InCategory(std::string_view subtree, std::string_view path) {
    if (subtree.empty() || path.size() < subtree.size() || path.substr(0, subtree.size()) != subtree) return false;
    return path.size() == subtree.size() || path[subtree.size()] == '/';
}

bool RuleMatches(const BurstRule& rule, const ComplaintFacts& facts) {
    if (!InCategory(rule.category, facts.category_path)) return false;
    if (rule.service && rule.service != facts.service) return false;
    return rule.kinds.empty() || std::find(rule.kinds.begin(), rule.kinds.end(), facts.kind) != rule.kinds.end();
}

std::size_t GradeRank(std::span<const std::string> grades, const std::optional<std::string>& grade) {
    const std::size_t lowest = grades.empty() ? 0 : grades.size() - 1;
    if (!grade) return lowest;
    auto found = std::find(grades.begin(), grades.end(), *grade);
    return found == grades.end() ? lowest : static_cast<std::size_t>(found - grades.begin());
}

bool ThresholdReached(const BurstRule& rule, std::span<const std::string> grades, std::span<const int> tally) {
    for (const BurstThreshold& threshold : rule.thresholds) {
        auto found = std::find(grades.begin(), grades.end(), threshold.customer_grade);
        if (found == grades.end()) continue;
        const auto rank = static_cast<std::size_t>(found - grades.begin());
        int counted = 0;  // complaints of this grade and every higher one
        for (std::size_t r = 0; r <= rank && r < tally.size(); ++r) counted += tally[r];
        if (counted >= threshold.count) return true;
    }
    return false;
}

int GradeFor(const BurstRule& rule, std::int64_t tickets) {
    if (rule.grades.empty()) return 0;
    int grade = rule.grades.front().grade;
    for (const GradeStep& step : rule.grades) {
        if (tickets >= step.min_count) grade = step.grade;
    }
    return grade;
}

int RaisedGrade(int current, int computed) {
    if (current <= 0) return computed;
    if (computed <= 0) return current;
    return std::min(current, computed);
}

Status ValidateNoticeGrades(std::span<const NoticeGrade> notice_grades) {
    std::set<int> seen;
    for (const NoticeGrade& grade : notice_grades) {
        const std::string label = "notice grade " + std::to_string(grade.grade);
        if (grade.grade < 1 || grade.grade > 9) return Error::InvalidArgument(label + ": grade must be 1..9");
        if (!seen.insert(grade.grade).second) return Error::InvalidArgument(label + " is given twice");
        if (grade.name.empty()) return Error::InvalidArgument(label + " needs a name");
        if (grade.acknowledge_within <= std::chrono::seconds::zero()) {
            return Error::InvalidArgument(label + ": acknowledge_within must be longer than zero");
        }
        if (grade.owner_role == Role::kCustomer || grade.owner_role == Role::kAgent) {
            return Error::InvalidArgument(label + ": owner must be a supervisor, service level manager or admin");
        }
    }
    return OkStatus();
}

const NoticeGrade* FindNoticeGrade(std::span<const NoticeGrade> notice_grades, int grade) {
    for (const NoticeGrade& entry : notice_grades) {
        if (entry.grade == grade) return &entry;
    }
    return nullptr;
}

Status ValidateBurstRule(const BurstRule& rule, std::span<const std::string> grades,
                         std::span<const NoticeGrade> notice_grades) {
    if (rule.name.empty()) return Error::InvalidArgument("a burst rule needs a name");
    if (rule.category.empty()) return RuleError(rule, "needs a category");
    if (rule.window < std::chrono::minutes{1} || rule.window > std::chrono::hours{24}) {
        return RuleError(rule, "window must be between 1m and 24h");
    }
    if (rule.thresholds.empty()) return RuleError(rule, "needs at least one threshold");
    for (const BurstThreshold& threshold : rule.thresholds) {
        if (threshold.count < 1) return RuleError(rule, "threshold for '" + threshold.customer_grade + "' must be >= 1");
        if (std::find(grades.begin(), grades.end(), threshold.customer_grade) == grades.end()) {
            return RuleError(rule, "threshold names customer grade '" + threshold.customer_grade +
                                       "', which is not one of the policy's customer grades");
        }
    }
    if (rule.grades.empty()) return RuleError(rule, "needs a grade table (grades: [{from: N, grade: G}, ...])");
    for (std::size_t index = 0; index < rule.grades.size(); ++index) {
        const GradeStep& step = rule.grades[index];
        if (step.min_count < 1) return RuleError(rule, "grade table counts start at 1");
        if (FindNoticeGrade(notice_grades, step.grade) == nullptr) {
            return RuleError(rule, "grade " + std::to_string(step.grade) + " is not one of notice_grades");
        }
        if (index == 0) continue;
        const GradeStep& before = rule.grades[index - 1];
        if (step.min_count <= before.min_count) return RuleError(rule, "grade table counts must ascend");
        if (step.grade > before.grade) {
            return RuleError(rule, "grade table must not become less severe as counts grow (grade " +
                                       std::to_string(before.grade) + " then " + std::to_string(step.grade) + ")");
        }
    }
    return OkStatus();
}

std::vector<NoticeGrade> DefaultNoticeGrades() {
    using std::chrono::hours;
    return {
        {1, "一级", Role::kServiceLevelManager, hours{2}, Role::kAdmin},
        {2, "二级", Role::kServiceLevelManager, hours{3}, Role::kAdmin},
        {3, "三级", Role::kSupervisor, hours{4}, Role::kServiceLevelManager},
        {4, "四级", Role::kSupervisor, hours{8}, Role::kServiceLevelManager},
    };
}

}  // namespace sladesk::rules
