// Impact x urgency -> priority, with per-grade raises (the VIP rule). Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace sladesk::rules {

/// Immutable after Create(); safe to share between threads. Priority 1 is the highest.
class PriorityMatrix {
 public:
    /// `cells[i][j]` is the priority for impacts[i] x urgencies[j]. `grade_raise` names customer grades whose
    /// tickets go up that many levels (never above 1). kInvalidArgument naming the problem if the shape is wrong,
    /// a name repeats, or a priority is outside 1..9.
    static Result<PriorityMatrix> Create(std::vector<std::string> impacts, std::vector<std::string> urgencies,
                                         std::vector<std::vector<int>> cells, std::map<std::string, int> grade_raise);
    /// The default: high/medium/low both ways, priorities 1..4, VIP raised one level.
    static PriorityMatrix Default();

    /// kInvalidArgument naming the unknown impact or urgency.
    Result<int> Priority(const std::string& impact, const std::string& urgency,
                         const std::optional<std::string>& customer_grade) const;
    /// The lowest (numerically highest) priority in the matrix.
    int LowestPriority() const { return lowest_; }

    const std::vector<std::string>& impacts() const { return impacts_; }
    const std::vector<std::string>& urgencies() const { return urgencies_; }
    const std::vector<std::vector<int>>& cells() const { return cells_; }
    const std::map<std::string, int>& grade_raise() const { return grade_raise_; }

 private:
    PriorityMatrix() = default;

    std::vector<std::string> impacts_;
    std::vector<std::string> urgencies_;
    std::vector<std::vector<int>> cells_;
    std::map<std::string, int> grade_raise_;
    int lowest_ = 1;
};

}  // namespace sladesk::rules
