// The dispatcher on SQLite and PostgreSQL with recording channels and a fake clock (no sleeping): delivery,
// retries with backoff, dead letters, unknown channels, and a node dying between send and mark.
#include "notify/dispatcher.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "store/backend_fixture.hpp"
#include "store/seed.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::notify {
namespace {

using store::At;
using store::OutboxMessage;
using store::OutboxRepo;
using store::OutboxState;
using store::SqlConnection;

/// Records what it was asked to deliver; fails the first `failures` calls with a 503.
class RecordingChannel final : public Channel {
 public:
    explicit RecordingChannel(int failures = 0) : failures_(failures) {}
    DeliveryResult Deliver(const OutboxMessage& message, UtcTime /*now*/) override {
        std::lock_guard lock(mu_);
        delivered_.push_back(message);
        if (failures_ > 0) {
            --failures_;
            return DeliveryResult::Fail("HTTP 503", 503);
        }
        return DeliveryResult::Ok(250);
    }
    std::vector<OutboxMessage> delivered() {
        std::lock_guard lock(mu_);
        return delivered_;
    }

 private:
    std::mutex mu_;
    int failures_;
    std::vector<OutboxMessage> delivered_;
};

OutboxMessage Message(const std::string& key, const std::string& channel, UtcTime due) {
    OutboxMessage message;
    message.dedup_key = key;
    message.message_uid = "uid-" + key;
    message.event = "sla_warning";
    message.channel = channel;
    message.recipient = "agent@example.com";
    message.subject = "工单 " + key;
    message.body_text = "body " + key;
    message.next_attempt_at = due;
    message.created_at = due;
    return message;
}

template <typename B>
class DispatcherTest : public store::SeededStoreTest<B> {
 protected:
    void Enqueue(const OutboxMessage& message) {
        auto id = this->InWrite([&](SqlConnection& db) { return OutboxRepo::Enqueue(db, message); });
        ASSERT_TRUE(id) << id.error().message();
    }
    std::unique_ptr<Dispatcher> Make(std::map<std::string, std::unique_ptr<Channel>> channels) {
        DispatcherOptions options;
        options.node_id = "test-node";
        options.workers = 3;
        options.claim_batch = 7;  // several batches per run
        options.retry.base = std::chrono::seconds{30};
        options.retry.cap = std::chrono::seconds{600};
        options.retry.max_attempts = 3;
        return std::make_unique<Dispatcher>(this->store(), clock_, std::move(channels), options);
    }
    std::vector<OutboxMessage> All() {
        store::OutboxListQuery query;
        query.limit = 1000;
        auto all = this->InRead([&](SqlConnection& db) { return OutboxRepo::List(db, query); });
        EXPECT_TRUE(all) << all.error().message();
        return all ? *all : std::vector<OutboxMessage>{};
    }

    testing::FakeClock clock_{At(0)};
};
TYPED_TEST_SUITE(DispatcherTest, store::Backends, store::BackendNames);

TYPED_TEST(DispatcherTest, DeliversEveryDueMessageOnceAndLogsTheAttempt) {
    for (int i = 0; i < 20; ++i) this->Enqueue(Message("m" + std::to_string(i), "email", At(0)));
    this->Enqueue(Message("later", "email", At(3600)));
    auto channel = std::make_unique<RecordingChannel>();
    RecordingChannel* recorder = channel.get();
    std::map<std::string, std::unique_ptr<Channel>> channels;
    channels["email"] = std::move(channel);
    auto dispatcher = this->Make(std::move(channels));

    auto report = dispatcher->RunOnce(this->clock_.Now());
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->claimed, 20);
    EXPECT_EQ(report->sent, 20);
    EXPECT_EQ(recorder->delivered().size(), 20u);
    auto again = dispatcher->RunOnce(this->clock_.Now());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->claimed, 0) << "sent messages are not sent again";
    int sent = 0;
    for (const auto& message : this->All()) sent += message.state == OutboxState::kSent ? 1 : 0;
    EXPECT_EQ(sent, 20);
    this->clock_.Advance(std::chrono::hours{1});
    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->sent, 1) << "the later message when it falls due";
    auto attempts = this->InRead([&](SqlConnection& db) { return OutboxRepo::Attempts(db, this->All()[0].id); });
    ASSERT_TRUE(attempts);
    ASSERT_EQ(attempts->size(), 1u);
    EXPECT_EQ((*attempts)[0].outcome, store::AttemptOutcome::kSent);
    EXPECT_EQ((*attempts)[0].response_code, 250);
    EXPECT_EQ((*attempts)[0].node, "test-node");
    EXPECT_EQ(dispatcher->counters().sent, 21u);
    EXPECT_NE(dispatcher->RenderMetrics().find("sladesk_notify_sent_total 21"), std::string::npos);
}

