#include "http/route_matcher.hpp"

namespace sladesk::http {
namespace {

constexpr std::size_t kMaxIdDigits = 18;

/// Splits "/a/b/c" into {"a","b","c"}; a trailing slash yields an empty last segment (so it does not match).
std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> parts;
    if (path.empty() || path.front() != '/') return parts;
    std::size_t start = 1;
    for (;;) {
        const std::size_t slash = path.find('/', start);
        parts.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return parts;
}

bool IsId(std::string_view text) {
    if (text.empty() || text.size() > kMaxIdDigits) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

RouteMatcher::RouteMatcher(const std::vector<std::pair<std::string, std::string>>& routes) {
    for (const auto& [method, path] : routes) {
        Compiled compiled{method, {}};
        for (std::string_view part : Split(path)) {
            if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
                compiled.segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
            } else {
                compiled.segments.push_back({std::string(part), false});
            }
        }
        routes_.push_back(std::move(compiled));
    }
}

bool RouteMatcher::Matches(const Compiled& route, const std::vector<std::string_view>& parts) {
    if (route.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const Segment& segment = route.segments[i];
        if (!(segment.parameter ? IsId(parts[i]) : segment.text == parts[i])) return false;
    }
    return true;
}

bool RouteMatcher::Find(std::string_view method, std::string_view path, Match& match) const {
    const std::vector<std::string_view> parts = Split(path);
    for (std::size_t index = 0; index < routes_.size(); ++index) {
        const Compiled& route = routes_[index];
        if (route.method != method || !Matches(route, parts)) continue;
        match.route = index;
        match.params.clear();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (route.segments[i].parameter) match.params.emplace(route.segments[i].text, std::string(parts[i]));
        }
        return true;
    }
    return false;
}

bool RouteMatcher::PathKnown(std::string_view path) const {
    const std::vector<std::string_view> parts = Split(path);
    for (const Compiled& route : routes_) {
        if (Matches(route, parts)) return true;
    }
    return false;
}

}  // namespace sladesk::http
