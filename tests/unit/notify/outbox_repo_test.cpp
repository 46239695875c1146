// OutboxRepo on SQLite and PostgreSQL: idempotent enqueue, claims and leases, sent / retry with backoff / dead,
// the attempt log, admin lists, and concurrent claims that never share a message.
// With PostgreSQL: scripts/with-postgres.sh build-notify/tests/unit/notify/notify_test
#include "store/outbox_repo.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "store/backend_fixture.hpp"
#include "store/seed.hpp"

namespace sladesk::store {
namespace {

constexpr std::chrono::seconds kLease{60};

OutboxMessage MakeMessage(const std::string& key, UtcTime due, std::optional<TicketId> ticket = std::nullopt) {
    OutboxMessage message;
    message.dedup_key = key;
    message.message_uid = "uid-" + key;
    message.event = "sla_warning";
    message.channel = "email";
    message.recipient = "agent@example.com";
    message.ticket_id = ticket;
    message.language = "zh-CN";
    message.subject = "工单 #1 即将超时";
    message.body_text = "text";
    message.body_html = "<p>html</p>";
    message.next_attempt_at = due;
    message.created_at = At(0);
    return message;
}

DeliveryReport Report(const OutboxMessage& message, bool delivered, std::string error = {}) {
    DeliveryReport report;
    report.message_id = message.id;
    report.attempt = message.attempts;
    report.delivered = delivered;
    report.error = std::move(error);
    report.response_code = delivered ? 200 : 503;
    report.started_at = message.next_attempt_at - kLease;
    report.duration = std::chrono::milliseconds{12};
    return report;
}

template <typename B>
class OutboxRepoTest : public SeededStoreTest<B> {
 protected:
    std::optional<std::int64_t> Enqueue(const OutboxMessage& message) {
        auto id = this->InWrite([&](SqlConnection& db) { return OutboxRepo::Enqueue(db, message); });
        EXPECT_TRUE(id) << id.error().message();
        return id ? *id : std::nullopt;
    }
    std::vector<OutboxMessage> Claim(const std::string& node, UtcTime now, int limit = 100) {
        auto claimed = this->InWrite([&](SqlConnection& db) { return OutboxRepo::Claim(db, node, now, kLease, limit); });
        EXPECT_TRUE(claimed) << claimed.error().message();
        return claimed ? *claimed : std::vector<OutboxMessage>{};
    }
    FinishCounts Finish(const std::string& node, std::vector<DeliveryReport> reports, UtcTime now,
                        RetryPolicy policy = {}) {
        auto counts = this->InWrite(
            [&](SqlConnection& db) { return OutboxRepo::Finish(db, node, reports, policy, now); });
        EXPECT_TRUE(counts) << counts.error().message();
        return counts ? *counts : FinishCounts{};
    }
    OutboxMessage Get(std::int64_t id) {
        auto message = this->InRead([&](SqlConnection& db) { return OutboxRepo::Get(db, id); });
        EXPECT_TRUE(message) << message.error().message();
        return message ? *message : OutboxMessage{};
    }
};
TYPED_TEST_SUITE(OutboxRepoTest, Backends, BackendNames);

TYPED_TEST(OutboxRepoTest, EnqueueIsIdempotentByKey) {
    const TicketId ticket = this->Insert(MakeTicket("printer", this->dir_.alice, this->dir_.east));
    auto first = this->Enqueue(MakeMessage("k1", At(0), ticket));
    ASSERT_TRUE(first.has_value());
    OutboxMessage again = MakeMessage("k1", At(50), ticket);
    again.subject = "different";
    EXPECT_FALSE(this->Enqueue(again).has_value()) << "a re-run enqueues nothing new";
    const OutboxMessage stored = this->Get(*first);
    EXPECT_EQ(stored.subject, "工单 #1 即将超时");
    EXPECT_EQ(stored.state, OutboxState::kPending);
    EXPECT_EQ(stored.ticket_id, ticket);
    EXPECT_EQ(stored.body_html, "<p>html</p>");
    // Another key with the same uid is a conflict, not a silent drop.
    OutboxMessage clash = MakeMessage("k2", At(0));
    clash.message_uid = "uid-k1";
    auto clashed = this->InWrite([&](SqlConnection& db) { return OutboxRepo::Enqueue(db, clash); });
    ASSERT_FALSE(clashed);
    EXPECT_TRUE(clashed.error().Is(ErrorCode::kConflict)) << clashed.error().message();
}

TYPED_TEST(OutboxRepoTest, ClaimTakesDueMessagesOnceUntilTheLeaseEnds) {
    this->Enqueue(MakeMessage("due", At(0)));
    this->Enqueue(MakeMessage("later", At(100)));
    auto claimed = this->Claim("node-a", At(10));
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].dedup_key, "due");
    EXPECT_EQ(claimed[0].state, OutboxState::kSending);
    EXPECT_EQ(claimed[0].attempts, 1);
    EXPECT_EQ(claimed[0].claimed_by, "node-a");
    EXPECT_EQ(claimed[0].next_attempt_at, At(10) + kLease);
    EXPECT_TRUE(this->Claim("node-b", At(20)).empty()) << "held by node-a's lease";
    // node-a died: after the lease another node takes it (and the later one, now due).
    auto taken = this->Claim("node-b", At(10) + kLease + std::chrono::seconds{40});
    ASSERT_EQ(taken.size(), 2u);
    EXPECT_EQ(taken[0].dedup_key, "due");
    EXPECT_EQ(taken[0].attempts, 2);
    // node-a's late report does not override node-b's claim, but its attempt is logged.
    const FinishCounts late = this->Finish("node-a", {Report(claimed[0], true)}, At(200));
    EXPECT_EQ(late.lease_lost, 1);
    EXPECT_EQ(this->Get(taken[0].id).state, OutboxState::kSending);
}

