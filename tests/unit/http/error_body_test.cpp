#include "http/error_body.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sladesk::http {
namespace {

TEST(ErrorBodyTest, MapsEveryCodeToItsStatus) {
    EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kPreconditionFailed), 412);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kTooLarge), 413);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kRateLimited), 429);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

TEST(ErrorBodyTest, WritesCodeAndMessage) {
    const Response response = ErrorResponse(Error::NotFound("ticket 7"));
    EXPECT_EQ(response.status, 404);
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "not_found");
    EXPECT_EQ(body["error"]["message"], "ticket 7");
}

TEST(ErrorBodyTest, HidesInternalDetails) {
    const auto body = nlohmann::json::parse(ErrorResponse(Error::Internal("SELECT * FROM users failed")).body);
    EXPECT_EQ(body["error"]["message"], "internal error");
}

TEST(ErrorBodyTest, AsksForBearerOn401) {
    const Response response = ErrorResponse(Error::Unauthenticated("no token"));
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].first, "WWW-Authenticate");
}

}  // namespace
}  // namespace sladesk::http
