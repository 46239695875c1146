#include "rules/burst_detector.hpp"

namespace sladesk::rules {

BurstDetector::BurstDetector(std::vector<BurstRule> rules, std::vector<std::string> grades)
    : rules_(std::move(rules)), grades_(std::move(grades)), states_(rules_.size()) {
    for (RuleState& state : states_) state.tally.assign(grades_.empty() ? 1 : grades_.size(), 0);
}

void BurstDetector::Evict(RuleState& state, const BurstRule& rule, UtcTime now) {
    // The window is [now - window, now]: a complaint exactly `window` old still counts.
    while (!state.window.empty() && state.window.front().at < now - rule.window) {
        --state.tally[state.window.front().rank];
        state.window.pop_front();
    }
}

void BurstDetector::Add(const Complaint& complaint, std::vector<BurstEvent>& events) {
    const std::size_t rank = GradeRank(grades_, complaint.customer_grade);
    const ComplaintFacts facts{complaint.category_path, complaint.service, complaint.kind, rank};
    for (std::size_t index = 0; index < rules_.size(); ++index) {
        const BurstRule& rule = rules_[index];
        if (!RuleMatches(rule, facts)) continue;
        RuleState& state = states_[index];
        if (state.notice != 0) {
            ++state.tickets;
            events.push_back({BurstEventKind::kLinked, index, state.notice, state.grade, state.tickets, {complaint.id}});
            const int raised = RaisedGrade(state.grade, GradeFor(rule, state.tickets));
            if (raised != state.grade) {
                state.grade = raised;
                events.push_back({BurstEventKind::kGradeRaised, index, state.notice, raised, state.tickets, {}});
            }
            continue;
        }
        Evict(state, rule, complaint.at);
        state.window.push_back({complaint.at, rank, complaint.id});
        ++state.tally[rank];
        if (!ThresholdReached(rule, grades_, state.tally)) continue;
        BurstEvent opened{BurstEventKind::kOpened, index, ++last_notice_, 0, 0, {}};
        opened.complaints.reserve(state.window.size());
        for (const Pending& pending : state.window) opened.complaints.push_back(pending.id);
        state.notice = opened.notice;
        state.tickets = static_cast<std::int64_t>(state.window.size());
        state.grade = GradeFor(rule, state.tickets);
        opened.grade = state.grade;
        opened.tickets = state.tickets;
        state.window.clear();
        std::fill(state.tally.begin(), state.tally.end(), 0);
        events.push_back(std::move(opened));
    }
}

void BurstDetector::CloseNotice(std::size_t rule) {
    RuleState& state = states_.at(rule);
    state.notice = 0;
    state.tickets = 0;
    state.grade = 0;
}

}  // namespace sladesk::rules
