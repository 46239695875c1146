// JSON mapping for users, organisations, groups, services, categories, canned responses and login.
#pragma once

#include <nlohmann/json.hpp>

#include "core/article.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "service/directory_service.hpp"
#include "service/policy.hpp"

namespace sladesk::http::json {

/// Never includes the password hash.
nlohmann::json ToJson(const User& user);
nlohmann::json ToJson(const Organisation& organisation);
nlohmann::json ToJson(const Group& group);
nlohmann::json ToJson(const Service& service);
nlohmann::json ToJson(const Category& category);
nlohmann::json ToJson(const CannedResponse& canned);
nlohmann::json ToJson(const service::Policy& policy);

struct LoginRequest {
    std::string login;
    std::string password;
};

Result<LoginRequest> ParseLogin(const std::string& body);
Result<service::NewUser> ParseNewUser(const std::string& body);
/// {"name": "..."} for a new API token.
Result<std::string> ParseTokenName(const std::string& body);

}  // namespace sladesk::http::json
