#include "mail/confirmation.hpp"

#include <gtest/gtest.h>

namespace sladesk::mail {
namespace {

TEST(ConfirmationTest, ShortConfirmationsOnTheFirstLine) {
    for (const char* reply : {"确认关闭", "确认关闭。", "  确认！", "\n\n关闭\n", "Confirm", "CLOSE IT.", "resolved!",
                              "同意关闭\n\n张伟\n13800001111", "\xE3\x80\x80已解决\xE3\x80\x80"}) {
        EXPECT_TRUE(IsConfirmation(reply)) << reply;
    }
}

TEST(ConfirmationTest, AnythingElseIsAnOrdinaryReply) {
    for (const char* reply : {"", "  \n", "不确认", "确认一下，打印机还是坏的", "please do not close", "closed?",
                              "还有问题\n确认关闭", "ok"}) {
        EXPECT_FALSE(IsConfirmation(reply)) << reply;
    }
}

}  // namespace
}  // namespace sladesk::mail
