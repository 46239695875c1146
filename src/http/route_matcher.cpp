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

constexpr std::size_t kMaxNameBytes = 200;

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

/// `text` percent-decoded if it is a well-formed name segment (unreserved characters and %XX escapes, decoding to
/// no control characters), else empty.
std::string DecodeName(std::string_view text) {
    if (text.empty() || text.size() > kMaxNameBytes) return {};
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (IsUnreserved(text[i])) {
            decoded.push_back(text[i]);
            continue;
        }
        if (text[i] != '%' || i + 2 >= text.size() || HexValue(text[i + 1]) < 0 || HexValue(text[i + 2]) < 0) {
            return {};
        }
        const auto byte = static_cast<unsigned char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
        if (byte < 0x20 || byte == 0x7f || byte == '/') return {};
        decoded.push_back(static_cast<char>(byte));
        i += 2;
    }
    return decoded;
}

}  // namespace

RouteMatcher::RouteMatcher(const std::vector<std::pair<std::string, std::string>>& routes) {
    for (const auto& [method, path] : routes) {
        Compiled compiled{method, {}};
        for (std::string_view part : Split(path)) {
            if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
                const std::string name(part.substr(1, part.size() - 2));
                compiled.segments.push_back({name, name == "name" ? SegmentKind::kName : SegmentKind::kId});
            } else {
                compiled.segments.push_back({std::string(part), SegmentKind::kLiteral});
            }
        }
        routes_.push_back(std::move(compiled));
    }
}

bool RouteMatcher::Matches(const Compiled& route, const std::vector<std::string_view>& parts) {
    if (route.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const Segment& segment = route.segments[i];
        switch (segment.kind) {
            case SegmentKind::kLiteral:
                if (segment.text != parts[i]) return false;
                break;
            case SegmentKind::kId:
                if (!IsId(parts[i])) return false;
                break;
            case SegmentKind::kName:
                if (DecodeName(parts[i]).empty()) return false;
                break;
        }
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
            const Segment& segment = route.segments[i];
            if (segment.kind == SegmentKind::kId) match.params.emplace(segment.text, std::string(parts[i]));
            if (segment.kind == SegmentKind::kName) match.params.emplace(segment.text, DecodeName(parts[i]));
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
