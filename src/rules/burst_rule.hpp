// Burst rules (突发量阈值) and notice grades: which complaints a rule counts, when its count reaches a threshold,
// and which grade a notice has for the number of tickets it covers. Pure: no I/O, time passed in.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"

namespace sladesk::rules {

/// `count` complaints from customers of `customer_grade` or a higher grade within the window reach the threshold.
/// A VIP complaint therefore counts toward the VIP threshold and toward every lower grade's (e.g. normal).
struct BurstThreshold {
    std::string customer_grade;
    int count = 1;
};

/// From `min_count` tickets on, a notice has `grade` (1 = most severe, 一级).
struct GradeStep {
    int min_count = 1;
    int grade = 1;
};

/// One burst rule. `category` is a category path; the rule covers that category and every category below it.
struct BurstRule {
    std::string name;
    std::string category;
    std::optional<ServiceId> service;   // unset: any service
    std::vector<TicketKind> kinds;      // empty: every kind of ticket counts
    std::chrono::seconds window{std::chrono::minutes{30}};
    std::vector<BurstThreshold> thresholds;
    std::vector<GradeStep> grades;      // ascending min_count; grades never less severe as counts grow
};

/// What one grade of notice demands: who owns it, how soon it must be acknowledged, who is told at once.
struct NoticeGrade {
    int grade = 1;
    std::string name;                   // "一级"
    Role owner_role = Role::kServiceLevelManager;
    std::chrono::seconds acknowledge_within{std::chrono::hours{2}};
    Role escalate_to = Role::kAdmin;    // told when the acknowledgement is late
};

/// What a rule needs to know of one ticket. `grade_rank` indexes the policy's customer grades (0 = highest);
/// a customer without a known grade has the lowest rank.
struct ComplaintFacts {
    std::string_view category_path;     // empty: no category (no rule matches)
    std::optional<ServiceId> service;
    TicketKind kind = TicketKind::kComplaint;
    std::size_t grade_rank = 0;
};

/// Whether `path` is `subtree` or lies below it ("key" covers "key" and "key/login", not "keyboard").
bool InCategory(std::string_view subtree, std::string_view path);

/// Whether `rule` counts a ticket with these facts.
bool RuleMatches(const BurstRule& rule, const ComplaintFacts& facts);

/// The rank of `grade` in `grades` (listed highest first); unknown or absent: the lowest rank (grades.size() - 1,
/// or 0 when the list is empty).
std::size_t GradeRank(std::span<const std::string> grades, const std::optional<std::string>& grade);

/// Whether complaints tallied per grade rank (`tally[r]` = complaints from customers of rank r; its size is the
/// number of grades) reach any of `rule`'s thresholds. Thresholds naming an unknown grade never fire.
bool ThresholdReached(const BurstRule& rule, std::span<const std::string> grades, std::span<const int> tally);

/// The grade `rule`'s table gives a notice covering `tickets` tickets: the step with the largest min_count not above
/// `tickets`; below the first step, the first step's grade. 0 when the rule has no table.
int GradeFor(const BurstRule& rule, std::int64_t tickets);

/// Grades only rise by themselves: the more severe (smaller, non-zero) of `current` and `computed`.
int RaisedGrade(int current, int computed);

/// kInvalidArgument naming the rule and the problem: empty name or category, no threshold, a threshold below 1 or
/// naming a grade not in `grades`, a window not in 1 min .. 24 h, a grade table that is empty, not ascending, or
/// whose grades become less severe as counts grow, or names a grade not in `notice_grades`.
Status ValidateBurstRule(const BurstRule& rule, std::span<const std::string> grades,
                         std::span<const NoticeGrade> notice_grades);

/// kInvalidArgument unless grades are unique, 1..9, named, with a positive acknowledge deadline.
Status ValidateNoticeGrades(std::span<const NoticeGrade> notice_grades);

/// The entry for `grade`, nullptr if none.
const NoticeGrade* FindNoticeGrade(std::span<const NoticeGrade> notice_grades, int grade);

/// The seeds' defaults (问题分级通告机制): grades 1..4 with 2 h / 3 h / 4 h / 8 h to acknowledge.
std::vector<NoticeGrade> DefaultNoticeGrades();

}  // namespace sladesk::rules
