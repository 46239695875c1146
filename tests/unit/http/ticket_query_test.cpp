#include "http/ticket_query.hpp"

#include <gtest/gtest.h>

namespace sladesk::http {
namespace {

Request WithQuery(std::multimap<std::string, std::string> query) {
    Request request;
    request.query = std::move(query);
    Actor actor;
    actor.id = UserId{42};
    actor.role = Role::kAgent;
    request.actor = actor;
    return request;
}

TEST(TicketQueryTest, ReadsFilters) {
    auto query = ParseTicketQuery(WithQuery({{"status", "new,in_progress"}, {"assignee", "me"}, {"priority", "2"},
                                             {"q", "登录"}, {"sort", "-updated_at"}, {"limit", "10"}}));
    ASSERT_TRUE(query) << query.error().message();
    EXPECT_EQ(query->statuses, (std::vector<TicketStatus>{TicketStatus::kNew, TicketStatus::kInProgress}));
    EXPECT_EQ(query->assignee_id, UserId{42});
    EXPECT_EQ(query->priority, 2);
    EXPECT_EQ(query->text, "登录");
    EXPECT_EQ(query->sort, store::TicketSort::kUpdatedAt);
    EXPECT_TRUE(query->descending);
    EXPECT_EQ(query->limit, 10);
}

TEST(TicketQueryTest, RejectsMalformedParameters) {
    EXPECT_FALSE(ParseTicketQuery(WithQuery({{"status", "new,,closed"}})));
    EXPECT_FALSE(ParseTicketQuery(WithQuery({{"limit", "0"}})));
    EXPECT_FALSE(ParseTicketQuery(WithQuery({{"limit", "abc"}})));
    EXPECT_FALSE(ParseTicketQuery(WithQuery({{"sort", "colour"}})));
    EXPECT_FALSE(ParseTicketQuery(WithQuery({{"group", "-1"}})));
    EXPECT_FALSE(ParseTicketQuery(WithQuery({{"cursor", "not-a-cursor"}})));
    EXPECT_EQ(ParseTicketQuery(WithQuery({{"colour", "red"}})).error().message(), "unknown query parameter 'colour'");
}

TEST(TicketQueryTest, CursorRoundTripsAndIsBoundToItsSort) {
    auto query = *ParseTicketQuery(WithQuery({{"sort", "created_at"}}));
    Ticket last;
    last.id = TicketId{17};
    last.created_at = FromEpochSeconds(1700000000);
    const std::string cursor = EncodeCursor(query, last);
    auto next = ParseTicketQuery(WithQuery({{"sort", "created_at"}, {"cursor", cursor}}));
    ASSERT_TRUE(next);
    EXPECT_EQ(next->after, std::make_pair(std::int64_t{1700000000}, std::int64_t{17}));
    EXPECT_FALSE(ParseTicketQuery(WithQuery({{"sort", "-created_at"}, {"cursor", cursor}})));
}

}  // namespace
}  // namespace sladesk::http
