// People: agents, managers, admins and customers; organisations and groups.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/ids.hpp"
#include "core/utc_time.hpp"

namespace sladesk {

enum class Role { kCustomer, kAgent, kSupervisor, kServiceLevelManager, kAdmin };
enum class GroupKind { kDesk, kTeam, kSupplier };

inline constexpr EnumNames<Role, 5> kRoleNames{{{
    {Role::kCustomer, "customer"},
    {Role::kAgent, "agent"},
    {Role::kSupervisor, "supervisor"},
    {Role::kServiceLevelManager, "service_level_manager"},
    {Role::kAdmin, "admin"},
}}};
inline constexpr EnumNames<GroupKind, 3> kGroupKindNames{{{
    {GroupKind::kDesk, "desk"},
    {GroupKind::kTeam, "team"},
    {GroupKind::kSupplier, "supplier"},
}}};

/// A user account. Customers carry a class and grade (names from the configured lists) and may have an account
/// manager; `org_admin` lets a customer see every ticket of their organisation.
struct User {
    UserId id;
    std::string login;
    std::string display_name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    Role role = Role::kCustomer;
    std::optional<OrganisationId> organisation_id;
    bool org_admin = false;
    std::optional<std::string> customer_class;
    std::optional<std::string> customer_grade;
    std::optional<UserId> account_manager_id;
    std::string language = "zh-CN";
    bool active = true;
    UtcTime created_at;
};

struct Organisation {
    OrganisationId id;
    std::string name;
    UtcTime created_at;
};

struct Group {
    GroupId id;
    std::string name;
    GroupKind kind = GroupKind::kTeam;
    std::optional<std::string> email;
    std::vector<UserId> members;
};

struct Service {
    ServiceId id;
    std::string code;
    std::string name;
    std::string description;
    std::optional<GroupId> owner_group_id;
    bool active = true;
};

/// A node of the category tree; `path` is the slash-joined codes from the root ("key/login").
struct Category {
    CategoryId id;
    std::string path;
    std::string name;
    std::optional<CategoryId> parent_id;
};

/// Who is asking: resolved from a token on every request, passed to every service call.
struct Actor {
    UserId id;
    Role role = Role::kCustomer;
    std::optional<OrganisationId> organisation_id;
    bool org_admin = false;
    std::vector<GroupId> groups;

    bool IsCustomer() const { return role == Role::kCustomer; }
    bool IsStaff() const { return role != Role::kCustomer; }
    /// Supervisors, service level managers and admins see every ticket.
    bool SeesAllTickets() const {
        return role == Role::kSupervisor || role == Role::kServiceLevelManager || role == Role::kAdmin;
    }
};

}  // namespace sladesk
