// The burst engine over a stream of complaints, in memory: per rule a sliding window of the complaints not yet on
// a notice, the notice each rule has open, and its grade. Replays complaint files in tests and benchmarks; the
// service applies the same rule functions (burst_rule.hpp) to the tickets in the database. Pure.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/utc_time.hpp"
#include "rules/burst_rule.hpp"

namespace sladesk::rules {

/// One complaint as the engine sees it: an id of the caller's, its arrival and its facts.
struct Complaint {
    std::int64_t id = 0;
    UtcTime at;
    std::string category_path;
    std::optional<ServiceId> service;
    TicketKind kind = TicketKind::kComplaint;
    std::optional<std::string> customer_grade;
};

enum class BurstEventKind { kOpened, kLinked, kGradeRaised };

/// What a complaint caused. `notice` numbers the engine's notices from 1 in opening order.
struct BurstEvent {
    BurstEventKind kind = BurstEventKind::kOpened;
    std::size_t rule = 0;           // index into the engine's rules
    std::int64_t notice = 0;
    int grade = 0;                  // the notice's grade after the event
    std::int64_t tickets = 0;       // tickets on the notice after the event
    std::vector<std::int64_t> complaints;  // kOpened: every complaint of the window; kLinked: the one linked
};

/// Not thread-safe; one stream per engine. Complaints must arrive in non-decreasing time order.
class BurstDetector {
 public:
    /// `grades`: the policy's customer grades, highest first. Rules are used as given (validate them first).
    BurstDetector(std::vector<BurstRule> rules, std::vector<std::string> grades);

    /// Feeds one complaint; appends what it caused to `events` (one entry per rule it touched).
    void Add(const Complaint& complaint, std::vector<BurstEvent>& events);
    /// The notice of rule `rule` was resolved: the rule's next complaints start a new window.
    void CloseNotice(std::size_t rule);
    /// Whether rule `rule` has a notice open.
    bool HasOpenNotice(std::size_t rule) const { return states_.at(rule).notice != 0; }

 private:
    struct Pending {
        UtcTime at;
        std::size_t rank;
        std::int64_t id;
    };
    struct RuleState {
        std::deque<Pending> window;  // complaints not on a notice, oldest first
        std::vector<int> tally;      // window complaints per customer grade rank
        std::int64_t notice = 0;     // 0: none open
        std::int64_t tickets = 0;
        int grade = 0;
    };

    void Evict(RuleState& state, const BurstRule& rule, UtcTime now);

    std::vector<BurstRule> rules_;
    std::vector<std::string> grades_;
    std::vector<RuleState> states_;
    std::int64_t last_notice_ = 0;
};

}  // namespace sladesk::rules
