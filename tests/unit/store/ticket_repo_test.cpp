// TicketRepo: round trip, optimistic locking, uniqueness, history, links and tags, on SQLite and PostgreSQL.
// With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test
#include "store/ticket_repo.hpp"

#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "seed.hpp"
#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::store {
namespace {

template <typename B>
class TicketRepoTest : public SeededStoreTest<B> {
 protected:
    Result<Ticket> Get(TicketId id) {
        return this->InRead([&](SqlConnection& db) { return TicketRepo::Get(db, id); });
    }
};
TYPED_TEST_SUITE(TicketRepoTest, Backends, BackendNames);

TYPED_TEST(TicketRepoTest, InsertedTicketReadsBackFieldForField) {
    Ticket ticket = MakeTicket("无法登录网上营业厅", this->dir_.alice, this->dir_.east, 60);
    ticket.kind = TicketKind::kComplaint;
    ticket.channel = Channel::kServiceHall;
    ticket.status = TicketStatus::kAcknowledged;
    ticket.impact = "high";
    ticket.urgency = "low";
    ticket.priority = 2;
    ticket.group_id = this->dir_.desk;
    ticket.assignee_id = this->dir_.desk_agent;
    ticket.created_by = this->dir_.desk_agent;
    ticket.tags = {"vip", "login", "vip"};
    const TicketId id = this->Insert(ticket);
    ASSERT_TRUE(id.valid());

    auto stored = this->Get(id);
    ASSERT_TRUE(stored) << stored.error().message();
    EXPECT_EQ(stored->id, id);
    EXPECT_EQ(stored->title, "无法登录网上营业厅");
    EXPECT_EQ(stored->kind, TicketKind::kComplaint);
    EXPECT_EQ(stored->channel, Channel::kServiceHall);
    EXPECT_EQ(stored->status, TicketStatus::kAcknowledged);
    EXPECT_EQ(stored->impact, "high");
    EXPECT_EQ(stored->urgency, "low");
    EXPECT_EQ(stored->priority, 2);
    EXPECT_EQ(stored->customer_id, this->dir_.alice);
    EXPECT_EQ(stored->organisation_id, this->dir_.east);
    EXPECT_EQ(stored->service_id, std::nullopt);
    EXPECT_EQ(stored->group_id, this->dir_.desk);
    EXPECT_EQ(stored->assignee_id, this->dir_.desk_agent);
    EXPECT_EQ(stored->created_by, this->dir_.desk_agent);
    EXPECT_EQ(stored->created_at, At(60));
    EXPECT_EQ(stored->updated_at, At(60));
    EXPECT_EQ(stored->resolved_at, std::nullopt);
    EXPECT_EQ(stored->version, 1);
    EXPECT_EQ(stored->tags, (std::vector<std::string>{"login", "vip"}));

    auto missing = this->Get(TicketId{id.value + 1000});
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().Is(ErrorCode::kNotFound)) << missing.error().message();
}

TYPED_TEST(TicketRepoTest, StaleVersionIsRejectedAndChangesNothing) {
    const TicketId id = this->Insert(MakeTicket("打印机卡纸", this->dir_.bob, this->dir_.west));
    auto original = this->Get(id);
    ASSERT_TRUE(original) << original.error().message();

    Ticket first = *original;
    first.title = "打印机卡纸（三楼）";
    first.status = TicketStatus::kResolved;
    first.resolved_at = At(120);
    first.updated_at = At(120);
    auto version = this->InWrite([&](SqlConnection& db) { return TicketRepo::Update(db, first); });
    ASSERT_TRUE(version) << version.error().message();
    EXPECT_EQ(*version, 2);

    Ticket stale = *original;  // still version 1
    stale.title = "overwritten";
    auto rejected = this->InWrite([&](SqlConnection& db) { return TicketRepo::Update(db, stale); });
    ASSERT_FALSE(rejected);
    EXPECT_TRUE(rejected.error().Is(ErrorCode::kPreconditionFailed)) << rejected.error().message();

    auto stored = this->Get(id);
    ASSERT_TRUE(stored) << stored.error().message();
    EXPECT_EQ(stored->title, "打印机卡纸（三楼）");
    EXPECT_EQ(stored->status, TicketStatus::kResolved);
    EXPECT_EQ(stored->resolved_at, At(120));
    EXPECT_EQ(stored->version, 2);

    Ticket next = *stored;
    next.status = TicketStatus::kClosed;
    next.closed_at = At(180);
    auto third = this->InWrite([&](SqlConnection& db) { return TicketRepo::Update(db, next); });
    ASSERT_TRUE(third) << third.error().message();
    EXPECT_EQ(*third, 3);
}

