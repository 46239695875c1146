#include "store/directory_repo.hpp"

namespace sladesk::store {
namespace {

#define SLADESK_USER_COLUMNS                                                                                   \
    "id, login, display_name, email, phone, role, organisation_id, org_admin, customer_class, customer_grade, " \
    "account_manager_id, language, active, created_at"

constexpr NamedQuery kInsertUser{"user_insert",
    "INSERT INTO users (login, display_name, email, phone, role, password_hash, organisation_id, org_admin, "
    "customer_class, customer_grade, account_manager_id, language, active, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id"};
constexpr NamedQuery kGetUser{"user_get", "SELECT " SLADESK_USER_COLUMNS " FROM users WHERE id = $1"};
constexpr NamedQuery kGetUserByLogin{"user_get_by_login", "SELECT " SLADESK_USER_COLUMNS " FROM users WHERE login = $1"};
constexpr NamedQuery kPasswordHash{"user_password_hash",
    "SELECT id, password_hash FROM users WHERE login = $1 AND active = 1 AND password_hash IS NOT NULL"};
constexpr NamedQuery kSetPassword{"user_set_password", "UPDATE users SET password_hash = $1 WHERE id = $2"};
constexpr NamedQuery kListUsers{"users_list",
    "SELECT " SLADESK_USER_COLUMNS " FROM users WHERE id > $1 ORDER BY id LIMIT $2"};
constexpr NamedQuery kListUsersByRole{"users_list_by_role",
    "SELECT " SLADESK_USER_COLUMNS " FROM users WHERE id > $1 AND role = $3 ORDER BY id LIMIT $2"};
constexpr NamedQuery kUpdateUser{"user_update",
    "UPDATE users SET display_name = $1, email = $2, phone = $3, role = $4, organisation_id = $5, org_admin = $6, "
    "customer_class = $7, customer_grade = $8, account_manager_id = $9, language = $10, active = $11 WHERE id = $12"};
constexpr NamedQuery kInsertOrganisation{"organisation_insert",
    "INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id"};
constexpr NamedQuery kFindOrganisation{"organisation_find", "SELECT id FROM organisations WHERE name = $1"};
constexpr NamedQuery kListOrganisations{"organisations_list", "SELECT id, name, created_at FROM organisations ORDER BY id"};
constexpr NamedQuery kUpsertGroup{"group_upsert",
    "INSERT INTO groups (name, kind, email, created_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, email = excluded.email RETURNING id"};
constexpr NamedQuery kFindGroup{"group_find", "SELECT id, name, kind, email FROM groups WHERE name = $1"};
constexpr NamedQuery kGetGroup{"group_get", "SELECT id, name, kind, email FROM groups WHERE id = $1"};
constexpr NamedQuery kListGroups{"groups_list", "SELECT id, name, kind, email FROM groups ORDER BY name"};
constexpr NamedQuery kGroupMembers{"group_members", "SELECT user_id FROM group_members WHERE group_id = $1 ORDER BY user_id"};
constexpr NamedQuery kAddMember{"group_member_add",
    "INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"};
constexpr NamedQuery kGroupsOf{"groups_of_user", "SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id"};
constexpr NamedQuery kUpsertService{"service_upsert",
    "INSERT INTO services (code, name, description, owner_group_id, active) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description, "
    "owner_group_id = excluded.owner_group_id, active = excluded.active RETURNING id"};
constexpr NamedQuery kListServices{"services_list",
    "SELECT id, code, name, description, owner_group_id, active FROM services ORDER BY code"};
constexpr NamedQuery kGetService{"service_get",
    "SELECT id, code, name, description, owner_group_id, active FROM services WHERE id = $1"};
constexpr NamedQuery kUpsertCategory{"category_upsert",
    "INSERT INTO categories (path, name, parent_id) VALUES ($1, $2, $3) "
    "ON CONFLICT (path) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id RETURNING id"};
constexpr NamedQuery kListCategories{"categories_list", "SELECT id, path, name, parent_id FROM categories ORDER BY path"};
constexpr NamedQuery kGetCategory{"category_get", "SELECT id, path, name, parent_id FROM categories WHERE id = $1"};

SqlValue IdOrNull(const auto& optional_id) {
    if (!optional_id) return std::monostate{};
    return optional_id->value;
}

User UserFromRow(const SqlRow& row) {
    User user;
    user.id = UserId{row.Int(0)};
    user.login = row.Text(1);
    user.display_name = row.Text(2);
    user.email = row.OptText(3);
    user.phone = row.OptText(4);
    user.role = kRoleNames.Parse(row.Text(5)).value_or(Role::kCustomer);
    if (auto organisation = row.OptInt(6)) user.organisation_id = OrganisationId{*organisation};
    user.org_admin = row.Int(7) != 0;
    user.customer_class = row.OptText(8);
    user.customer_grade = row.OptText(9);
    if (auto manager = row.OptInt(10)) user.account_manager_id = UserId{*manager};
    user.language = row.Text(11);
    user.active = row.Int(12) != 0;
    user.created_at = FromEpochSeconds(row.Int(13));
    return user;
}

Group GroupFromRow(const SqlRow& row) {
    Group group;
    group.id = GroupId{row.Int(0)};
    group.name = row.Text(1);
    group.kind = kGroupKindNames.Parse(row.Text(2)).value_or(GroupKind::kTeam);
    group.email = row.OptText(3);
    return group;
}

Service ServiceFromRow(const SqlRow& row) {
    Service service;
    service.id = ServiceId{row.Int(0)};
    service.code = row.Text(1);
    service.name = row.Text(2);
    service.description = row.Text(3);
    if (auto owner = row.OptInt(4)) service.owner_group_id = GroupId{*owner};
    service.active = row.Int(5) != 0;
    return service;
}

Category CategoryFromRow(const SqlRow& row) {
    Category category;
    category.id = CategoryId{row.Int(0)};
    category.path = row.Text(1);
    category.name = row.Text(2);
    if (auto parent = row.OptInt(3)) category.parent_id = CategoryId{*parent};
    return category;
}

Error Taken(const Error& error, const std::string& what) {
    if (error.Is(ErrorCode::kConflict)) return Error::Conflict(what + " already exists");
    return error;
}

}  // namespace

Result<UserId> DirectoryRepo::InsertUser(SqlConnection& db, const User& user,
                                         const std::optional<std::string>& password_hash) {
    const SqlValue params[] = {user.login, user.display_name, OptionalValue(user.email), OptionalValue(user.phone),
                               std::string(kRoleNames.Name(user.role)), OptionalValue(password_hash),
                               IdOrNull(user.organisation_id), std::int64_t{user.org_admin ? 1 : 0},
                               OptionalValue(user.customer_class), OptionalValue(user.customer_grade),
                               IdOrNull(user.account_manager_id), user.language, std::int64_t{user.active ? 1 : 0},
                               ToEpochSeconds(user.created_at)};
    auto row = QueryOne(db, kInsertUser, params, "inserted user id");
    if (!row) return Taken(row.error(), "user with login '" + user.login + "'");
    return UserId{row->Int(0)};
}

Result<User> DirectoryRepo::GetUser(SqlConnection& db, UserId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetUser, params, "user " + std::to_string(id.value)));
    return UserFromRow(row);
}

