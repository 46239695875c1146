#include "mail/ticket_tag.hpp"

#include <gtest/gtest.h>

namespace sladesk::mail {
namespace {

TEST(TicketTagTest, FindsTheFirstWellFormedTag) {
    EXPECT_EQ(FindTicketTag("Re: [#12345] printer"), TicketId{12345});
    EXPECT_EQ(FindTicketTag("回复：[#7] 打印机"), TicketId{7});
    EXPECT_EQ(FindTicketTag("[#] [#x] [#0] [#12"), std::nullopt);
    EXPECT_EQ(FindTicketTag("[#abc] then [#9]"), TicketId{9});
    EXPECT_EQ(FindTicketTag("[#1234567890123456789]"), std::nullopt);  // 19 digits: not an id
    EXPECT_EQ(FindTicketTag("order #12345 is late"), std::nullopt);    // never a bare number
}

TEST(TicketTagTest, TaggedSubjectRoundTrips) {
    EXPECT_EQ(TaggedSubject(TicketId{42}, "打印机"), "[#42] 打印机");
    EXPECT_EQ(FindTicketTag(TaggedSubject(TicketId{42}, "x")), TicketId{42});
}

}  // namespace
}  // namespace sladesk::mail
