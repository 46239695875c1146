// Applies a policy document (groups, services, categories, priority matrix, calendars, agreements, ...) in one
// transaction, and reads the policy in force.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/user.hpp"
#include "service/policy.hpp"
#include "service/policy_document.hpp"
#include "store/store.hpp"

namespace sladesk::service {

/// What an apply changed, one line per item ("service online-banking", "agreement sla standard v1").
struct ApplySummary {
    std::vector<std::string> applied;
};

/// The ids (and group kinds) that the names in a document resolve to.
struct DirectoryNames {
    struct NamedGroup {
        GroupId id;
        GroupKind kind = GroupKind::kTeam;
    };
    std::map<std::string, OrganisationId> organisations;  // by name
    std::map<std::string, ServiceId> services;            // by code
    std::map<std::string, NamedGroup> groups;             // by name
    std::map<std::string, UserId> users;                  // by login (those a document names)
};

/// Adds the organisations, groups and services `document` defines to `names`, with synthetic ids continuing after
/// the largest already there (1, 2, ... on an empty `names`); names already present keep their ids. For checking
/// policy files without a database; logins named by duty rosters and escalation ladders get synthetic user ids too
/// (so a typo in a login is found only when applying). Pure.
void AddSyntheticNames(const PolicyDocument& document, DirectoryNames& names);

/// Merges the policy parts of `document` into `policy`: the settings it gives (classes, grades, matrix, auto-close)
/// replace the policy's; a calendar replaces the one with the same name; an agreement replaces the one with the
/// same (kind, name, version); nothing is removed. Names resolve through `names`. Appends one line per item to
/// `applied` ("policy settings", "calendar cn-office", "agreement sla standard v1").
///
/// kInvalidArgument "line N: agreement <kind> <name> v<version>: ..." when a name does not resolve, an OLA's group
/// is not a desk or team or a UC's group is not a supplier, or the calendar is neither in the merged policy nor
/// 24x7; kInvalidArgument naming the agreement when a customer class or grade it uses (covers, grade_overrides) is
/// not in the merged policy's lists — checked for every agreement of the merged policy, so a grade still in use
/// cannot be dropped. Duty rosters and escalation ladders replace the ones with the same name: "line N: duty roster
/// 'x': ..." / "line N: escalation ladder 'x': ..." when a login, group or service does not resolve; a ladder's
/// customer grade must be in the policy's list and a notify_on_call group must have a duty roster in the merged
/// policy (checked for every ladder). `policy` is unspecified after an error. Does not compile the AgreementBook
/// (SavePolicy and CompilePolicy do). Pure.
Status MergeIntoPolicy(const PolicyDocument& document, const DirectoryNames& names, Policy& policy,
                       std::vector<std::string>& applied);

/// Thread-safe; references (and `cache`, if given) must outlive it.
class PolicyService {
 public:
    /// `cache`: the PolicyCache the other services read through, so Current() shares its compiled value; when null
    /// the service keeps its own.
    PolicyService(store::Store& store, const Clock& clock, PolicyCache* cache = nullptr);

    /// Admins only (kPermissionDenied). All or nothing: kInvalidArgument naming the item if a reference (owner
    /// group, member login, an agreement's organisation, service, group or calendar) does not resolve, or if the
    /// merged calendars and agreements do not form a valid sla::AgreementBook; then nothing is stored.
    /// kUnavailable if the database is. Reads and writes the store.
    Result<ApplySummary> Apply(const Actor& actor, const PolicyDocument& document);
    /// The same from the shell, without an actor.
    Result<ApplySummary> ApplyAsSystem(const PolicyDocument& document);

    /// The policy `document` would put in force, without storing anything: the stored policy with the document
    /// merged in; names the document defines get stand-in ids. Admins and service level managers
    /// (kPermissionDenied); the errors of MergeIntoPolicy. Reads the store. Feed it to SlaService::Preview.
    Result<Policy> Proposed(const Actor& actor, const PolicyDocument& document);

    /// The policy in force with its agreement book compiled (the defaults if none was ever applied); compiled
    /// once per policy revision. kInternal if the stored policy is damaged, kUnavailable if the database is.
    /// Reads the store; no authorisation (callers decide who may see it).
    Result<std::shared_ptr<const PolicyInForce>> Current();

 private:
    store::Store& store_;
    const Clock& clock_;
    std::unique_ptr<PolicyCache> own_cache_;  // set only when no cache was given
    PolicyCache& cache_;
};

}  // namespace sladesk::service
