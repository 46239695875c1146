#include "service/login_throttle.hpp"

#include <gtest/gtest.h>

namespace sladesk::service {
namespace {

TEST(LoginThrottleTest, RefusesAfterTooManyFailuresUntilTheWindowPasses) {
    LoginThrottle throttle({3, std::chrono::seconds(60)});
    const UtcTime t0 = FromEpochSeconds(1000);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(throttle.Allowed("login:bob", t0));
        throttle.RecordFailure("login:bob", t0);
    }
    EXPECT_FALSE(throttle.Allowed("login:bob", t0 + std::chrono::seconds(59)));
    EXPECT_TRUE(throttle.Allowed("login:alice", t0));
    EXPECT_TRUE(throttle.Allowed("login:bob", t0 + std::chrono::seconds(60)));
}

TEST(LoginThrottleTest, SuccessClearsFailures) {
    LoginThrottle throttle({2, std::chrono::seconds(60)});
    const UtcTime t0 = FromEpochSeconds(1000);
    throttle.RecordFailure("login:bob", t0);
    throttle.RecordSuccess("login:bob");
    throttle.RecordFailure("login:bob", t0);
    EXPECT_TRUE(throttle.Allowed("login:bob", t0));
}

}  // namespace
}  // namespace sladesk::service
