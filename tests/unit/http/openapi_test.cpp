// The OpenAPI document and the route table describe the same API.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "http/api_context.hpp"
#include "http/openapi.hpp"

namespace sladesk::http {
namespace {

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

TEST(OpenApiTest, IsValidOpenApi3) {
    const auto document = nlohmann::json::parse(OpenApiDocument());
    EXPECT_EQ(document.at("openapi").get<std::string>().substr(0, 2), "3.");
    EXPECT_TRUE(document.at("info").contains("title"));
    EXPECT_TRUE(document.at("paths").is_object());
}

TEST(OpenApiTest, DocumentsExactlyTheApiRoutes) {
    const auto document = nlohmann::json::parse(OpenApiDocument());
    std::set<std::string> documented;
    for (const auto& [path, operations] : document.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) documented.insert(Lower(method) + " " + path);
    }
    std::set<std::string> served;
    for (const Route& route : AllRoutes()) {
        if (route.path.starts_with("/api/v1/")) served.insert(Lower(route.method) + " " + route.path);
    }
    EXPECT_EQ(documented, served);
}

TEST(OpenApiTest, RoutesTheServerAuthenticatesRequireTheBearerScheme) {
    const auto document = nlohmann::json::parse(OpenApiDocument());
    for (const Route& route : AllRoutes()) {
        if (!route.path.starts_with("/api/v1/")) continue;
        const auto& operation = document.at("paths").at(route.path).at(Lower(route.method));
        // A user's bearer token: the document's default, or "bearer" named. Public routes say "security": [];
        // the mail intake names its own scheme ("mailgate"), which its handler checks, not the server.
        bool user_token = !operation.contains("security");
        for (const auto& requirement : operation.value("security", nlohmann::json::array())) {
            if (requirement.contains("bearer")) user_token = true;
        }
        EXPECT_EQ(user_token, route.authenticated) << route.method << " " << route.path;
    }
}

TEST(OpenApiTest, EveryReferencedSchemaExists) {
    const auto document = nlohmann::json::parse(OpenApiDocument());
    const auto& components = document.at("components");
    std::function<void(const nlohmann::json&)> check = [&](const nlohmann::json& node) {
        if (node.is_object()) {
            if (auto ref = node.find("$ref"); ref != node.end()) {
                const std::string target = ref->get<std::string>();
                const auto slash = target.find('/', 13);  // "#/components/<kind>/<name>"
                EXPECT_TRUE(components.at(target.substr(13, slash - 13)).contains(target.substr(slash + 1))) << target;
            }
            for (const auto& [key, value] : node.items()) check(value);
        } else if (node.is_array()) {
            for (const auto& value : node) check(value);
        }
    };
    check(document);
}

}  // namespace
}  // namespace sladesk::http
