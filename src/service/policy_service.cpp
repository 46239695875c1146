#include "service/policy_service.hpp"

#include "store/article_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {
namespace {

Status ApplyPolicySettings(store::SqlConnection& db, const PolicyDocument& document, ApplySummary& summary) {
    if (!document.customer_classes && !document.customer_grades && !document.priority_matrix &&
        !document.auto_close_working_days) {
        return OkStatus();
    }
    SLADESK_ASSIGN_OR_RETURN(Policy policy, LoadPolicy(db));
    if (document.customer_classes) policy.customer_classes = *document.customer_classes;
    if (document.customer_grades) policy.customer_grades = *document.customer_grades;
    if (document.auto_close_working_days) policy.auto_close_working_days = *document.auto_close_working_days;
    if (const auto& spec = document.priority_matrix) {
        SLADESK_ASSIGN_OR_RETURN(policy.priority_matrix, rules::PriorityMatrix::Create(spec->impacts, spec->urgencies,
                                                                                         spec->cells, spec->grade_raise));
    }
    summary.applied.push_back("policy settings");
    return SavePolicy(db, policy);
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
            if (!group) return Error::InvalidArgument("service '" + spec.code + "': no group '" + *spec.owner_group + "'");
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
        SLADESK_TRY(store::ArticleRepo::UpsertCanned(db, {CannedResponseId{}, spec.name, spec.language, spec.body}, now));
        summary.applied.push_back("canned response " + spec.name);
    }
    return OkStatus();
}

}  // namespace

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
        SLADESK_TRY(ApplyPolicySettings(db, document, summary));
        SLADESK_TRY(ApplyGroups(db, document, now, summary));
        SLADESK_TRY(ApplyCatalog(db, document, now, summary));
        return OkStatus();
    }));
    return summary;
}

}  // namespace sladesk::service
