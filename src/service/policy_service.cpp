#include "service/policy_service.hpp"

#include <algorithm>
#include <set>

#include "service/sla_service.hpp"
#include "store/article_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {
namespace {

Error AgreementError(const AgreementSpec& spec, const std::string& problem) {
    return Error::InvalidArgument("line " + std::to_string(spec.line) + ": agreement " +
                                  AgreementLabel(spec.agreement) + ": " + problem);
}

template <typename IdType>
Result<std::vector<IdType>> ResolveAll(const AgreementSpec& spec, const std::vector<std::string>& names,
                                       const std::map<std::string, IdType>& ids, const std::string& what) {
    std::vector<IdType> resolved;
    for (const std::string& name : names) {
        auto found = ids.find(name);
        if (found == ids.end()) return AgreementError(spec, "no " + what + " '" + name + "'");
        resolved.push_back(found->second);
    }
    return resolved;
}

/// The agreement with its names replaced by ids; the group's kind must suit the agreement's kind.
Result<sla::Agreement> Resolve(const AgreementSpec& spec, const DirectoryNames& names) {
    sla::Agreement agreement = spec.agreement;
    SLADESK_ASSIGN_OR_RETURN(agreement.scope.organisations,
                             ResolveAll(spec, spec.organisations, names.organisations, "organisation"));
    SLADESK_ASSIGN_OR_RETURN(agreement.scope.services, ResolveAll(spec, spec.services, names.services, "service"));
    if (spec.group) {
        auto found = names.groups.find(*spec.group);
        if (found == names.groups.end()) return AgreementError(spec, "no group '" + *spec.group + "'");
        const GroupKind kind = found->second.kind;
        if (agreement.kind == sla::AgreementKind::kOla && kind == GroupKind::kSupplier) {
            return AgreementError(spec, "group '" + *spec.group +
                                            "' is a supplier; an OLA is with an internal group (desk or team), "
                                            "a supplier's promise is a UC");
        }
        if (agreement.kind == sla::AgreementKind::kUc && kind != GroupKind::kSupplier) {
            return AgreementError(spec, "group '" + *spec.group +
                                            "' is not a supplier; a UC is with a supplier group, an internal "
                                            "group's promise is an OLA");
        }
        agreement.group = found->second.id;
    }
    return agreement;
}

bool SameAgreement(const sla::Agreement& a, const sla::Agreement& b) {
    return a.kind == b.kind && a.name == b.name && a.version == b.version;
}

/// Every class and grade an agreement names must be one the policy defines.
Status CheckCustomerNames(const Policy& policy) {
    for (const sla::Agreement& agreement : policy.agreements) {
        const std::string label = "agreement " + AgreementLabel(agreement);
        for (const auto& name : agreement.scope.customer_classes) {
            SLADESK_TRY(CheckOneOf(label + ": customer class", name, policy.customer_classes));
        }
        for (const auto& name : agreement.scope.customer_grades) {
            SLADESK_TRY(CheckOneOf(label + ": customer grade", name, policy.customer_grades));
        }
        for (const auto& [grade, targets] : agreement.grade_overrides) {
            SLADESK_TRY(CheckOneOf(label + ": grade_overrides grade", grade, policy.customer_grades));
        }
    }
    return OkStatus();
}

bool HasPolicyParts(const PolicyDocument& document) {
    return document.customer_classes || document.customer_grades || document.priority_matrix ||
           document.auto_close_working_days || !document.calendars.empty() || !document.agreements.empty() ||
           !document.duty_rosters.empty() || !document.escalation_ladders.empty() ||
           document.notices.notice_grades || !document.notices.burst_rules.empty();
}

/// Every login the document's duty rosters and escalation ladders name.
std::set<std::string> LoginsNamed(const PolicyDocument& document) {
    std::set<std::string> logins;
    for (const RosterSpec& spec : document.duty_rosters) {
        logins.insert(spec.people.begin(), spec.people.end());
        logins.insert(spec.override_logins.begin(), spec.override_logins.end());
    }
    for (const LadderSpec& spec : document.escalation_ladders) {
        for (const LadderActionNames& names : spec.names) {
            if (names.login) logins.insert(*names.login);
        }
    }
    return logins;
}

Error NamedError(int line, const std::string& what, const std::string& name, const std::string& problem) {
    return Error::InvalidArgument("line " + std::to_string(line) + ": " + what + " '" + name + "': " + problem);
}

Result<UserId> ResolveLogin(const DirectoryNames& names, const std::string& login, int line, const std::string& what,
                            const std::string& name) {
    auto found = names.users.find(login);
    if (found == names.users.end()) return NamedError(line, what, name, "no user with login '" + login + "'");
    return found->second;
}

Result<GroupId> ResolveGroup(const DirectoryNames& names, const std::string& group, int line, const std::string& what,
                             const std::string& name) {
    auto found = names.groups.find(group);
    if (found == names.groups.end()) return NamedError(line, what, name, "no group '" + group + "'");
    return found->second.id;
}

Result<rules::DutyRoster> ResolveRoster(const RosterSpec& spec, const DirectoryNames& names) {
    constexpr const char* kWhat = "duty roster";
    rules::DutyRoster roster = spec.roster;
    SLADESK_ASSIGN_OR_RETURN(roster.group, ResolveGroup(names, spec.group, spec.line, kWhat, roster.name));
    roster.people.clear();
    for (const std::string& login : spec.people) {
        SLADESK_ASSIGN_OR_RETURN(UserId id, ResolveLogin(names, login, spec.line, kWhat, roster.name));
        roster.people.push_back(id);
    }
    for (std::size_t index = 0; index < roster.overrides.size(); ++index) {
        SLADESK_ASSIGN_OR_RETURN(roster.overrides[index].person,
                                 ResolveLogin(names, spec.override_logins[index], spec.line, kWhat, roster.name));
    }
    return roster;
}

Result<rules::EscalationLadder> ResolveLadder(const LadderSpec& spec, const DirectoryNames& names) {
    constexpr const char* kWhat = "escalation ladder";
    rules::EscalationLadder ladder = spec.ladder;
    for (const std::string& code : spec.services) {
        auto found = names.services.find(code);
        if (found == names.services.end()) {
            return NamedError(spec.line, kWhat, ladder.name, "no service '" + code + "'");
        }
        ladder.services.push_back(found->second);
    }
    for (const LadderActionNames& entry : spec.names) {
        rules::EscalationAction& action = ladder.steps.at(entry.step).actions.at(entry.action);
        if (entry.login) {
            SLADESK_ASSIGN_OR_RETURN(action.person, ResolveLogin(names, *entry.login, spec.line, kWhat, ladder.name));
        }
        if (entry.group) {
            SLADESK_ASSIGN_OR_RETURN(action.group, ResolveGroup(names, *entry.group, spec.line, kWhat, ladder.name));
        }
    }
    return ladder;
}

/// A ladder's grades must be the policy's; a group paged through notify_on_call must have a roster.
Status CheckLadders(const Policy& policy) {
    for (const rules::EscalationLadder& ladder : policy.escalation_ladders) {
        const std::string label = "escalation ladder '" + ladder.name + "'";
        for (const auto& grade : ladder.customer_grades) {
            SLADESK_TRY(CheckOneOf(label + ": customer grade", grade, policy.customer_grades));
        }
        for (const rules::EscalationStep& step : ladder.steps) {
            for (const rules::EscalationAction& action : step.actions) {
                if (action.kind != rules::ActionKind::kNotifyOnCall) continue;
                const bool has_roster =
                    std::any_of(policy.duty_rosters.begin(), policy.duty_rosters.end(),
                                [&](const rules::DutyRoster& roster) { return roster.group == action.group; });
                if (!has_roster) {
                    return Error::InvalidArgument(label + ": step '" + step.name +
                                                  "' pages the on-call person of a group without a duty roster "
                                                  "(add one under duty_rosters:)");
                }
            }
        }
    }
    return OkStatus();
}

/// Every burst rule must fit the merged policy: its threshold grades are customer grades, its table's grades are
/// notice grades (so dropping a grade still in use fails).
Status CheckBurstRules(const Policy& policy) {
    SLADESK_TRY(rules::ValidateNoticeGrades(policy.notice_grades));
    for (const rules::BurstRule& rule : policy.burst_rules) {
        SLADESK_TRY(rules::ValidateBurstRule(rule, policy.customer_grades, policy.notice_grades));
    }
    return OkStatus();
}

template <typename Item, typename NameOf>
void ReplaceByName(std::vector<Item>& items, Item item, NameOf name_of) {
    auto same = std::find_if(items.begin(), items.end(),
                             [&](const Item& stored) { return name_of(stored) == name_of(item); });
    if (same != items.end()) *same = std::move(item);
    else items.push_back(std::move(item));
}

Result<DirectoryNames> LoadNames(store::SqlConnection& db, const PolicyDocument& document) {
    DirectoryNames names;
    for (const std::string& login : LoginsNamed(document)) {
        auto user = store::DirectoryRepo::GetUserByLogin(db, login);
        if (user) {
            names.users.emplace(login, user->id);
        } else if (!user.error().Is(ErrorCode::kNotFound)) {
            return user.error();
        }
    }
    SLADESK_ASSIGN_OR_RETURN(auto organisations, store::DirectoryRepo::ListOrganisations(db));
    for (const Organisation& organisation : organisations) names.organisations[organisation.name] = organisation.id;
    SLADESK_ASSIGN_OR_RETURN(auto services, store::DirectoryRepo::ListServices(db));
    for (const Service& service : services) names.services[service.code] = service.id;
    SLADESK_ASSIGN_OR_RETURN(auto groups, store::DirectoryRepo::ListGroups(db));
    for (const Group& group : groups) names.groups[group.name] = {group.id, group.kind};
    return names;
}

/// Settings, calendars and agreements: merged into the stored policy and saved once (SavePolicy validates the
/// agreement book). Runs after the directory parts so that names defined in the same document resolve. A new
/// policy revision leaves open tickets' clocks stale: the recompute job is queued in the same transaction (the
/// clocks are never rebuilt inline).
Status ApplyPolicy(store::SqlConnection& db, const PolicyDocument& document, UtcTime now, ApplySummary& summary) {
    if (!HasPolicyParts(document)) return OkStatus();
    SLADESK_ASSIGN_OR_RETURN(Policy policy, LoadPolicy(db));
    DirectoryNames names;
    if (!document.agreements.empty() || !document.duty_rosters.empty() || !document.escalation_ladders.empty() ||
        !document.notices.burst_rules.empty()) {
        SLADESK_ASSIGN_OR_RETURN(names, LoadNames(db, document));
    }
    SLADESK_TRY(MergeIntoPolicy(document, names, policy, summary.applied));
    SLADESK_TRY(SavePolicy(db, policy));
    return SlaService::ScheduleRecompute(db, now);
}

Status ApplyGroups(store::SqlConnection& db, const PolicyDocument& document, UtcTime now, ApplySummary& summary) {
    for (const GroupSpec& spec : document.groups) {
        Group group;
        group.name = spec.name;
        group.kind = spec.kind;
        group.email = spec.email;
        SLADESK_ASSIGN_OR_RETURN(GroupId id, store::DirectoryRepo::UpsertGroup(db, group, now));
        for (const auto& login : spec.members) {
            auto user = store::DirectoryRepo::GetUserByLogin(db, login);
            if (!user) return Error::InvalidArgument("group '" + spec.name + "': no user with login '" + login + "'");
            SLADESK_TRY(store::DirectoryRepo::AddMember(db, id, user->id));
        }
        summary.applied.push_back("group " + spec.name);
    }
    return OkStatus();
}

Status ApplyCatalog(store::SqlConnection& db, const PolicyDocument& document, UtcTime now, ApplySummary& summary) {
    for (const ServiceSpec& spec : document.services) {
        Service service;
        service.code = spec.code;
        service.name = spec.name;
        service.description = spec.description;
        if (spec.owner_group) {
            SLADESK_ASSIGN_OR_RETURN(auto group, store::DirectoryRepo::FindGroup(db, *spec.owner_group));
            if (!group) {
                return Error::InvalidArgument("service '" + spec.code + "': no group '" + *spec.owner_group + "'");
            }
            service.owner_group_id = group->id;
        }
        SLADESK_TRY(store::DirectoryRepo::UpsertService(db, service));
        summary.applied.push_back("service " + spec.code);
    }
    std::map<std::string, CategoryId> ids;
    SLADESK_ASSIGN_OR_RETURN(auto existing, store::DirectoryRepo::ListCategories(db));
    for (const Category& category : existing) ids[category.path] = category.id;
    for (const CategorySpec& spec : document.categories) {
        Category category;
        category.path = spec.path;
        category.name = spec.name;
        if (auto slash = spec.path.rfind('/'); slash != std::string::npos) {
            category.parent_id = ids.at(spec.path.substr(0, slash));  // parents come first in the document
        }
        SLADESK_ASSIGN_OR_RETURN(ids[spec.path], store::DirectoryRepo::UpsertCategory(db, category));
        summary.applied.push_back("category " + spec.path);
    }
    for (const CannedSpec& spec : document.canned_responses) {
        const CannedResponse canned{CannedResponseId{}, spec.name, spec.language, spec.body};
        SLADESK_TRY(store::ArticleRepo::UpsertCanned(db, canned, now));
        summary.applied.push_back("canned response " + spec.name);
    }
    return OkStatus();
}

}  // namespace