TYPED_TEST(TicketRepoTest, UpdateOfMissingTicketIsPreconditionFailed) {
    Ticket ghost = MakeTicket("ghost", this->dir_.bob, std::nullopt);
    ghost.id = TicketId{424242};
    auto result = this->InWrite([&](SqlConnection& db) { return TicketRepo::Update(db, ghost); });
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().Is(ErrorCode::kPreconditionFailed)) << result.error().message();
}

TYPED_TEST(TicketRepoTest, UniqueViolationsAreConflicts) {
    auto user = this->InWrite([](SqlConnection& db) {
        return DirectoryRepo::InsertUser(db, MakeUser("alice", Role::kAgent), std::string("hash"));
    });
    ASSERT_FALSE(user);
    EXPECT_TRUE(user.error().Is(ErrorCode::kConflict)) << user.error().message();

    auto organisation =
        this->InWrite([](SqlConnection& db) { return DirectoryRepo::InsertOrganisation(db, "华东电力", At(0)); });
    ASSERT_FALSE(organisation);
    EXPECT_TRUE(organisation.error().Is(ErrorCode::kConflict)) << organisation.error().message();

    TokenRecord token{0, this->dir_.alice, TokenKind::kSession, "", At(0), std::nullopt};
    ASSERT_TRUE(this->InWrite([&](SqlConnection& db) { return AuthRepo::InsertToken(db, "h1", token); }));
    auto again = this->InWrite([&](SqlConnection& db) { return AuthRepo::InsertToken(db, "h1", token); });
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().Is(ErrorCode::kConflict)) << again.error().message();

    // The store stays healthy after the failed writes.
    auto fresh =
        this->InWrite([](SqlConnection& db) { return DirectoryRepo::InsertOrganisation(db, "南方燃气", At(0)); });
    EXPECT_TRUE(fresh) << fresh.error().message();
}

TYPED_TEST(TicketRepoTest, HistoryKeepsEveryChangeInOrder) {
    const TicketId id = this->Insert(MakeTicket("VPN 断线", this->dir_.alice, this->dir_.east));
    const HistoryEntry changes[] = {
        {0, id, this->dir_.desk_agent, At(10), "status", std::string("new"), std::string("acknowledged")},
        {0, id, std::nullopt, At(20), "priority", std::string("3"), std::string("2")},
        {0, id, this->dir_.net_agent, At(30), "assignee", std::nullopt, std::string("net-agent")},
    };
    for (const HistoryEntry& change : changes) {
        ASSERT_TRUE(this->InWrite([&](SqlConnection& db) { return TicketRepo::AddHistory(db, change); }));
    }
    auto history = this->InRead([&](SqlConnection& db) { return TicketRepo::History(db, id); });
    ASSERT_TRUE(history) << history.error().message();
    ASSERT_EQ(history->size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const HistoryEntry& entry = (*history)[i];
        EXPECT_GT(entry.id, 0);
        EXPECT_EQ(entry.ticket_id, id);
        EXPECT_EQ(entry.actor_id, changes[i].actor_id);
        EXPECT_EQ(entry.at, changes[i].at);
        EXPECT_EQ(entry.field, changes[i].field);
        EXPECT_EQ(entry.old_value, changes[i].old_value);
        EXPECT_EQ(entry.new_value, changes[i].new_value);
    }
    EXPECT_LT((*history)[0].id, (*history)[1].id);
}