TYPED_TEST(DispatcherTest, RetriesWithBackoffThenSucceedsOrDies) {
    this->Enqueue(Message("flaky", "flaky", At(0)));
    this->Enqueue(Message("down", "down", At(0)));
    std::map<std::string, std::unique_ptr<Channel>> channels;
    channels["flaky"] = std::make_unique<RecordingChannel>(2);   // fails twice, then works
    channels["down"] = std::make_unique<RecordingChannel>(100);  // never works
    auto dispatcher = this->Make(std::move(channels));

    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->retried, 2);
    this->clock_.Advance(std::chrono::seconds{29});
    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->claimed, 0) << "first backoff is 30 s";
    this->clock_.Advance(std::chrono::seconds{1});
    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->retried, 2);
    this->clock_.Advance(std::chrono::seconds{59});
    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->claimed, 0) << "second backoff is 60 s";
    this->clock_.Advance(std::chrono::seconds{1});
    auto third = dispatcher->RunOnce(this->clock_.Now());
    ASSERT_TRUE(third);
    EXPECT_EQ(third->sent, 1);
    EXPECT_EQ(third->dead, 1) << "max_attempts = 3";
    for (const auto& message : this->All()) {
        if (message.dedup_key == "flaky") {
            EXPECT_EQ(message.state, OutboxState::kSent);
        }
        if (message.dedup_key == "down") {
            EXPECT_EQ(message.state, OutboxState::kDead);
            EXPECT_EQ(message.last_error, "HTTP 503");
            EXPECT_EQ(message.attempts, 3);
        }
    }
    this->clock_.Advance(std::chrono::hours{24});
    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->claimed, 0);
}

TYPED_TEST(DispatcherTest, UnknownChannelIsDeadAtOnce) {
    this->Enqueue(Message("x", "pager:nowhere", At(0)));
    auto dispatcher = this->Make({});
    auto report = dispatcher->RunOnce(this->clock_.Now());
    ASSERT_TRUE(report);
    EXPECT_EQ(report->dead, 1);
    EXPECT_EQ(this->All()[0].last_error, "no channel 'pager:nowhere' is configured");
}

TYPED_TEST(DispatcherTest, ANodeDyingAfterSendingLeadsToAnIdenticalSecondDelivery) {
    this->Enqueue(Message("m", "email", At(0)));
    // Another node claimed it, sent it, and died before marking it sent.
    auto lost = this->InWrite(
        [&](SqlConnection& db) { return OutboxRepo::Claim(db, "dead-node", At(0), std::chrono::seconds{120}, 10); });
    ASSERT_TRUE(lost);
    ASSERT_EQ(lost->size(), 1u);
    auto channel = std::make_unique<RecordingChannel>();
    RecordingChannel* recorder = channel.get();
    std::map<std::string, std::unique_ptr<Channel>> channels;
    channels["email"] = std::move(channel);
    auto dispatcher = this->Make(std::move(channels));
    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->claimed, 0) << "its lease still holds";
    this->clock_.Advance(std::chrono::seconds{120});
    EXPECT_EQ(dispatcher->RunOnce(this->clock_.Now())->sent, 1);
    ASSERT_EQ(recorder->delivered().size(), 1u);
    const OutboxMessage again = recorder->delivered()[0];  // a copy: delivered() returns a temporary
    EXPECT_EQ(again.message_uid, (*lost)[0].message_uid) << "same stable id, so the receiver drops the duplicate";
    EXPECT_EQ(again.subject, (*lost)[0].subject);
    EXPECT_EQ(again.body_text, (*lost)[0].body_text);
    EXPECT_EQ(again.attempts, 2);
}

}  // namespace
}  // namespace sladesk::notify