void AddSyntheticNames(const PolicyDocument& document, DirectoryNames& names) {
    std::int64_t last = 0;
    for (const auto& [name, id] : names.organisations) last = std::max(last, id.value);
    for (const auto& [code, id] : names.services) last = std::max(last, id.value);
    for (const auto& [name, group] : names.groups) last = std::max(last, group.id.value);
    for (const std::string& name : document.organisations) {
        if (!names.organisations.contains(name)) names.organisations.emplace(name, OrganisationId{++last});
    }
    for (const ServiceSpec& spec : document.services) {
        if (!names.services.contains(spec.code)) names.services.emplace(spec.code, ServiceId{++last});
    }
    for (const GroupSpec& spec : document.groups) {
        auto found = names.groups.find(spec.name);
        if (found != names.groups.end()) {
            found->second.kind = spec.kind;  // a later file may change the kind, as apply would
        } else {
            names.groups.emplace(spec.name, DirectoryNames::NamedGroup{GroupId{++last}, spec.kind});
        }
    }
    std::int64_t last_user = 0;
    for (const auto& [login, id] : names.users) last_user = std::max(last_user, id.value);
    for (const std::string& login : LoginsNamed(document)) {
        if (!names.users.contains(login)) names.users.emplace(login, UserId{++last_user});
    }
}

