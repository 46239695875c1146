// NoticeRepo: one active notice per rule (the constraint), the rule lock, links and counts, the burst window query
// (category subtree, time, tickets already on the rule's notices), timelines, on SQLite and PostgreSQL.
// With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test
#include "store/notice_repo.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "backend_fixture.hpp"
#include "seed.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::store {
namespace {

template <typename B>
class NoticeRepoTest : public SeededStoreTest<B> {
 protected:
    void SetUp() override {
        SeededStoreTest<B>::SetUp();
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
        for (const char* path : {"key", "key/login", "key/login_sms", "keyboard", "key/login/2fa"}) {
            auto id = this->InWrite([&](SqlConnection& db) {
                Category category;
                category.path = path;
                category.name = path;
                const std::string text(path);
                if (auto slash = text.rfind('/'); slash != std::string::npos) {
                    category.parent_id = categories_.at(text.substr(0, slash));
                }
                return DirectoryRepo::UpsertCategory(db, category);
            });
            ASSERT_TRUE(id) << id.error().message();
            categories_[path] = *id;
        }
    }

    Notice RuleNotice(const std::string& rule, std::int64_t offset = 0) {
        Notice notice;
        notice.title = rule + " burst";
        notice.rule = rule;
        notice.grade = 3;
        notice.opened_at = At(offset);
        notice.updated_at = At(offset);
        return notice;
    }

    TicketId Complaint(const std::string& path, std::int64_t offset) {
        Ticket ticket = MakeTicket("complaint " + path, this->dir_.alice, this->dir_.east, offset);
        ticket.category_id = categories_.at(path);
        return this->Insert(ticket);
    }

