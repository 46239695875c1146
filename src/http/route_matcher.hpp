// Matches a request's method and path against the route table without regular expressions. Pure.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sladesk::http {

/// Immutable after construction; safe to share between threads. Templates use OpenAPI syntax
/// ("/api/v1/tickets/{id}"); a {param} segment matches 1 to 18 ASCII digits (a positive 64-bit id), except a
/// parameter called {name}, which matches 1 to 200 bytes of URL-safe characters and %XX escapes and is handed
/// over percent-decoded (names of calendars and agreements, Chinese included).
class RouteMatcher {
 public:
    struct Match {
        std::size_t route = 0;                     // index into the templates given to the constructor
        std::map<std::string, std::string> params;  // {param} name -> digits, or the decoded {name}
    };

    /// `routes` are (method, template) pairs in priority order.
    explicit RouteMatcher(const std::vector<std::pair<std::string, std::string>>& routes);

    /// The first route whose method and template match, or false if none does. `path` excludes the query.
    bool Find(std::string_view method, std::string_view path, Match& match) const;
    /// Whether some route matches `path` with any method (to tell 405 from 404).
    bool PathKnown(std::string_view path) const;

 private:
    enum class SegmentKind { kLiteral, kId, kName };
    struct Segment {
        std::string text;  // literal text, or the parameter's name
        SegmentKind kind = SegmentKind::kLiteral;
    };
    struct Compiled {
        std::string method;
        std::vector<Segment> segments;
    };

    static bool Matches(const Compiled& route, const std::vector<std::string_view>& parts);

    std::vector<Compiled> routes_;
};

}  // namespace sladesk::http