Status MergeIntoPolicy(const PolicyDocument& document, const DirectoryNames& names, Policy& policy,
                       std::vector<std::string>& applied) {
    if (document.customer_classes || document.customer_grades || document.priority_matrix ||
        document.auto_close_working_days) {
        if (document.customer_classes) policy.customer_classes = *document.customer_classes;
        if (document.customer_grades) policy.customer_grades = *document.customer_grades;
        if (document.auto_close_working_days) policy.auto_close_working_days = *document.auto_close_working_days;
        if (const auto& spec = document.priority_matrix) {
            SLADESK_ASSIGN_OR_RETURN(policy.priority_matrix,
                                     rules::PriorityMatrix::Create(spec->impacts, spec->urgencies, spec->cells,
                                                                   spec->grade_raise));
        }
        applied.push_back("policy settings");
    }
    for (const sla::CalendarSpec& spec : document.calendars) {
        auto same = std::find_if(policy.calendars.begin(), policy.calendars.end(),
                                 [&](const sla::CalendarSpec& stored) { return stored.name == spec.name; });
        if (same != policy.calendars.end()) *same = spec;
        else policy.calendars.push_back(spec);
        applied.push_back("calendar " + spec.name);
    }
    for (const AgreementSpec& spec : document.agreements) {
        SLADESK_ASSIGN_OR_RETURN(sla::Agreement agreement, Resolve(spec, names));
        const bool known_calendar =
            agreement.calendar == sla::kAlwaysOpenCalendar ||
            std::any_of(policy.calendars.begin(), policy.calendars.end(),
                        [&](const sla::CalendarSpec& calendar) { return calendar.name == agreement.calendar; });
        if (!known_calendar) {
            return AgreementError(spec, "no calendar '" + agreement.calendar +
                                            "' (define it under calendars: in this file or an earlier one, or use "
                                            "24x7)");
        }
        auto same = std::find_if(policy.agreements.begin(), policy.agreements.end(),
                                 [&](const sla::Agreement& stored) { return SameAgreement(stored, agreement); });
        if (same != policy.agreements.end()) *same = std::move(agreement);
        else policy.agreements.push_back(std::move(agreement));
        applied.push_back("agreement " + AgreementLabel(spec.agreement));
    }
    for (const RosterSpec& spec : document.duty_rosters) {
        SLADESK_ASSIGN_OR_RETURN(rules::DutyRoster roster, ResolveRoster(spec, names));
        ReplaceByName(policy.duty_rosters, std::move(roster), [](const rules::DutyRoster& r) { return r.name; });
        applied.push_back("duty roster " + spec.roster.name);
    }
    for (const LadderSpec& spec : document.escalation_ladders) {
        SLADESK_ASSIGN_OR_RETURN(rules::EscalationLadder ladder, ResolveLadder(spec, names));
        ReplaceByName(policy.escalation_ladders, std::move(ladder),
                      [](const rules::EscalationLadder& l) { return l.name; });
        applied.push_back("escalation ladder " + spec.ladder.name);
    }
    if (document.notices.notice_grades) {
        policy.notice_grades = *document.notices.notice_grades;
        applied.push_back("notice grades");
    }
    for (const BurstRuleSpec& spec : document.notices.burst_rules) {
        rules::BurstRule rule = spec.rule;
        if (spec.service) {
            auto found = names.services.find(*spec.service);
            if (found == names.services.end()) {
                return NamedError(spec.line, "burst rule", rule.name, "no service '" + *spec.service + "'");
            }
            rule.service = found->second;
        }
        ReplaceByName(policy.burst_rules, std::move(rule), [](const rules::BurstRule& r) { return r.name; });
        applied.push_back("burst rule " + spec.rule.name);
    }
    SLADESK_TRY(CheckCustomerNames(policy));
    SLADESK_TRY(CheckBurstRules(policy));
    return CheckLadders(policy);
}