TYPED_TEST(TicketRepoTest, DuplicateLinkIsConflictOtherKindsAreFine) {
    const TicketId a = this->Insert(MakeTicket("支付失败", this->dir_.alice, this->dir_.east));
    const TicketId b = this->Insert(MakeTicket("支付失败 again", this->dir_.alice, this->dir_.east));
    const TicketId c = this->Insert(MakeTicket("支付页面报错", this->dir_.bob, this->dir_.west));
    auto link = [&](TicketId from, LinkKind kind, TicketId to, std::int64_t at) {
        return this->InWrite([&](SqlConnection& db) { return TicketRepo::AddLink(db, from, {kind, to}, At(at)); });
    };
    ASSERT_TRUE(link(b, LinkKind::kDuplicate, a, 1));
    ASSERT_TRUE(link(b, LinkKind::kRelated, a, 2));
    ASSERT_TRUE(link(b, LinkKind::kRelated, c, 3));
    auto duplicate = link(b, LinkKind::kDuplicate, a, 4);
    ASSERT_FALSE(duplicate);
    EXPECT_TRUE(duplicate.error().Is(ErrorCode::kConflict)) << duplicate.error().message();

    auto links = this->InRead([&](SqlConnection& db) { return TicketRepo::Links(db, b); });
    ASSERT_TRUE(links) << links.error().message();
    ASSERT_EQ(links->size(), 3u);
    EXPECT_EQ((*links)[0].kind, LinkKind::kDuplicate);
    EXPECT_EQ((*links)[0].target, a);
    EXPECT_EQ((*links)[1].kind, LinkKind::kRelated);
    EXPECT_EQ((*links)[1].target, a);
    EXPECT_EQ((*links)[2].target, c);
    auto none = this->InRead([&](SqlConnection& db) { return TicketRepo::Links(db, a); });
    ASSERT_TRUE(none) << none.error().message();
    EXPECT_TRUE(none->empty());
}

TYPED_TEST(TicketRepoTest, ReplaceTagsSwapsTheWholeSet) {
    Ticket ticket = MakeTicket("发票抬头错误", this->dir_.bob, this->dir_.west);
    ticket.tags = {"billing", "发票"};
    const TicketId id = this->Insert(ticket);
    ASSERT_TRUE(this->InWrite([&](SqlConnection& db) {
        return TicketRepo::ReplaceTags(db, id, {"urgent", "billing", "urgent"});
    }));
    auto stored = this->Get(id);
    ASSERT_TRUE(stored) << stored.error().message();
    EXPECT_EQ(stored->tags, (std::vector<std::string>{"billing", "urgent"}));

    ASSERT_TRUE(this->InWrite([&](SqlConnection& db) { return TicketRepo::ReplaceTags(db, id, {}); }));
    stored = this->Get(id);
    ASSERT_TRUE(stored) << stored.error().message();
    EXPECT_TRUE(stored->tags.empty());
}

TYPED_TEST(TicketRepoTest, CountsTicketsByStatus) {
    Ticket open = MakeTicket("a", this->dir_.alice, this->dir_.east);
    Ticket resolved = MakeTicket("b", this->dir_.bob, this->dir_.west);
    resolved.status = TicketStatus::kResolved;
    this->Insert(open);
    this->Insert(open);
    this->Insert(resolved);
    auto counts = this->InRead([](SqlConnection& db) { return TicketRepo::CountByStatus(db); });
    ASSERT_TRUE(counts) << counts.error().message();
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(*counts, (Counts{{"new", 2}, {"resolved", 1}}));
}

}  // namespace
}  // namespace sladesk::store
