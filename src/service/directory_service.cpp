#include "service/directory_service.hpp"

#include <map>

#include "rules/canned_response.hpp"
#include "service/passwords.hpp"
#include "store/article_repo.hpp"
#include "store/directory_repo.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::service {
namespace {

constexpr std::size_t kMaxLoginBytes = 100;
constexpr std::size_t kMaxNameBytes = 200;

Status RequireAdmin(const Actor& actor) {
    if (actor.role == Role::kAdmin) return OkStatus();
    return Error::PermissionDenied("only admins may do this");
}

Status RequireStaff(const Actor& actor) {
    if (actor.IsStaff()) return OkStatus();
    return Error::PermissionDenied("only staff may do this");
}

Status CheckNewUser(const NewUser& input, const Policy& policy) {
    if (input.login.empty() || input.login.size() > kMaxLoginBytes) {
        return Error::InvalidArgument("login must be 1 to 100 bytes");
    }
    for (unsigned char c : input.login) {
        if (c <= ' ' || c == 0x7f) return Error::InvalidArgument("login must not contain spaces or control characters");
    }
    if (input.display_name.size() > kMaxNameBytes) return Error::InvalidArgument("display_name is too long");
    if (input.role != Role::kCustomer) {
        if (input.customer_class || input.customer_grade || input.org_admin) {
            return Error::InvalidArgument("customer_class, customer_grade and org_admin apply to customers only");
        }
    }
    if (input.customer_class) SLADESK_TRY(CheckOneOf("customer_class", *input.customer_class, policy.customer_classes));
    if (input.customer_grade) SLADESK_TRY(CheckOneOf("customer_grade", *input.customer_grade, policy.customer_grades));
    if (input.org_admin && !input.organisation) return Error::InvalidArgument("org_admin needs an organisation");
    if (input.language != "zh-CN" && input.language != "en") return Error::InvalidArgument("language must be zh-CN or en");
    return OkStatus();
}

}  // namespace

DirectoryService::DirectoryService(store::Store& store, const Clock& clock, PolicyCache& policy, PasswordGate* gate)
    : store_(store), clock_(clock), policy_(policy), gate_(gate) {}

Result<User> DirectoryService::CreateUser(const Actor& actor, const NewUser& input) {
    SLADESK_TRY(RequireAdmin(actor));
    return InsertUser(input);
}

Result<User> DirectoryService::CreateUserAsSystem(const NewUser& input) { return InsertUser(input); }

Result<User> DirectoryService::InsertUser(const NewUser& input) {
    const auto hash_password = [&] { return HashPassword(input.password); };
    SLADESK_ASSIGN_OR_RETURN(std::string hash, gate_ != nullptr ? gate_->Run(hash_password) : hash_password());
    User user;
    user.login = input.login;
    user.display_name = input.display_name.empty() ? input.login : input.display_name;
    user.email = input.email;
    user.phone = input.phone;
    user.role = input.role;
    user.org_admin = input.org_admin;
    user.customer_class = input.customer_class;
    user.customer_grade = input.customer_grade;
    user.account_manager_id = input.account_manager_id;
    user.language = input.language;
    user.created_at = clock_.Now();
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_TRY(CheckNewUser(input, policy->policy));
        if (input.account_manager_id) {
            auto manager = store::DirectoryRepo::GetUser(db, *input.account_manager_id);
            if (!manager || manager->role == Role::kCustomer) {
                return Error::InvalidArgument("account_manager_id must name a staff user");
            }
        }
        if (input.organisation) {
            SLADESK_ASSIGN_OR_RETURN(auto existing, store::DirectoryRepo::FindOrganisation(db, *input.organisation));
            if (existing) {
                user.organisation_id = existing;
            } else {
                SLADESK_ASSIGN_OR_RETURN(user.organisation_id,
                                         store::DirectoryRepo::InsertOrganisation(db, *input.organisation, user.created_at));
            }
        }
        SLADESK_ASSIGN_OR_RETURN(user.id, store::DirectoryRepo::InsertUser(db, user, hash));
        for (const auto& name : input.groups) {
            SLADESK_ASSIGN_OR_RETURN(auto group, store::DirectoryRepo::FindGroup(db, name));
            if (!group) return Error::InvalidArgument("group '" + name + "' does not exist");
            SLADESK_TRY(store::DirectoryRepo::AddMember(db, group->id, user.id));
        }
        return OkStatus();
    }));
    return user;
}