PolicyService::PolicyService(store::Store& store, const Clock& clock, PolicyCache* cache)
    : store_(store),
      clock_(clock),
      own_cache_(cache == nullptr ? std::make_unique<PolicyCache>() : nullptr),
      cache_(cache == nullptr ? *own_cache_ : *cache) {}

Result<ApplySummary> PolicyService::Apply(const Actor& actor, const PolicyDocument& document) {
    if (actor.role != Role::kAdmin) return Error::PermissionDenied("only admins may apply policy");
    return ApplyAsSystem(document);
}

Result<ApplySummary> PolicyService::ApplyAsSystem(const PolicyDocument& document) {
    const UtcTime now = clock_.Now();
    ApplySummary summary;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        summary.applied.clear();
        for (const auto& name : document.organisations) {
            SLADESK_ASSIGN_OR_RETURN(auto existing, store::DirectoryRepo::FindOrganisation(db, name));
            if (!existing) SLADESK_TRY(store::DirectoryRepo::InsertOrganisation(db, name, now));
            summary.applied.push_back("organisation " + name);
        }
        SLADESK_TRY(ApplyGroups(db, document, now, summary));
        SLADESK_TRY(ApplyCatalog(db, document, now, summary));
        SLADESK_TRY(ApplyPolicy(db, document, now, summary));
        return OkStatus();
    }));
    return summary;
}

Result<Policy> PolicyService::Proposed(const Actor& actor, const PolicyDocument& document) {
    if (actor.role != Role::kAdmin && actor.role != Role::kServiceLevelManager) {
        return Error::PermissionDenied("only admins and service level managers may preview policy changes");
    }
    Policy policy;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(policy, LoadPolicy(db));
        SLADESK_ASSIGN_OR_RETURN(DirectoryNames names, LoadNames(db, document));
        AddSyntheticNames(document, names);
        std::vector<std::string> applied;
        return MergeIntoPolicy(document, names, policy, applied);
    }));
    return policy;
}

Result<std::shared_ptr<const PolicyInForce>> PolicyService::Current() {
    std::shared_ptr<const PolicyInForce> current;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(current, cache_.Load(db));
        return OkStatus();
    }));
    return current;
}

}  // namespace sladesk::service
