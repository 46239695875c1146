// Feasibility check: do the OLA/UC targets of the groups a ticket passes through fit inside an SLA's targets,
// each measured in its own calendar? Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/utc_time.hpp"
#include "sla/agreement.hpp"

namespace sladesk::sla {

struct FeasibilityOptions {
    /// Starts are sampled every `step` over `days` days from `sample_from`: the worst start decides.
    UtcTime sample_from{};
    int days = 28;
    std::chrono::minutes step{15};
    /// The groups a ticket passes through, in order. Empty: every active OLA and UC whose services overlap the
    /// chain's services (an empty list overlaps everything), OLAs first, each kind in the book's order.
    std::vector<GroupId> path;
    /// Check the route of tickets of this one service: only SLAs covering it, and (empty path) only the OLAs/UCs
    /// serving it. Unset: each SLA with the groups serving any of its services (a catch-all SLA then chains every
    /// group, which no single ticket does — callers usually check service by service).
    std::optional<ServiceId> service;
};

/// One leg of the chain: a group's agreement and its target for the priority.
struct FeasibilityStep {
    std::string agreement;
    AgreementKind kind = AgreementKind::kOla;
    GroupId group;
    std::string calendar;
    std::chrono::seconds target{};
};

/// One SLA target checked against the chain.
struct FeasibilityRow {
    std::string sla;
    int sla_version = 0;
    std::optional<ServiceId> service;  // FeasibilityOptions::service
    int priority = 0;
    std::string grade;  // empty: the base targets; else the grade whose override applies
    ClockTarget target = ClockTarget::kResolution;
    std::chrono::seconds sla_target{};
    std::vector<FeasibilityStep> steps;  // first_response: the first group's response target only
    bool fits = true;
    /// Worst case over the sampled starts, in working time of the SLA's calendar: >= 0 spare, < 0 short by. If a
    /// calendar has no working time ahead (kNever) at a start, that start counts as short by the whole sla_target.
    std::chrono::seconds worst_margin{};
    UtcTime worst_start{};  // the first start with the worst margin
    /// Groups on the path that have no OLA/UC target for this priority (the chain cannot be checked fully).
    std::vector<GroupId> uncovered_groups;
};

/// For every active SLA, every priority it names and every grade override: the first_response target against
/// the first group's OLA/UC first_response, and the resolution target against the chain of OLA/UC resolution
/// targets one after another (each starting when the previous is due, in its own calendar). A row is produced
/// only when at least one step exists. Each group's agreement is chosen as SelectGroupAgreement would for a ticket
/// opened at sample_from whose service is one of the SLA's (services overlap). Margin at a start s: chain end e,
/// SLA due d = AddWorkingTime(s, sla_target) in the SLA's calendar; WorkingTimeBetween(e, d) if e <= d, else
/// -WorkingTimeBetween(d, e). Rows come per SLA (book order), priority ascending, the base targets before each grade
/// override (map order, only grades whose override names the priority), first_response before resolution.
/// At most 200,000 starts per row (days <= 0 or step <= 0: sample_from only); each start costs one
/// AddWorkingTime per leg (~40 ns). Pure.
std::vector<FeasibilityRow> CheckFeasibility(const AgreementBook& book, const FeasibilityOptions& options);

}  // namespace sladesk::sla