Result<User> DirectoryService::GetUser(const Actor& actor, UserId id) {
    if (actor.IsCustomer() && actor.id != id) return Error::NotFound("user " + std::to_string(id.value));
    User user;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(user, store::DirectoryRepo::GetUser(db, id));
        return OkStatus();
    }));
    return user;
}

Result<std::vector<User>> DirectoryService::ListUsers(const Actor& actor, std::optional<Role> role,
                                                      std::int64_t after_id, int limit) {
    SLADESK_TRY(RequireStaff(actor));
    std::vector<User> users;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(users, store::DirectoryRepo::ListUsers(db, role, after_id, limit));
        return OkStatus();
    }));
    return users;
}

Result<std::vector<Organisation>> DirectoryService::ListOrganisations(const Actor& actor) {
    SLADESK_TRY(RequireStaff(actor));
    std::vector<Organisation> organisations;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(organisations, store::DirectoryRepo::ListOrganisations(db));
        return OkStatus();
    }));
    return organisations;
}

Result<std::vector<Group>> DirectoryService::ListGroups(const Actor& actor) {
    SLADESK_TRY(RequireStaff(actor));
    std::vector<Group> groups;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(groups, store::DirectoryRepo::ListGroups(db));
        return OkStatus();
    }));
    return groups;
}

Result<std::vector<Service>> DirectoryService::ListServices(const Actor&) {
    std::vector<Service> services;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(services, store::DirectoryRepo::ListServices(db));
        return OkStatus();
    }));
    return services;
}

Result<std::vector<Category>> DirectoryService::ListCategories(const Actor&) {
    std::vector<Category> categories;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(categories, store::DirectoryRepo::ListCategories(db));
        return OkStatus();
    }));
    return categories;
}

Result<std::vector<CannedResponse>> DirectoryService::ListCannedResponses(const Actor& actor) {
    SLADESK_TRY(RequireStaff(actor));
    std::vector<CannedResponse> responses;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(responses, store::ArticleRepo::ListCanned(db));
        return OkStatus();
    }));
    return responses;
}

Result<std::string> DirectoryService::RenderCannedResponse(const Actor& actor, CannedResponseId id, TicketId ticket_id) {
    SLADESK_TRY(RequireStaff(actor));
    std::string rendered;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(bool visible, store::TicketRepo::Visible(db, ticket_id, actor));
        if (!visible) return Error::NotFound("ticket " + std::to_string(ticket_id.value));
        SLADESK_ASSIGN_OR_RETURN(CannedResponse canned, store::ArticleRepo::GetCanned(db, id));
        SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, ticket_id));
        SLADESK_ASSIGN_OR_RETURN(User customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
        SLADESK_ASSIGN_OR_RETURN(User agent, store::DirectoryRepo::GetUser(db, actor.id));
        const std::map<std::string, std::string> variables{
            {"ticket.id", std::to_string(ticket.id.value)},
            {"ticket.title", ticket.title},
            {"ticket.status", std::string(kTicketStatusNames.Name(ticket.status))},
            {"ticket.priority", "P" + std::to_string(ticket.priority)},
            {"customer.name", customer.display_name},
            {"agent.name", agent.display_name},
        };
        SLADESK_ASSIGN_OR_RETURN(rendered, rules::RenderCannedResponse(canned.body, variables));
        return OkStatus();
    }));
    return rendered;
}

Result<Policy> DirectoryService::CurrentPolicy() {
    Policy policy;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto in_force, policy_.Load(db));
        policy = in_force->policy;
        return OkStatus();
    }));
    return policy;
}

}  // namespace sladesk::service