TYPED_TEST(OutboxRepoTest, SentRetryWithBackoffAndDeadAfterMaxAttempts) {
    const auto id = *this->Enqueue(MakeMessage("m", At(0)));
    RetryPolicy policy;
    policy.base = std::chrono::seconds{30};
    policy.cap = std::chrono::seconds{100};
    policy.max_attempts = 3;
    UtcTime now = At(0);
    const std::chrono::seconds expected_waits[] = {std::chrono::seconds{30}, std::chrono::seconds{60}};
    for (const auto wait : expected_waits) {
        auto claimed = this->Claim("n", now);
        ASSERT_EQ(claimed.size(), 1u);
        const FinishCounts counts = this->Finish("n", {Report(claimed[0], false, "HTTP 503")}, now, policy);
        EXPECT_EQ(counts.retried, 1);
        const OutboxMessage stored = this->Get(id);
        EXPECT_EQ(stored.state, OutboxState::kPending);
        EXPECT_EQ(stored.next_attempt_at, now + wait);
        EXPECT_EQ(stored.last_error, "HTTP 503");
        EXPECT_TRUE(this->Claim("n", now + wait - std::chrono::seconds{1}).empty()) << "not before the backoff";
        now += wait;
    }
    auto last = this->Claim("n", now);
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(this->Finish("n", {Report(last[0], false, "HTTP 500")}, now, policy).dead, 1);
    EXPECT_EQ(this->Get(id).state, OutboxState::kDead);
    EXPECT_TRUE(this->Claim("n", now + std::chrono::hours{10}).empty()) << "dead letters are never claimed";

    auto attempts = this->InRead([&](SqlConnection& db) { return OutboxRepo::Attempts(db, id); });
    ASSERT_TRUE(attempts) << attempts.error().message();
    ASSERT_EQ(attempts->size(), 3u);
    EXPECT_EQ((*attempts)[0].outcome, AttemptOutcome::kRetry);
    EXPECT_EQ((*attempts)[0].attempt, 1);
    EXPECT_EQ((*attempts)[0].response_code, 503);
    EXPECT_EQ((*attempts)[0].duration, std::chrono::milliseconds{12});
    EXPECT_EQ((*attempts)[2].outcome, AttemptOutcome::kDead);
    EXPECT_EQ((*attempts)[2].error, "HTTP 500");

    // An admin puts it back; then it is delivered.
    ASSERT_TRUE(this->InWrite([&](SqlConnection& db) -> Status { return OutboxRepo::Requeue(db, id, now); }));
    auto again = this->Claim("n", now);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 1);
    EXPECT_EQ(this->Finish("n", {Report(again[0], true)}, now, policy).sent, 1);
    const OutboxMessage sent = this->Get(id);
    EXPECT_EQ(sent.state, OutboxState::kSent);
    EXPECT_EQ(sent.sent_at, now);
    auto requeue_sent = this->InWrite([&](SqlConnection& db) -> Status { return OutboxRepo::Requeue(db, id, now); });
    EXPECT_FALSE(requeue_sent) << "only dead messages are requeued";
}

