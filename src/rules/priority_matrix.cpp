#include "rules/priority_matrix.hpp"

#include <algorithm>
#include <set>

namespace sladesk::rules {
namespace {

constexpr int kHighestPriority = 1;
constexpr int kMaxPriorityLevel = 9;

Status CheckUnique(const std::vector<std::string>& names, const char* what) {
    if (names.empty()) return Error::InvalidArgument(std::string(what) + " must not be empty");
    std::set<std::string> seen;
    for (const auto& name : names) {
        if (name.empty()) return Error::InvalidArgument(std::string(what) + " contains an empty name");
        if (!seen.insert(name).second) return Error::InvalidArgument(std::string(what) + " repeats '" + name + "'");
    }
    return OkStatus();
}

std::optional<std::size_t> IndexOf(const std::vector<std::string>& names, const std::string& name) {
    auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) return std::nullopt;
    return static_cast<std::size_t>(found - names.begin());
}

}  // namespace

Result<PriorityMatrix> PriorityMatrix::Create(std::vector<std::string> impacts, std::vector<std::string> urgencies,
                                              std::vector<std::vector<int>> cells,
                                              std::map<std::string, int> grade_raise) {
    SLADESK_TRY(CheckUnique(impacts, "impacts"));
    SLADESK_TRY(CheckUnique(urgencies, "urgencies"));
    if (cells.size() != impacts.size()) {
        return Error::InvalidArgument("matrix has " + std::to_string(cells.size()) + " rows, expected one per impact (" +
                                      std::to_string(impacts.size()) + ")");
    }
    PriorityMatrix matrix;
    for (std::size_t row = 0; row < cells.size(); ++row) {
        if (cells[row].size() != urgencies.size()) {
            return Error::InvalidArgument("matrix row " + std::to_string(row + 1) + " has " +
                                          std::to_string(cells[row].size()) + " cells, expected one per urgency (" +
                                          std::to_string(urgencies.size()) + ")");
        }
        for (int priority : cells[row]) {
            if (priority < kHighestPriority || priority > kMaxPriorityLevel) {
                return Error::InvalidArgument("priority " + std::to_string(priority) + " in matrix row " +
                                              std::to_string(row + 1) + " is outside 1..9");
            }
            matrix.lowest_ = std::max(matrix.lowest_, priority);
        }
    }
    for (const auto& [grade, raise] : grade_raise) {
        if (raise < 0 || raise > kMaxPriorityLevel) {
            return Error::InvalidArgument("grade_raise for '" + grade + "' must be between 0 and 9");
        }
    }
    matrix.impacts_ = std::move(impacts);
    matrix.urgencies_ = std::move(urgencies);
    matrix.cells_ = std::move(cells);
    matrix.grade_raise_ = std::move(grade_raise);
    return matrix;
}

PriorityMatrix PriorityMatrix::Default() {
    return *Create({"high", "medium", "low"}, {"high", "medium", "low"}, {{1, 2, 3}, {2, 3, 4}, {3, 4, 4}},
                   {{"vip", 1}});
}

Result<int> PriorityMatrix::Priority(const std::string& impact, const std::string& urgency,
                                     const std::optional<std::string>& customer_grade) const {
    const auto row = IndexOf(impacts_, impact);
    if (!row) return Error::InvalidArgument("unknown impact '" + impact + "'");
    const auto column = IndexOf(urgencies_, urgency);
    if (!column) return Error::InvalidArgument("unknown urgency '" + urgency + "'");
    int priority = cells_[*row][*column];
    if (customer_grade) {
        if (auto raise = grade_raise_.find(*customer_grade); raise != grade_raise_.end()) {
            priority = std::max(kHighestPriority, priority - raise->second);
        }
    }
    return priority;
}

}  // namespace sladesk::rules
