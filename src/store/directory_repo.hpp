// People and structure: users, organisations, groups and their members, services, categories.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/user.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// Stateless; every function runs on the connection (and transaction) it is given. Inserts return kConflict
/// naming the clashing login/name when it is taken.
class DirectoryRepo {
 public:
    static Result<UserId> InsertUser(SqlConnection& db, const User& user, const std::optional<std::string>& password_hash);
    static Result<User> GetUser(SqlConnection& db, UserId id);
    static Result<User> GetUserByLogin(SqlConnection& db, const std::string& login);
    /// The stored argon2id hash for `login` with the user's id; kNotFound if no such active user.
    static Result<std::pair<UserId, std::string>> PasswordHash(SqlConnection& db, const std::string& login);
    static Status SetPassword(SqlConnection& db, UserId id, const std::string& password_hash);
    /// Users with `role` (all if nullopt), ordered by id, after `after_id`, at most `limit`.
    static Result<std::vector<User>> ListUsers(SqlConnection& db, std::optional<Role> role, std::int64_t after_id, int limit);
    static Status UpdateUser(SqlConnection& db, const User& user);

    static Result<OrganisationId> InsertOrganisation(SqlConnection& db, const std::string& name, UtcTime at);
    static Result<std::optional<OrganisationId>> FindOrganisation(SqlConnection& db, const std::string& name);
    static Result<std::vector<Organisation>> ListOrganisations(SqlConnection& db);

    /// Inserts the group, or updates kind/email of the group with that name; returns its id.
    static Result<GroupId> UpsertGroup(SqlConnection& db, const Group& group, UtcTime at);
    static Result<std::optional<Group>> FindGroup(SqlConnection& db, const std::string& name);
    static Result<Group> GetGroup(SqlConnection& db, GroupId id);
    static Result<std::vector<Group>> ListGroups(SqlConnection& db);
    static Status AddMember(SqlConnection& db, GroupId group, UserId user);
    static Result<std::vector<GroupId>> GroupsOf(SqlConnection& db, UserId user);

    /// Inserts or updates (by code) a service; returns its id.
    static Result<ServiceId> UpsertService(SqlConnection& db, const Service& service);
    static Result<std::vector<Service>> ListServices(SqlConnection& db);
    static Result<Service> GetService(SqlConnection& db, ServiceId id);

    /// Inserts or renames (by path) a category; returns its id.
    static Result<CategoryId> UpsertCategory(SqlConnection& db, const Category& category);
    static Result<std::vector<Category>> ListCategories(SqlConnection& db);
    static Result<Category> GetCategory(SqlConnection& db, CategoryId id);
};

}  // namespace sladesk::store