Result<User> DirectoryRepo::GetUserByLogin(SqlConnection& db, const std::string& login) {
    const SqlValue params[] = {login};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetUserByLogin, params, "user '" + login + "'"));
    return UserFromRow(row);
}

Result<std::pair<UserId, std::string>> DirectoryRepo::PasswordHash(SqlConnection& db, const std::string& login) {
    const SqlValue params[] = {login};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kPasswordHash, params, "user"));
    return std::make_pair(UserId{row.Int(0)}, row.Text(1));
}

Status DirectoryRepo::SetPassword(SqlConnection& db, UserId id, const std::string& password_hash) {
    const SqlValue params[] = {password_hash, id.value};
    SLADESK_TRY(db.Execute(kSetPassword, params));
    return OkStatus();
}

Result<std::vector<User>> DirectoryRepo::ListUsers(SqlConnection& db, std::optional<Role> role, std::int64_t after_id,
                                                   int limit) {
    if (role) {
        const SqlValue params[] = {after_id, std::int64_t{limit}, std::string(kRoleNames.Name(*role))};
        return QueryAll(db, kListUsersByRole, params, UserFromRow);
    }
    const SqlValue params[] = {after_id, std::int64_t{limit}};
    return QueryAll(db, kListUsers, params, UserFromRow);
}

Status DirectoryRepo::UpdateUser(SqlConnection& db, const User& user) {
    const SqlValue params[] = {user.display_name, OptionalValue(user.email), OptionalValue(user.phone),
                               std::string(kRoleNames.Name(user.role)), IdOrNull(user.organisation_id),
                               std::int64_t{user.org_admin ? 1 : 0}, OptionalValue(user.customer_class),
                               OptionalValue(user.customer_grade), IdOrNull(user.account_manager_id), user.language,
                               std::int64_t{user.active ? 1 : 0}, user.id.value};
    SLADESK_TRY(db.Execute(kUpdateUser, params));
    return OkStatus();
}

