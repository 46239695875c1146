#include "http/route_matcher.hpp"

#include <gtest/gtest.h>

namespace sladesk::http {
namespace {

const RouteMatcher kMatcher({{"GET", "/api/v1/tickets"},
                             {"POST", "/api/v1/tickets"},
                             {"GET", "/api/v1/tickets/{id}"},
                             {"POST", "/api/v1/tickets/{id}/articles"},
                             {"GET", "/healthz"}});

TEST(RouteMatcherTest, MatchesLiteralsAndNumericParameters) {
    RouteMatcher::Match match;
    ASSERT_TRUE(kMatcher.Find("POST", "/api/v1/tickets", match));
    EXPECT_EQ(match.route, 1u);
    ASSERT_TRUE(kMatcher.Find("GET", "/api/v1/tickets/42", match));
    EXPECT_EQ(match.route, 2u);
    EXPECT_EQ(match.params.at("id"), "42");
    ASSERT_TRUE(kMatcher.Find("POST", "/api/v1/tickets/7/articles", match));
    EXPECT_EQ(match.params.at("id"), "7");
}

TEST(RouteMatcherTest, RejectsNonIdsWrongMethodsAndNearMisses) {
    RouteMatcher::Match match;
    EXPECT_FALSE(kMatcher.Find("GET", "/api/v1/tickets/abc", match));
    EXPECT_FALSE(kMatcher.Find("GET", "/api/v1/tickets/-1", match));
    EXPECT_FALSE(kMatcher.Find("GET", "/api/v1/tickets/1234567890123456789", match));  // over 18 digits
    EXPECT_FALSE(kMatcher.Find("GET", "/api/v1/tickets/", match));
    EXPECT_FALSE(kMatcher.Find("GET", "/api/v1/tickets/1/articles", match));
    EXPECT_FALSE(kMatcher.Find("DELETE", "/api/v1/tickets/1", match));
    EXPECT_FALSE(kMatcher.Find("GET", "api/v1/tickets", match));
    EXPECT_FALSE(kMatcher.Find("GET", "", match));
}

TEST(RouteMatcherTest, KnowsPathsServedWithOtherMethods) {
    EXPECT_TRUE(kMatcher.PathKnown("/api/v1/tickets/3"));
    EXPECT_FALSE(kMatcher.PathKnown("/api/v1/nothing"));
}

TEST(RouteMatcherTest, NameParametersTakeUrlSafeTextAndAreDecoded) {
    const RouteMatcher matcher({{"GET", "/api/v1/calendars/{name}"}, {"GET", "/api/v1/calendars/{name}/ics"}});
    RouteMatcher::Match match;
    ASSERT_TRUE(matcher.Find("GET", "/api/v1/calendars/cn-office", match));
    EXPECT_EQ(match.params.at("name"), "cn-office");
    ASSERT_TRUE(matcher.Find("GET", "/api/v1/calendars/%E6%9C%8D%E5%8A%A1%E5%8F%B0/ics", match));
    EXPECT_EQ(match.route, 1u);
    EXPECT_EQ(match.params.at("name"), "服务台");
    EXPECT_FALSE(matcher.Find("GET", "/api/v1/calendars/a%2Fb", match));   // an encoded slash
    EXPECT_FALSE(matcher.Find("GET", "/api/v1/calendars/a%0Ab", match));   // a control character
    EXPECT_FALSE(matcher.Find("GET", "/api/v1/calendars/bad%zz", match));  // a broken escape
    EXPECT_FALSE(matcher.Find("GET", "/api/v1/calendars/50%", match));     // a cut-off escape
    EXPECT_FALSE(matcher.Find("GET", "/api/v1/calendars/a b", match));
    EXPECT_FALSE(matcher.Find("GET", "/api/v1/calendars/" + std::string(201, 'x'), match));
}

}  // namespace
}  // namespace sladesk::http
