#include "sla/feasibility.hpp"

#include <algorithm>
#include <set>

#include "sla/detail/agreement_rank.hpp"

namespace sladesk::sla {

namespace {

using std::chrono::seconds;

// More samples than this are not taken, whatever days/step say (28 days at 1 min is 40 320).
constexpr std::int64_t kMaxSamples = 200000;
// Starts stop before 10000-01-01 (the calendars' limit), so that the sampled instants never overflow.
constexpr std::int64_t kLastStart = 253402300800;

bool ServicesOverlap(const std::vector<ServiceId>& a, const std::vector<ServiceId>& b) {
    if (a.empty() || b.empty()) return true;
    return std::any_of(a.begin(), a.end(),
                       [&](ServiceId service) { return std::find(b.begin(), b.end(), service) != b.end(); });
}

// The services a chain is built for: the one the options name, else the SLA's own (empty: any).
std::vector<ServiceId> ChainServices(const Agreement& sla, const FeasibilityOptions& options) {
    if (options.service) return {*options.service};
    return sla.scope.services;
}

// Active, in effect at `at` and sharing a service with the chain: a candidate leg of it.
bool Candidate(const Agreement& agreement, const std::vector<ServiceId>& services, UtcTime at) {
    return agreement.kind != AgreementKind::kSla && agreement.status == AgreementStatus::kActive &&
           detail::InEffect(agreement, at) && ServicesOverlap(agreement.scope.services, services);
}

// The OLA/UC for `group` that SelectGroupAgreement would pick for a ticket of `sla`'s services opened at `at`.
const Agreement* GroupAgreement(const AgreementBook& book, GroupId group, const std::vector<ServiceId>& services,
                                UtcTime at) {
    const Agreement* best = nullptr;
    int best_specificity = -1;
    for (const Agreement& agreement : book.agreements()) {
        if (agreement.group != group || !Candidate(agreement, services, at)) continue;
        const int specificity = agreement.scope.services.empty() ? 0 : 1;
        if (!best || detail::Preferred(agreement, specificity, *best, best_specificity)) {
            best = &agreement;
            best_specificity = specificity;
        }
    }
    return best;
}

// The groups of options.path, or (empty path) of every candidate OLA, then UC, in the book's order.
std::vector<GroupId> PathFor(const AgreementBook& book, const Agreement& sla, const FeasibilityOptions& options) {
    if (!options.path.empty()) return options.path;
    const std::vector<ServiceId> services = ChainServices(sla, options);
    std::vector<GroupId> path;
    for (AgreementKind kind : {AgreementKind::kOla, AgreementKind::kUc}) {
        for (const Agreement& agreement : book.agreements()) {
            if (agreement.kind != kind || !agreement.group || !Candidate(agreement, services, options.sample_from)) {
                continue;
            }
            if (std::find(path.begin(), path.end(), *agreement.group) == path.end()) path.push_back(*agreement.group);
        }
    }
    return path;
}

// The legs of one row, and the groups left without a target.
void BuildSteps(const AgreementBook& book, const Agreement& sla, const std::vector<GroupId>& path, ClockTarget target,
                const FeasibilityOptions& options, int priority, const std::string& grade, FeasibilityRow& row) {
    for (GroupId group : path) {
        const Agreement* agreement = GroupAgreement(book, group, ChainServices(sla, options), options.sample_from);
        std::optional<seconds> length;
        if (agreement && book.FindCalendar(agreement->calendar)) {
            length = AgreementBook::TargetsFor(*agreement, priority, grade).For(target);
        }
        if (length) {
            row.steps.push_back({agreement->name, agreement->kind, group, agreement->calendar, *length});
        } else {
            row.uncovered_groups.push_back(group);
        }
        if (target == ClockTarget::kFirstResponse) break;  // only the first group answers first
    }
}

// Samples the starts and keeps the worst margin, in working time of the SLA's calendar.
void Measure(const AgreementBook& book, const Calendar& sla_calendar, const FeasibilityOptions& options,
             FeasibilityRow& row) {
    std::vector<const Calendar*> calendars;
    for (const FeasibilityStep& step : row.steps) calendars.push_back(book.FindCalendar(step.calendar));
    const seconds step = std::chrono::duration_cast<seconds>(options.step);
    std::int64_t samples = 1;
    if (step.count() > 0 && options.days > 0) {
        samples = std::min<std::int64_t>(kMaxSamples, std::int64_t{options.days} * 86400 / step.count());
    }
    bool first = true;
    for (std::int64_t index = 0; index < samples; ++index) {
        if (index > 0 && ToEpochSeconds(options.sample_from) > kLastStart - step.count() * index) break;
        const UtcTime start = options.sample_from + step * index;
        const UtcTime sla_due = sla_calendar.AddWorkingTime(start, row.sla_target);
        UtcTime chain_end = start;
        for (std::size_t leg = 0; leg < row.steps.size() && chain_end != kNever; ++leg) {
            chain_end = calendars[leg]->AddWorkingTime(chain_end, row.steps[leg].target);
        }
        seconds margin;
        if (sla_due == kNever || chain_end == kNever) {
            margin = -row.sla_target;  // a calendar without working time ahead: cannot be shown to fit
        } else if (chain_end <= sla_due) {
            margin = sla_calendar.WorkingTimeBetween(chain_end, sla_due);
        } else {
            margin = -sla_calendar.WorkingTimeBetween(sla_due, chain_end);
        }
        if (first || margin < row.worst_margin) {
            row.worst_margin = margin;
            row.worst_start = start;
            first = false;
        }
    }
    row.fits = row.worst_margin >= seconds{0};
}

// Rows of one SLA at one priority for one grade ("" = the base targets).
void CheckTargets(const AgreementBook& book, const Agreement& sla, const Calendar& calendar,
                  const std::vector<GroupId>& path, const FeasibilityOptions& options, int priority,
                  const std::string& grade, std::vector<FeasibilityRow>& rows) {
    const Targets targets = AgreementBook::TargetsFor(sla, priority, grade);
    for (ClockTarget target : {ClockTarget::kFirstResponse, ClockTarget::kResolution}) {
        const auto sla_target = targets.For(target);
        if (!sla_target) continue;
        FeasibilityRow row;
        row.sla = sla.name;
        row.sla_version = sla.version;
        row.service = options.service;
        row.priority = priority;
        row.grade = grade;
        row.target = target;
        row.sla_target = *sla_target;
        BuildSteps(book, sla, path, target, options, priority, grade, row);
        if (row.steps.empty()) continue;
        Measure(book, calendar, options, row);
        rows.push_back(std::move(row));
    }
}

}  // namespace

std::vector<FeasibilityRow> CheckFeasibility(const AgreementBook& book, const FeasibilityOptions& options) {
    std::vector<FeasibilityRow> rows;
    for (const Agreement& sla : book.agreements()) {
        if (sla.kind != AgreementKind::kSla || sla.status != AgreementStatus::kActive) continue;
        if (options.service && !sla.scope.services.empty() &&
            std::find(sla.scope.services.begin(), sla.scope.services.end(), *options.service) ==
                sla.scope.services.end()) {
            continue;  // this SLA never covers tickets of that service
        }
        const Calendar* calendar = book.FindCalendar(sla.calendar);
        if (!calendar) continue;
        const std::vector<GroupId> path = PathFor(book, sla, options);
        std::set<int> priorities;
        for (const PriorityTargets& entry : sla.targets) priorities.insert(entry.priority);
        for (const auto& [grade, list] : sla.grade_overrides) {
            for (const PriorityTargets& entry : list) priorities.insert(entry.priority);
        }
        for (int priority : priorities) {
            CheckTargets(book, sla, *calendar, path, options, priority, "", rows);
            for (const auto& [grade, list] : sla.grade_overrides) {
                const bool names_priority = std::any_of(list.begin(), list.end(), [&](const PriorityTargets& entry) {
                    return entry.priority == priority;
                });
                if (names_priority) CheckTargets(book, sla, *calendar, path, options, priority, grade, rows);
            }
        }
    }
    return rows;
}

}  // namespace sladesk::sla
