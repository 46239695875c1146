#include "rules/ticket_lifecycle.hpp"

#include <gtest/gtest.h>

namespace sladesk::rules {
namespace {

using S = TicketStatus;

TEST(TicketLifecycleTest, FollowsTheDocumentedPath) {
    EXPECT_TRUE(CheckStaffTransition(S::kNew, S::kAcknowledged));
    EXPECT_TRUE(CheckStaffTransition(S::kAcknowledged, S::kInProgress));
    EXPECT_TRUE(CheckStaffTransition(S::kInProgress, S::kPendingCustomer));
    EXPECT_TRUE(CheckStaffTransition(S::kPendingCustomer, S::kInProgress));
    EXPECT_TRUE(CheckStaffTransition(S::kInProgress, S::kPendingSupplier));
    EXPECT_TRUE(CheckStaffTransition(S::kPendingSupplier, S::kResolved));
    EXPECT_TRUE(CheckStaffTransition(S::kResolved, S::kClosed));
    EXPECT_TRUE(CheckStaffTransition(S::kResolved, S::kInProgress));  // reopen
}

TEST(TicketLifecycleTest, RejectsSkipsAndLeavingClosed) {
    EXPECT_EQ(CheckStaffTransition(S::kNew, S::kClosed).error().message(), "cannot change status from new to closed");
    EXPECT_FALSE(CheckStaffTransition(S::kInProgress, S::kClosed));
    EXPECT_FALSE(CheckStaffTransition(S::kClosed, S::kInProgress));
    EXPECT_FALSE(CheckStaffTransition(S::kInProgress, S::kNew));
    EXPECT_TRUE(CheckStaffTransition(S::kClosed, S::kClosed));  // no change is no transition
}

TEST(TicketLifecycleTest, CustomerReplyHandsBackPendingTickets) {
    EXPECT_EQ(StatusAfterCustomerReply(S::kPendingCustomer), S::kInProgress);
    EXPECT_EQ(StatusAfterCustomerReply(S::kPendingSupplier), S::kPendingSupplier);
    EXPECT_EQ(StatusAfterCustomerReply(S::kNew), S::kNew);
}

TEST(TicketLifecycleTest, OpenMeansNotResolvedOrClosed) {
    EXPECT_TRUE(IsOpen(S::kPendingSupplier));
    EXPECT_FALSE(IsOpen(S::kResolved));
    EXPECT_FALSE(IsOpen(S::kClosed));
}

}  // namespace
}  // namespace sladesk::rules
