// Administration of people and structure: users, organisations, groups, the service catalog, canned responses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/article.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "service/password_gate.hpp"
#include "service/policy.hpp"
#include "store/store.hpp"

namespace sladesk::service {

/// A new account. `organisation` is created if it does not exist yet.
struct NewUser {
    std::string login;
    std::string password;
    std::string display_name;
    Role role = Role::kCustomer;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> organisation;
    bool org_admin = false;
    std::optional<std::string> customer_class;
    std::optional<std::string> customer_grade;
    std::optional<UserId> account_manager_id;
    std::string language = "zh-CN";
    std::vector<std::string> groups;  // group names the user joins (staff)
};

/// Thread-safe; references must outlive it. Writes need the admin role (kPermissionDenied otherwise); reads of
/// the catalog are open to every signed-in user; reads of people are staff only.
class DirectoryService {
 public:
    /// `gate` (optional) bounds concurrent password hashing.
    DirectoryService(store::Store& store, const Clock& clock, PolicyCache& policy, PasswordGate* gate = nullptr);

    /// kInvalidArgument naming the field; kConflict if the login is taken.
    Result<User> CreateUser(const Actor& actor, const NewUser& input);
    /// The same without an actor, for the shell (`sladesk admin create-user`) and demo data.
    Result<User> CreateUserAsSystem(const NewUser& input);
    Result<User> GetUser(const Actor& actor, UserId id);
    Result<std::vector<User>> ListUsers(const Actor& actor, std::optional<Role> role, std::int64_t after_id, int limit);
    Result<std::vector<Organisation>> ListOrganisations(const Actor& actor);
    Result<std::vector<Group>> ListGroups(const Actor& actor);
    Result<std::vector<Service>> ListServices(const Actor& actor);
    Result<std::vector<Category>> ListCategories(const Actor& actor);
    Result<std::vector<CannedResponse>> ListCannedResponses(const Actor& actor);
    /// The canned response with its variables filled for `ticket` (staff only).
    Result<std::string> RenderCannedResponse(const Actor& actor, CannedResponseId id, TicketId ticket);
    Result<Policy> CurrentPolicy();

 private:
    Result<User> InsertUser(const NewUser& input);

    store::Store& store_;
    const Clock& clock_;
    PolicyCache& policy_;
    PasswordGate* gate_;  // optional
};

}  // namespace sladesk::service
