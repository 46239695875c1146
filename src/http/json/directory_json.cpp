#include "http/json/directory_json.hpp"

#include "http/json/object_reader.hpp"

namespace sladesk::http::json {
namespace {

nlohmann::json TextOrNull(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

template <typename IdType>
nlohmann::json IdOrNull(const std::optional<IdType>& id) {
    return id ? nlohmann::json(id->value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const User& user) {
    return {{"id", user.id.value},
            {"login", user.login},
            {"display_name", user.display_name},
            {"email", TextOrNull(user.email)},
            {"phone", TextOrNull(user.phone)},
            {"role", kRoleNames.Name(user.role)},
            {"organisation", IdOrNull(user.organisation_id)},
            {"org_admin", user.org_admin},
            {"customer_class", TextOrNull(user.customer_class)},
            {"customer_grade", TextOrNull(user.customer_grade)},
            {"account_manager", IdOrNull(user.account_manager_id)},
            {"language", user.language},
            {"active", user.active},
            {"created_at", FormatIso8601(user.created_at)}};
}

nlohmann::json ToJson(const Organisation& organisation) {
    return {{"id", organisation.id.value}, {"name", organisation.name},
            {"created_at", FormatIso8601(organisation.created_at)}};
}

nlohmann::json ToJson(const Group& group) {
    nlohmann::json members = nlohmann::json::array();
    for (UserId member : group.members) members.push_back(member.value);
    return {{"id", group.id.value}, {"name", group.name}, {"kind", kGroupKindNames.Name(group.kind)},
            {"email", TextOrNull(group.email)}, {"members", members}};
}

nlohmann::json ToJson(const Service& service) {
    return {{"id", service.id.value}, {"code", service.code}, {"name", service.name},
            {"description", service.description}, {"owner_group", IdOrNull(service.owner_group_id)},
            {"active", service.active}};
}

nlohmann::json ToJson(const Category& category) {
    return {{"id", category.id.value}, {"path", category.path}, {"name", category.name},
            {"parent", IdOrNull(category.parent_id)}};
}

nlohmann::json ToJson(const CannedResponse& canned) {
    return {{"id", canned.id.value}, {"name", canned.name}, {"language", canned.language}, {"body", canned.body}};
}

nlohmann::json ToJson(const service::Policy& policy) {
    const auto& matrix = policy.priority_matrix;
    return {{"priority_matrix",
             {{"impacts", matrix.impacts()},
              {"urgencies", matrix.urgencies()},
              {"matrix", matrix.cells()},
              {"grade_raise", matrix.grade_raise()}}},
            {"customer_classes", policy.customer_classes},
            {"customer_grades", policy.customer_grades},
            {"auto_close_working_days", policy.auto_close_working_days}};
}

Result<LoginRequest> ParseLogin(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    LoginRequest request{reader.String("login", 100), reader.String("password", 1024)};
    SLADESK_TRY(reader.Finish());
    return request;
}

Result<service::NewUser> ParseNewUser(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    service::NewUser user;
    user.login = reader.String("login", 100);
    user.password = reader.String("password", 1024);
    user.display_name = reader.OptString("display_name", 200).value_or("");
    if (auto role = reader.OptEnum("role", kRoleNames)) user.role = *role;
    user.email = reader.OptString("email", 254);
    user.phone = reader.OptString("phone", 64);
    user.organisation = reader.OptString("organisation", 200);
    user.org_admin = reader.OptBool("org_admin").value_or(false);
    user.customer_class = reader.OptString("customer_class", 64);
    user.customer_grade = reader.OptString("customer_grade", 64);
    if (auto manager = reader.OptInt("account_manager", 1, std::numeric_limits<std::int64_t>::max())) {
        user.account_manager_id = UserId{*manager};
    }
    user.language = reader.OptString("language", 8).value_or("zh-CN");
    user.groups = reader.OptStringList("groups", 50, 200).value_or(std::vector<std::string>{});
    SLADESK_TRY(reader.Finish());
    return user;
}

Result<std::string> ParseTokenName(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    std::string name = reader.String("name", 200);
    SLADESK_TRY(reader.Finish());
    return name;
}

}  // namespace sladesk::http::json