TYPED_TEST(OutboxRepoTest, PermanentFailureIsDeadAtOnceAndReleaseGivesBack) {
    const auto bad = *this->Enqueue(MakeMessage("bad", At(0)));
    const auto other = *this->Enqueue(MakeMessage("other", At(0)));
    auto claimed = this->Claim("n", At(0));
    ASSERT_EQ(claimed.size(), 2u);
    DeliveryReport report = Report(claimed[0], false, "unknown channel 'pager'");
    report.permanent = true;
    EXPECT_EQ(this->Finish("n", {report}, At(1)).dead, 1);
    EXPECT_EQ(this->Get(bad).state, OutboxState::kDead);
    const std::int64_t ids[] = {other};
    ASSERT_TRUE(this->InWrite([&](SqlConnection& db) { return OutboxRepo::Release(db, "n", ids); }));
    const OutboxMessage released = this->Get(other);
    EXPECT_EQ(released.state, OutboxState::kPending);
    EXPECT_EQ(released.attempts, 0);
    EXPECT_EQ(this->Claim("m", At(2)).size(), 1u);
}

TYPED_TEST(OutboxRepoTest, NextAttemptListAndCounts) {
    auto none = this->InRead([&](SqlConnection& db) { return OutboxRepo::NextAttemptAt(db); });
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    const TicketId ticket = this->Insert(MakeTicket("vpn", this->dir_.bob, this->dir_.west));
    this->Enqueue(MakeMessage("a", At(30), ticket));
    OutboxMessage hook = MakeMessage("b", At(20));
    hook.channel = "webhook:ops";
    this->Enqueue(hook);
    auto next = this->InRead([&](SqlConnection& db) { return OutboxRepo::NextAttemptAt(db); });
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, At(20));

    OutboxListQuery query;
    query.channel = "webhook:ops";
    auto hooks = this->InRead([&](SqlConnection& db) { return OutboxRepo::List(db, query); });
    ASSERT_TRUE(hooks) << hooks.error().message();
    ASSERT_EQ(hooks->size(), 1u);
    EXPECT_EQ(hooks->front().dedup_key, "b");
    query = {};
    query.ticket_id = ticket;
    auto of_ticket = this->InRead([&](SqlConnection& db) { return OutboxRepo::List(db, query); });
    ASSERT_TRUE(of_ticket);
    ASSERT_EQ(of_ticket->size(), 1u);
    EXPECT_EQ(of_ticket->front().dedup_key, "a");
    query = {};
    query.state = OutboxState::kSent;
    auto sent = this->InRead([&](SqlConnection& db) { return OutboxRepo::List(db, query); });
    ASSERT_TRUE(sent);
    EXPECT_TRUE(sent->empty());

    auto counts = this->InRead([&](SqlConnection& db) { return OutboxRepo::Counts(db); });
    ASSERT_TRUE(counts);
    ASSERT_EQ(counts->size(), 2u);
    EXPECT_EQ(counts->front().channel, "email");
    EXPECT_EQ(counts->front().count, 1);
}

TYPED_TEST(OutboxRepoTest, ConcurrentClaimsNeverShareAMessage) {
    constexpr int kMessages = 300;
    ASSERT_TRUE(this->InWrite([&](SqlConnection& db) -> Status {
        for (int i = 0; i < kMessages; ++i) SLADESK_TRY(OutboxRepo::Enqueue(db, MakeMessage(std::to_string(i), At(0))));
        return OkStatus();
    }));
    std::mutex mu;
    std::multiset<std::int64_t> seen;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (;;) {
                auto claimed = this->Claim("node-" + std::to_string(t), At(1), 25);
                if (claimed.empty()) return;
                std::lock_guard lock(mu);
                for (const auto& message : claimed) seen.insert(message.id);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kMessages));
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), seen.size()) << "a message claimed twice";
}

TEST(OutboxBackoffTest, DoublesFromBaseUpToCap) {
    RetryPolicy policy;
    policy.base = std::chrono::seconds{30};
    policy.cap = std::chrono::seconds{3600};
    EXPECT_EQ(OutboxBackoff(1, policy), std::chrono::seconds{30});
    EXPECT_EQ(OutboxBackoff(2, policy), std::chrono::seconds{60});
    EXPECT_EQ(OutboxBackoff(5, policy), std::chrono::seconds{480});
    EXPECT_EQ(OutboxBackoff(8, policy), std::chrono::seconds{3600});
    EXPECT_EQ(OutboxBackoff(1000, policy), std::chrono::seconds{3600});
}

}  // namespace
}  // namespace sladesk::store
