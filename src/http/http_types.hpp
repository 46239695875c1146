// Our own request/response values, so handlers never see RESTinio types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/user.hpp"

namespace sladesk::http {

/// One HTTP request as handlers see it. Header names are lower-case.
struct Request {
    std::string method;
    std::string path;
    std::string route;  // the matched route template, e.g. "/api/v1/tickets/{id}"
    std::map<std::string, std::string> path_params;
    std::multimap<std::string, std::string> query;
    std::map<std::string, std::string> headers;
    std::string body;
    std::string client;          // remote address, for rate limiting
    std::optional<Actor> actor;  // set for authenticated routes
    std::optional<std::string> token;

    /// The header's value, or nullopt. `name` must be lower-case.
    std::optional<std::string> Header(const std::string& name) const;
    /// The single query parameter's value, or nullopt.
    std::optional<std::string> Query(const std::string& name) const;
    /// The actor; only valid on authenticated routes (the server guarantees it is set there).
    const Actor& actor_ref() const { return *actor; }
};

struct Response {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace sladesk::http