Result<OrganisationId> DirectoryRepo::InsertOrganisation(SqlConnection& db, const std::string& name, UtcTime at) {
    const SqlValue params[] = {name, ToEpochSeconds(at)};
    auto row = QueryOne(db, kInsertOrganisation, params, "inserted organisation id");
    if (!row) return Taken(row.error(), "organisation '" + name + "'");
    return OrganisationId{row->Int(0)};
}

Result<std::optional<OrganisationId>> DirectoryRepo::FindOrganisation(SqlConnection& db, const std::string& name) {
    const SqlValue params[] = {name};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kFindOrganisation, params));
    if (rows.empty()) return std::optional<OrganisationId>{};
    return std::optional<OrganisationId>{OrganisationId{rows.front().Int(0)}};
}

Result<std::vector<Organisation>> DirectoryRepo::ListOrganisations(SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kListOrganisations, {}));
    std::vector<Organisation> organisations;
    for (const SqlRow& row : rows) {
        organisations.push_back({OrganisationId{row.Int(0)}, row.Text(1), FromEpochSeconds(row.Int(2))});
    }
    return organisations;
}

Result<GroupId> DirectoryRepo::UpsertGroup(SqlConnection& db, const Group& group, UtcTime at) {
    const SqlValue params[] = {group.name, std::string(kGroupKindNames.Name(group.kind)), OptionalValue(group.email),
                               ToEpochSeconds(at)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kUpsertGroup, params, "group id"));
    return GroupId{row.Int(0)};
}

Result<std::optional<Group>> DirectoryRepo::FindGroup(SqlConnection& db, const std::string& name) {
    const SqlValue params[] = {name};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kFindGroup, params));
    if (rows.empty()) return std::optional<Group>{};
    return std::optional<Group>{GroupFromRow(rows.front())};
}

Result<Group> DirectoryRepo::GetGroup(SqlConnection& db, GroupId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetGroup, params, "group " + std::to_string(id.value)));
    Group group = GroupFromRow(row);
    SLADESK_ASSIGN_OR_RETURN(SqlRows members, db.Query(kGroupMembers, params));
    for (const SqlRow& member : members) group.members.push_back(UserId{member.Int(0)});
    return group;
}

Result<std::vector<Group>> DirectoryRepo::ListGroups(SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kListGroups, {}));
    std::vector<Group> groups;
    for (const SqlRow& row : rows) {
        Group group = GroupFromRow(row);
        const SqlValue params[] = {group.id.value};
        SLADESK_ASSIGN_OR_RETURN(SqlRows members, db.Query(kGroupMembers, params));
        for (const SqlRow& member : members) group.members.push_back(UserId{member.Int(0)});
        groups.push_back(std::move(group));
    }
    return groups;
}

Status DirectoryRepo::AddMember(SqlConnection& db, GroupId group, UserId user) {
    const SqlValue params[] = {group.value, user.value};
    SLADESK_TRY(db.Execute(kAddMember, params));
    return OkStatus();
}

Result<std::vector<GroupId>> DirectoryRepo::GroupsOf(SqlConnection& db, UserId user) {
    const SqlValue params[] = {user.value};
    return QueryAll(db, kGroupsOf, params, [](const SqlRow& row) { return GroupId{row.Int(0)}; });
}

Result<ServiceId> DirectoryRepo::UpsertService(SqlConnection& db, const Service& service) {
    const SqlValue params[] = {service.code, service.name, service.description, IdOrNull(service.owner_group_id),
                               std::int64_t{service.active ? 1 : 0}};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kUpsertService, params, "service id"));
    return ServiceId{row.Int(0)};
}

Result<std::vector<Service>> DirectoryRepo::ListServices(SqlConnection& db) {
    return QueryAll(db, kListServices, {}, ServiceFromRow);
}

Result<Service> DirectoryRepo::GetService(SqlConnection& db, ServiceId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetService, params, "service " + std::to_string(id.value)));
    return ServiceFromRow(row);
}

Result<CategoryId> DirectoryRepo::UpsertCategory(SqlConnection& db, const Category& category) {
    const SqlValue params[] = {category.path, category.name, IdOrNull(category.parent_id)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kUpsertCategory, params, "category id"));
    return CategoryId{row.Int(0)};
}

Result<std::vector<Category>> DirectoryRepo::ListCategories(SqlConnection& db) {
    return QueryAll(db, kListCategories, {}, CategoryFromRow);
}

Result<Category> DirectoryRepo::GetCategory(SqlConnection& db, CategoryId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetCategory, params, "category " + std::to_string(id.value)));
    return CategoryFromRow(row);
}

}  // namespace sladesk::store
