#include "http/http_types.hpp"

namespace sladesk::http {

std::optional<std::string> Request::Header(const std::string& name) const {
    if (auto found = headers.find(name); found != headers.end()) return found->second;
    return std::nullopt;
}

std::optional<std::string> Request::Query(const std::string& name) const {
    if (auto found = query.find(name); found != query.end()) return found->second;
    return std::nullopt;
}

}  // namespace sladesk::http
