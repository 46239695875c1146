#include "mail/mailgate.hpp"

#include <gtest/gtest.h>

#include "mail/mailgate_token.hpp"

namespace sladesk::mail {
namespace {

Result<notify::HttpResponse> Answer(int status, std::string body = "") {
    return notify::HttpResponse{status, std::move(body)};
}

TEST(MailgateTest, InboundUrlFromABaseUrl) {
    EXPECT_EQ(InboundUrl("http://127.0.0.1:8080"), "http://127.0.0.1:8080/api/v1/mail/inbound");
    EXPECT_EQ(InboundUrl("https://desk.example.com/"), "https://desk.example.com/api/v1/mail/inbound");
    EXPECT_EQ(InboundUrl("http://h/api/v1/mail/inbound"), "http://h/api/v1/mail/inbound");
}

TEST(MailgateTest, StoredIsZero) {
    const auto outcome = MailgateOutcomeFor(Answer(200, R"({"outcome":"appended","duplicate":true})"));
    EXPECT_EQ(outcome.exit_code, kExitDelivered);
    EXPECT_EQ(outcome.message, "appended (duplicate)");
}

TEST(MailgateTest, AnythingUncertainIsTempFailSoTheMtaRetries) {
    EXPECT_EQ(MailgateOutcomeFor(Error::Unavailable("POST http://h:1: Couldn't connect")).exit_code, kExitTempFail);
    for (int status : {500, 502, 503, 408, 409, 429, 404, 401}) {
        EXPECT_EQ(MailgateOutcomeFor(Answer(status)).exit_code, kExitTempFail) << status;
    }
}

TEST(MailgateTest, RefusalsAreReturnedToTheSenderWithTheServersReason) {
    const auto bad = MailgateOutcomeFor(
        Answer(400, R"({"error":{"code":"invalid_argument","message":"the message has no usable From address"}})"));
    EXPECT_EQ(bad.exit_code, kExitDataError);
    EXPECT_EQ(bad.message, "rejected: HTTP 400 invalid_argument: the message has no usable From address");
    EXPECT_EQ(MailgateOutcomeFor(Answer(413, "not json")).exit_code, kExitDataError);
    EXPECT_EQ(MailgateOutcomeFor(Answer(413, "not json")).message, "rejected: HTTP 413");
    EXPECT_EQ(MailgateOutcomeFor(Answer(403)).exit_code, kExitNoPermission);
}

TEST(MailgateTokenTest, AcceptsOnlyTheConfiguredBearerToken) {
    EXPECT_FALSE(MailgateToken::FromSecret("short"));
    auto token = MailgateToken::FromSecret("  0123456789abcdef-secret\n");
    ASSERT_TRUE(token);
    EXPECT_TRUE(token->Check("Bearer 0123456789abcdef-secret"));
    EXPECT_FALSE(token->Check("Bearer 0123456789abcdef-secreT"));
    EXPECT_FALSE(token->Check("0123456789abcdef-secret"));
    EXPECT_FALSE(token->Check(std::nullopt));
    EXPECT_TRUE(token->Check("Bearer x").error().Is(ErrorCode::kUnauthenticated));
}

}  // namespace
}  // namespace sladesk::mail
