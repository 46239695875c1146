#include "mail/quoted_history.hpp"

#include <gtest/gtest.h>

namespace sladesk::mail {
namespace {

TEST(QuotedHistoryTest, EnglishWroteLine) {
    const SplitReply split = SplitQuotedHistory("Thanks!\n\nOn Fri, 27 Nov 2026, Desk <d@x> wrote:\n> old\n");
    EXPECT_EQ(split.reply, "Thanks!");
    EXPECT_EQ(split.history, "On Fri, 27 Nov 2026, Desk <d@x> wrote:\n> old\n");
}

TEST(QuotedHistoryTest, WrappedWroteLine) {
    const SplitReply split = SplitQuotedHistory("Yes.\nOn Fri, 27 Nov 2026 at 10:00, Service Desk\n<d@x> wrote:\n> q");
    EXPECT_EQ(split.reply, "Yes.");
}

TEST(QuotedHistoryTest, ChineseMarkersAndSeparators) {
    EXPECT_EQ(SplitQuotedHistory("好的\n于2026年11月27日 写道:\n> 旧").reply, "好的");
    EXPECT_EQ(SplitQuotedHistory("好的\n------------------ 原始邮件 ------------------\n发件人: x").reply, "好的");
    EXPECT_EQ(SplitQuotedHistory("ok\n-----Original Message-----\nFrom: x").reply, "ok");
}

TEST(QuotedHistoryTest, TrailingQuotedLinesWithoutMarker) {
    const SplitReply split = SplitQuotedHistory("answer\n\n> q1\n>\n> q2\n");
    EXPECT_EQ(split.reply, "answer");
    EXPECT_EQ(split.history, "> q1\n>\n> q2\n");
}

TEST(QuotedHistoryTest, InterleavedQuotesAreKept) {
    const std::string text = "> question 1\nanswer 1\n> question 2\nanswer 2";
    EXPECT_EQ(SplitQuotedHistory(text).reply, text);
    EXPECT_EQ(SplitQuotedHistory(text).history, "");
}

TEST(QuotedHistoryTest, NothingCutWhenTheReplyWouldBeEmpty) {
    const std::string forwarded = "-----Original Message-----\nFrom: a\nthe story";
    EXPECT_EQ(SplitQuotedHistory(forwarded).reply, forwarded);
    EXPECT_EQ(SplitQuotedHistory("").reply, "");
}

}  // namespace
}  // namespace sladesk::mail
