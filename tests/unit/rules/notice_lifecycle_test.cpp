#include "rules/notice_lifecycle.hpp"

#include <gtest/gtest.h>

namespace sladesk::rules {
namespace {

TEST(NoticeLifecycleTest, ForwardStepsOnly) {
    EXPECT_TRUE(CheckNoticeTransition(NoticeState::kOpen, NoticeState::kAcknowledged));
    EXPECT_TRUE(CheckNoticeTransition(NoticeState::kAcknowledged, NoticeState::kMitigated));
    EXPECT_TRUE(CheckNoticeTransition(NoticeState::kAcknowledged, NoticeState::kResolved));
    EXPECT_TRUE(CheckNoticeTransition(NoticeState::kMitigated, NoticeState::kResolved));
    EXPECT_FALSE(CheckNoticeTransition(NoticeState::kOpen, NoticeState::kResolved));
    EXPECT_FALSE(CheckNoticeTransition(NoticeState::kOpen, NoticeState::kMitigated));
    EXPECT_FALSE(CheckNoticeTransition(NoticeState::kMitigated, NoticeState::kAcknowledged));
    EXPECT_FALSE(CheckNoticeTransition(NoticeState::kResolved, NoticeState::kReviewed));  // by review only
    auto backwards = CheckNoticeTransition(NoticeState::kResolved, NoticeState::kOpen);
    ASSERT_FALSE(backwards);
    EXPECT_TRUE(backwards.error().Is(ErrorCode::kConflict));
    EXPECT_NE(backwards.error().message().find("resolved to open"), std::string::npos);
}

TEST(NoticeLifecycleTest, ReviewOnlyAfterResolution) {
    EXPECT_TRUE(CheckReview(NoticeState::kResolved));
    EXPECT_FALSE(CheckReview(NoticeState::kMitigated));
    EXPECT_FALSE(CheckReview(NoticeState::kReviewed));
}

TEST(NoticeLifecycleTest, RolesRankForOwnership) {
    EXPECT_FALSE(RequireNoticeManager(Role::kAgent, "x"));
    EXPECT_FALSE(RequireNoticeManager(Role::kCustomer, "x"));
    EXPECT_TRUE(RequireNoticeManager(Role::kSupervisor, "x"));
    EXPECT_TRUE(RequireOwnerOrAbove(Role::kAdmin, Role::kServiceLevelManager, "x"));
    EXPECT_TRUE(RequireOwnerOrAbove(Role::kServiceLevelManager, Role::kServiceLevelManager, "x"));
    auto denied = RequireOwnerOrAbove(Role::kSupervisor, Role::kServiceLevelManager, "approve");
    ASSERT_FALSE(denied);
    EXPECT_TRUE(denied.error().Is(ErrorCode::kPermissionDenied));
    EXPECT_FALSE(RequireOwnerOrAbove(Role::kAgent, Role::kSupervisor, "x"));
}

}  // namespace
}  // namespace sladesk::rules