    std::map<std::string, CategoryId> categories_;
};
TYPED_TEST_SUITE(NoticeRepoTest, Backends, BackendNames);

TYPED_TEST(NoticeRepoTest, OneActiveNoticePerRuleUntilResolved) {
    auto first = this->InWrite([&](SqlConnection& db) -> Result<std::optional<NoticeId>> {
        SLADESK_TRY(NoticeRepo::LockRule(db, "key-login"));
        return NoticeRepo::InsertForRule(db, this->RuleNotice("key-login"));
    });
    ASSERT_TRUE(first) << first.error().message();
    ASSERT_TRUE(first->has_value());
    auto second = this->InWrite([&](SqlConnection& db) { return NoticeRepo::InsertForRule(db, this->RuleNotice("key-login")); });
    ASSERT_TRUE(second) << second.error().message();
    EXPECT_FALSE(second->has_value()) << "the unique partial index refuses a second active notice of the rule";
    auto other_rule = this->InWrite([&](SqlConnection& db) { return NoticeRepo::InsertForRule(db, this->RuleNotice("key-pay")); });
    ASSERT_TRUE(other_rule && other_rule->has_value());
    Notice manual = this->RuleNotice("ignored");
    manual.rule.reset();
    for (int i = 0; i < 2; ++i) {  // notices opened by hand have no rule and never conflict
        ASSERT_TRUE(this->InWrite([&](SqlConnection& db) { return NoticeRepo::Insert(db, manual); }));
    }

    auto active = this->InRead([&](SqlConnection& db) { return NoticeRepo::FindActiveForRule(db, "key-login"); });
    ASSERT_TRUE(active && active->has_value());
    EXPECT_EQ((*active)->id, **first);
    Notice resolved = **active;
    resolved.state = NoticeState::kResolved;
    resolved.resolved_at = At(100);
    auto version = this->InWrite([&](SqlConnection& db) { return NoticeRepo::Update(db, resolved); });
    ASSERT_TRUE(version) << version.error().message();
    EXPECT_EQ(*version, resolved.version + 1);
    auto stale = this->InWrite([&](SqlConnection& db) { return NoticeRepo::Update(db, resolved); });
    ASSERT_FALSE(stale);
    EXPECT_TRUE(stale.error().Is(ErrorCode::kPreconditionFailed));
    auto none = this->InRead([&](SqlConnection& db) { return NoticeRepo::FindActiveForRule(db, "key-login"); });
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    auto next = this->InWrite([&](SqlConnection& db) { return NoticeRepo::InsertForRule(db, this->RuleNotice("key-login")); });
    ASSERT_TRUE(next && next->has_value()) << "a resolved notice frees its rule for the next burst";
}

TYPED_TEST(NoticeRepoTest, WindowCoversTheSubtreeTheTimeAndTicketsNotOnTheRulesNotices) {
    const TicketId old_one = this->Complaint("key/login", 0);
    const TicketId login = this->Complaint("key/login", 600);
    const TicketId deeper = this->Complaint("key/login/2fa", 700);
    this->Complaint("key/login_sms", 800);  // a sibling whose name starts alike: not in the subtree
    this->Complaint("keyboard", 800);
    this->Complaint("key", 800);  // the parent
    auto window = this->InRead([&](SqlConnection& db) {
        return NoticeRepo::WindowTickets(db, "key-login", "key/login", At(600));
    });
    ASSERT_TRUE(window) << window.error().message();
    std::vector<TicketId> ids;
    for (const WindowTicket& ticket : *window) ids.push_back(ticket.id);
    EXPECT_EQ(ids, (std::vector<TicketId>{login, deeper}));
    EXPECT_EQ(window->front().category_path, "key/login");
    EXPECT_EQ(window->front().customer_grade, std::nullopt);

    auto notice = this->InWrite([&](SqlConnection& db) { return NoticeRepo::InsertForRule(db, this->RuleNotice("key-login")); });
    ASSERT_TRUE(notice && notice->has_value());
    auto linked = this->InWrite([&](SqlConnection& db) { return NoticeRepo::LinkTicket(db, **notice, login, At(900)); });
    ASSERT_TRUE(linked && *linked);
    window = this->InRead([&](SqlConnection& db) {
        return NoticeRepo::WindowTickets(db, "key-login", "key/login", At(0));
    });
    ASSERT_TRUE(window);
    ids.clear();
    for (const WindowTicket& ticket : *window) ids.push_back(ticket.id);
    EXPECT_EQ(ids, (std::vector<TicketId>{old_one, deeper})) << "a ticket on the rule's notice is not counted again";
    auto other_rule = this->InRead([&](SqlConnection& db) {
        return NoticeRepo::WindowTickets(db, "other", "key/login", At(0));
    });
    ASSERT_TRUE(other_rule);
    EXPECT_EQ(other_rule->size(), 3U) << "another rule still counts it";
}

TYPED_TEST(NoticeRepoTest, LinksCountOnceAndTimelineKeepsOrder) {
    auto notice = this->InWrite([&](SqlConnection& db) { return NoticeRepo::InsertForRule(db, this->RuleNotice("r")); });
    ASSERT_TRUE(notice && notice->has_value());
    const NoticeId id = **notice;
    const TicketId a = this->Complaint("key", 10);
    const TicketId b = this->Complaint("key", 20);
    for (const TicketId ticket : {b, a, b}) {
        ASSERT_TRUE(this->InWrite([&](SqlConnection& db) { return NoticeRepo::LinkTicket(db, id, ticket, At(30)); }));
    }
    auto stored = this->InRead([&](SqlConnection& db) { return NoticeRepo::Get(db, id); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->ticket_count, 2);
    auto tickets = this->InRead([&](SqlConnection& db) { return NoticeRepo::LinkedTickets(db, id); });
    ASSERT_TRUE(tickets);
    EXPECT_EQ(*tickets, (std::vector<TicketId>{a, b}));
    auto of_ticket = this->InRead([&](SqlConnection& db) { return NoticeRepo::ForTicket(db, a); });
    ASSERT_TRUE(of_ticket);
    ASSERT_EQ(of_ticket->size(), 1U);
    EXPECT_EQ(of_ticket->front().id, id);

    for (const char* kind : {"opened", "linked", "grade"}) {
        ASSERT_TRUE(this->InWrite([&](SqlConnection& db) {
            return NoticeRepo::AddEvent(db, NoticeEvent{0, id, At(40), std::nullopt, kind, std::string("d-") + kind});
        }));
    }
    auto events = this->InRead([&](SqlConnection& db) { return NoticeRepo::Events(db, id); });
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 3U);
    EXPECT_EQ(events->at(0).kind, "opened");
    EXPECT_EQ(events->at(2).detail, "d-grade");
    EXPECT_EQ(events->at(1).at, At(40));
    EXPECT_FALSE(events->at(1).actor_id);

    NoticeQuery query;
    query.states = {NoticeState::kOpen};
    query.grade = 3;
    auto listed = this->InRead([&](SqlConnection& db) { return NoticeRepo::List(db, query); });
    ASSERT_TRUE(listed) << listed.error().message();
    ASSERT_EQ(listed->size(), 1U);
    query.grade = 2;
    listed = this->InRead([&](SqlConnection& db) { return NoticeRepo::List(db, query); });
    ASSERT_TRUE(listed);
    EXPECT_TRUE(listed->empty());
}

// Why the lock exists: without it, two READ COMMITTED transactions each counting the rule's window could each miss
// the other's uncommitted ticket and both stay under the threshold. With it, the second waits for the first to
// commit and then sees its ticket.
TYPED_TEST(NoticeRepoTest, RuleLockMakesTheNextTransactionWaitAndSeeTheTicketsOfTheFirst) {
    if (std::string(TypeParam::kName) == "Sqlite") GTEST_SKIP() << "SQLite's single writer serialises writes";
    auto first = this->database().Connect();
    auto second = this->database().Connect();
    auto third = this->database().Connect();
    ASSERT_TRUE(first && second && third);
    ASSERT_TRUE((*first)->ExecuteScript("BEGIN"));
    ASSERT_TRUE(NoticeRepo::LockRule(**first, "key-login"));
    Ticket ticket = MakeTicket("complaint", this->dir_.alice, this->dir_.east, 100);
    ticket.category_id = this->categories_.at("key/login");
    auto inserted = InsertTicketForTest(**first, ticket);
    ASSERT_TRUE(inserted) << inserted.error().message();

    // Another rule's lock is independent.
    ASSERT_TRUE((*third)->ExecuteScript("BEGIN"));
    EXPECT_TRUE(NoticeRepo::LockRule(**third, "key-payment"));
    ASSERT_TRUE((*third)->ExecuteScript("COMMIT"));

    std::atomic<bool> locked{false};
    Result<std::vector<WindowTicket>> seen = Error::Internal("not run");
    std::thread waiter([&] {
        if (!(*second)->ExecuteScript("BEGIN")) return;
        if (!NoticeRepo::LockRule(**second, "key-login")) return;
        locked = true;
        seen = NoticeRepo::WindowTickets(**second, "key-login", "key/login", At(0));
        (void)(*second)->ExecuteScript("COMMIT");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(locked) << "the second transaction must wait for the first to end";
    ASSERT_TRUE((*first)->ExecuteScript("COMMIT"));
    waiter.join();
    EXPECT_TRUE(locked);
    ASSERT_TRUE(seen) << seen.error().message();
    ASSERT_EQ(seen->size(), 1U);
    EXPECT_EQ(seen->front().id, *inserted);
}

TEST(RuleLockKeyTest, StableAndNonNegative) {
    EXPECT_EQ(RuleLockKey("key-login"), RuleLockKey("key-login"));
    EXPECT_NE(RuleLockKey("key-login"), RuleLockKey("key-payment"));
    EXPECT_GE(RuleLockKey("安全"), 0);
}

}  // namespace
}  // namespace sladesk::store
