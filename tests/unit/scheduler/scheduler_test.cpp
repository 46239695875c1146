// The scheduler on a real store (SQLite, and PostgreSQL under scripts/with-postgres.sh) with a fake clock: RunOnce
// drives it step by step; the loop thread is checked with short condition waits only.
#include "scheduler/scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store/backend_fixture.hpp"
#include "store/job_repo.hpp"
#include "store/seed.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::scheduler {
namespace {

using namespace std::chrono_literals;
using store::At;
using store::DueJob;
using store::JobRepo;
using store::JobState;
using store::SqlConnection;

/// Records the jobs a handler ran, in order. Thread-safe.
class Recorder {
 public:
    JobHandler Handler(Status result = OkStatus()) {
        return [this, result](const DueJob& job) {
            Record(job);
            return result;
        };
    }
    void Record(const DueJob& job) {
        {
            std::lock_guard lock(mu_);
            ids_.push_back(job.id);
        }
        cv_.notify_all();
    }
    std::vector<std::int64_t> ids() const {
        std::lock_guard lock(mu_);
        return ids_;
    }
    /// Waits (real time, at most `limit`) until `count` jobs ran; false on timeout.
    bool WaitFor(std::size_t count, std::chrono::milliseconds limit = 5000ms) {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, limit, [&] { return ids_.size() >= count; });
    }

 private:
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::int64_t> ids_;
};

template <typename B>
class SchedulerTest : public store::SeededStoreTest<B> {
 protected:
    SchedulerOptions Options(int workers = 1) {
        SchedulerOptions options;
        options.node_id = "node-a";
        options.workers = workers;
        options.max_attempts = 3;
        options.retry_delay = 10s;
        options.lease = 60s;
        return options;
    }

    std::int64_t Schedule(const std::string& kind, UtcTime due_at, std::optional<TicketId> ticket = std::nullopt) {
        DueJob job;
        job.kind = kind;
        job.ticket_id = ticket;
        job.job_key = kind + ":" + std::to_string(ToEpochSeconds(due_at));
        job.due_at = due_at;
        job.created_at = At(0);
        auto id = this->InWrite([&](SqlConnection& db) { return JobRepo::Schedule(db, job); });
        EXPECT_TRUE(id) << id.error().message();
        return id ? *id : 0;
    }

    DueJob Get(std::int64_t id) {
        store::JobListQuery query;
        query.after_id = id - 1;
        query.limit = 1;
        auto jobs = this->InRead([&](SqlConnection& db) { return JobRepo::List(db, query); });
        EXPECT_TRUE(jobs && jobs->size() == 1 && jobs->front().id == id);
        return jobs && !jobs->empty() ? jobs->front() : DueJob{};
    }

    RunReport Run(Scheduler& scheduler, UtcTime now) {
        auto report = scheduler.RunOnce(now);
        EXPECT_TRUE(report) << report.error().message();
        return report ? *report : RunReport{};
    }

    testing::FakeClock clock_{At(0)};
    Recorder recorder_;
};
TYPED_TEST_SUITE(SchedulerTest, store::Backends, store::BackendNames);

TYPED_TEST(SchedulerTest, FiresWhenDueAndNotBefore) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());
    scheduler.Register("sla_breach", this->recorder_.Handler());
    const std::int64_t id = this->Schedule("sla_breach", At(10));

    EXPECT_EQ(this->Run(scheduler, At(9)).claimed, 0);
    EXPECT_TRUE(this->recorder_.ids().empty());
    auto next = scheduler.NextDueAt(At(9));
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, At(10));

    const RunReport report = this->Run(scheduler, At(10));
    EXPECT_EQ(report.claimed, 1);
    EXPECT_EQ(report.done, 1);
    EXPECT_EQ(this->recorder_.ids(), std::vector<std::int64_t>{id});
    const DueJob done = this->Get(id);
    EXPECT_EQ(done.state, JobState::kDone);
    EXPECT_EQ(done.claimed_by, "node-a");
    EXPECT_EQ(this->Run(scheduler, At(1000)).claimed, 0);
    EXPECT_EQ(this->recorder_.ids().size(), 1u);
}

TYPED_TEST(SchedulerTest, MissedJobsFireAtOnceInDueOrderAcrossBatches) {
    SchedulerOptions options = this->Options();
    options.claim_batch = 3;
    Scheduler scheduler(this->store(), this->clock_, options);
    scheduler.Register("sla_breach", this->recorder_.Handler());
    scheduler.Register("sla_warning", this->recorder_.Handler());
    std::map<std::int64_t, std::int64_t> by_due;  // due offset -> id
    for (const int offset : {70, 10, 50, 30, 90, 20, 80, 40, 60, 100}) {
        by_due[offset] = this->Schedule(offset % 20 == 0 ? "sla_breach" : "sla_warning", At(offset));
    }
    std::vector<std::int64_t> expected;
    for (const auto& [offset, id] : by_due) expected.push_back(id);

    // Down from At(0) to At(5000): everything is late and fires in the first step, oldest first.
    this->clock_.Set(At(5000));
    const RunReport report = this->Run(scheduler, At(5000));
    EXPECT_EQ(report.claimed, 10);
    EXPECT_EQ(report.done, 10);
    EXPECT_EQ(this->recorder_.ids(), expected);
}

TYPED_TEST(SchedulerTest, JobsOfOneTicketRunInDueOrderWithSeveralWorkers) {
    Scheduler scheduler(this->store(), this->clock_, this->Options(/*workers=*/4));
    scheduler.Register("sla_warning", this->recorder_.Handler());
    scheduler.Register("sla_breach", this->recorder_.Handler());
    std::map<TicketId, std::vector<std::int64_t>> expected;
    std::vector<TicketId> tickets;
    for (int t = 0; t < 6; ++t) {
        tickets.push_back(this->Insert(store::MakeTicket("ticket " + std::to_string(t), this->dir_.alice,
                                                         this->dir_.east)));
    }
    for (int step = 0; step < 4; ++step) {
        for (const TicketId ticket : tickets) {
            expected[ticket].push_back(
                this->Schedule(step % 2 == 0 ? "sla_warning" : "sla_breach", At(step * 10 + ticket.value % 7), ticket));
        }
    }
    EXPECT_EQ(this->Run(scheduler, At(1000)).done, 24);
    const std::vector<std::int64_t> fired = this->recorder_.ids();
    for (const auto& [ticket, ids] : expected) {
        std::vector<std::int64_t> order;
        for (const std::int64_t id : fired) {
            if (std::find(ids.begin(), ids.end(), id) != ids.end()) order.push_back(id);
        }
        EXPECT_EQ(order, ids) << "ticket " << ticket.value;
    }
}

TYPED_TEST(SchedulerTest, CancelledJobsNeverFire) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());
    scheduler.Register("sla_warning", this->recorder_.Handler());
    const TicketId ticket = this->Insert(store::MakeTicket("vpn", this->dir_.alice, this->dir_.east));
    const std::int64_t cancelled = this->Schedule("sla_warning", At(10), ticket);
    auto count = this->InWrite(
        [&](SqlConnection& db) { return JobRepo::CancelPendingForTicket(db, ticket, "sla_", At(5)); });
    ASSERT_TRUE(count);
    EXPECT_EQ(*count, 1);
    EXPECT_EQ(this->Run(scheduler, At(100000)).claimed, 0);
    EXPECT_TRUE(this->recorder_.ids().empty());
    EXPECT_EQ(this->Get(cancelled).state, JobState::kCancelled);
    auto next = scheduler.NextDueAt(At(100000));
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, std::nullopt);
}

TYPED_TEST(SchedulerTest, FailingJobRetriesWithBackoffThenFails) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());
    scheduler.Register("sla_breach", this->recorder_.Handler(Error::Unavailable("smtp down")));
    const std::int64_t id = this->Schedule("sla_breach", At(0));

    EXPECT_EQ(this->Run(scheduler, At(0)).retried, 1);  // run 1 fails: retry in 10 s
    DueJob job = this->Get(id);
    EXPECT_EQ(job.state, JobState::kPending);
    EXPECT_EQ(job.due_at, At(0));
    EXPECT_EQ(job.claimed_until, At(10));
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(job.last_error, "unavailable: smtp down");
    EXPECT_EQ(this->Run(scheduler, At(9)).claimed, 0);
    EXPECT_EQ(this->Run(scheduler, At(10)).retried, 1);  // run 2 fails: retry in 20 s
    EXPECT_EQ(this->Get(id).claimed_until, At(30));
    EXPECT_EQ(this->Run(scheduler, At(29)).claimed, 0);
    const RunReport last = this->Run(scheduler, At(30));  // run 3 of 3 fails: failed
    EXPECT_EQ(last.failed, 1);
    job = this->Get(id);
    EXPECT_EQ(job.state, JobState::kFailed);
    EXPECT_EQ(job.attempts, 3);
    EXPECT_EQ(job.finished_at, At(30));
    EXPECT_EQ(this->Run(scheduler, At(100000)).claimed, 0);
    EXPECT_EQ(this->recorder_.ids().size(), 3u);
    const SchedulerCounters counters = scheduler.counters();
    EXPECT_EQ(counters.retried, 2u);
    EXPECT_EQ(counters.failed, 1u);
    EXPECT_NE(scheduler.RenderMetrics().find("sladesk_scheduler_jobs_total{outcome=\"failed\"} 1\n"),
              std::string::npos);
}

TYPED_TEST(SchedulerTest, JobThatFailedOnceSucceedsOnRetry) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());
    int runs = 0;
    scheduler.Register("sla_breach", [&](const DueJob&) -> Status {
        return ++runs == 1 ? Status(Error::Internal("first run fails")) : OkStatus();
    });
    scheduler.Register("throws", [](const DueJob&) -> Status { throw std::runtime_error("boom"); });
    const std::int64_t id = this->Schedule("sla_breach", At(0));
    const std::int64_t throwing = this->Schedule("throws", At(0));
    EXPECT_EQ(this->Run(scheduler, At(0)).retried, 2);
    EXPECT_EQ(this->Get(throwing).last_error, "internal: handler threw: boom");
    EXPECT_EQ(this->Run(scheduler, At(10)).done, 1);
    EXPECT_EQ(this->Get(id).state, JobState::kDone);
    EXPECT_EQ(runs, 2);
}

TYPED_TEST(SchedulerTest, ExpiredLeaseOfADeadNodeIsReclaimed) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());
    scheduler.Register("sla_breach", this->recorder_.Handler());
    const std::int64_t id = this->Schedule("sla_breach", At(0));
    // node-dead claims the job and is killed before finishing it.
    auto taken = this->InWrite([](SqlConnection& db) { return JobRepo::Claim(db, "node-dead", At(0), 60s, 10); });
    ASSERT_TRUE(taken);
    ASSERT_EQ(taken->size(), 1u);

    EXPECT_EQ(this->Run(scheduler, At(59)).claimed, 0);
    EXPECT_EQ(this->Run(scheduler, At(60)).done, 1);
    EXPECT_EQ(this->recorder_.ids(), std::vector<std::int64_t>{id});
    const DueJob job = this->Get(id);
    EXPECT_EQ(job.state, JobState::kDone);
    EXPECT_EQ(job.claimed_by, "node-a");
    EXPECT_EQ(job.attempts, 2);
}

TYPED_TEST(SchedulerTest, JobWhoseRunsKeepDyingIsFailedWithoutRunningAgain) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());  // max_attempts 3
    scheduler.Register("sla_breach", this->recorder_.Handler());
    const std::int64_t id = this->Schedule("sla_breach", At(0));
    for (int run = 0; run < 3; ++run) {  // three nodes die mid-job, one after another
        auto taken = this->InWrite(
            [&](SqlConnection& db) { return JobRepo::Claim(db, "node-dead", At(run * 60), 60s, 10); });
        ASSERT_TRUE(taken && taken->size() == 1u);
    }
    EXPECT_EQ(this->Run(scheduler, At(180)).failed, 1);
    EXPECT_TRUE(this->recorder_.ids().empty());
    const DueJob job = this->Get(id);
    EXPECT_EQ(job.state, JobState::kFailed);
    EXPECT_NE(job.last_error.value_or("").find("did not finish"), std::string::npos);
}

TYPED_TEST(SchedulerTest, KindsWithoutAHandlerStayPending) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());
    const std::int64_t unhandled = this->Schedule("auto_close", At(0));
    EXPECT_EQ(this->Run(scheduler, At(10)).claimed, 0);  // no handler at all
    scheduler.Register("sla_breach", this->recorder_.Handler());
    EXPECT_EQ(this->Run(scheduler, At(10)).claimed, 0);
    auto next = scheduler.NextDueAt(At(10));
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, std::nullopt);
    EXPECT_EQ(this->Get(unhandled).state, JobState::kPending);
}

// Two nodes (two stores, two node ids) on one database, each claiming from several threads at once: every job
// fires exactly once. This is the multi-node case of PostgreSQL; on SQLite the two writers take turns.
TYPED_TEST(SchedulerTest, TwoNodesClaimingConcurrentlyFireEachJobExactlyOnce) {
    constexpr int kJobs = 2000;
    constexpr int kThreadsPerNode = 3;
    ASSERT_TRUE(this->store().Write([&](SqlConnection& db) -> Status {
        for (int i = 0; i < kJobs; ++i) {
            DueJob job;
            job.kind = "sla_breach";
            job.job_key = "load:" + std::to_string(i);
            job.due_at = At(i % 50);
            job.created_at = At(0);
            SLADESK_TRY(JobRepo::Schedule(db, job));
        }
        return OkStatus();
    }));
    auto second_store = store::OpenStore(this->database().options());
    ASSERT_TRUE(second_store) << second_store.error().message();

    std::mutex mu;
    std::map<std::int64_t, int> runs;
    const JobHandler count = [&](const DueJob& job) {
        std::lock_guard lock(mu);
        ++runs[job.id];
        return OkStatus();
    };
    SchedulerOptions options_a = this->Options(/*workers=*/2);
    options_a.claim_batch = 40;
    SchedulerOptions options_b = options_a;
    options_b.node_id = "node-b";
    Scheduler node_a(this->store(), this->clock_, options_a);
    Scheduler node_b(**second_store, this->clock_, options_b);
    node_a.Register("sla_breach", count);
    node_b.Register("sla_breach", count);

    std::vector<std::thread> threads;
    std::atomic<int> done{0};
    std::atomic<int> store_errors{0};
    for (int thread = 0; thread < 2 * kThreadsPerNode; ++thread) {
        Scheduler& node = thread % 2 == 0 ? node_a : node_b;
        threads.emplace_back([&] {
            for (int idle = 0; idle < 3 && store_errors < 50;) {
                auto report = node.RunOnce(At(100));
                if (!report) {
                    ++store_errors;  // SQLite only: the other store held the write lock too long
                    continue;
                }
                done += report->done;
                idle = report->claimed == 0 ? idle + 1 : 0;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(done.load(), kJobs);
    ASSERT_EQ(runs.size(), static_cast<std::size_t>(kJobs));
    for (const auto& [id, times] : runs) ASSERT_EQ(times, 1) << "job " << id;
    if (this->store().backend() == store::Backend::kPostgres) {
        // Both really claimed side by side (SQLite's write lock may let one node take everything).
        EXPECT_GT(node_a.counters().done, 0u);
        EXPECT_GT(node_b.counters().done, 0u);
    }
    EXPECT_EQ(node_a.counters().lease_lost + node_b.counters().lease_lost, 0u);
}

TYPED_TEST(SchedulerTest, LoopWakesOnNotifyAndOnTheClock) {
    SchedulerOptions options = this->Options();
    options.max_sleep = 20ms;
    Scheduler scheduler(this->store(), this->clock_, options);
    scheduler.Register("sla_breach", this->recorder_.Handler());
    const std::int64_t first = this->Schedule("sla_breach", At(5));
    scheduler.Start();
    std::this_thread::sleep_for(60ms);  // a few polls: nothing is due at At(0)
    EXPECT_TRUE(this->recorder_.ids().empty());
    this->clock_.Set(At(5));
    ASSERT_TRUE(this->recorder_.WaitFor(1));
    EXPECT_EQ(this->recorder_.ids(), std::vector<std::int64_t>{first});
    const std::int64_t second = this->Schedule("sla_breach", At(5));
    scheduler.Notify();
    ASSERT_TRUE(this->recorder_.WaitFor(2));
    EXPECT_EQ(this->recorder_.ids().back(), second);
    scheduler.Stop();
    EXPECT_GT(scheduler.counters().polls, 1u);
}

TYPED_TEST(SchedulerTest, NotifyWakesALongSleepAndStopIsPrompt) {
    SchedulerOptions options = this->Options();
    options.max_sleep = std::chrono::hours(1);
    Scheduler scheduler(this->store(), this->clock_, options);
    scheduler.Register("sla_breach", this->recorder_.Handler());
    scheduler.Start();
    const std::int64_t id = this->Schedule("sla_breach", At(0));  // scheduled after the loop went to sleep
    scheduler.Notify();
    ASSERT_TRUE(this->recorder_.WaitFor(1));
    EXPECT_EQ(this->recorder_.ids(), std::vector<std::int64_t>{id});
    const auto stop_started = std::chrono::steady_clock::now();
    scheduler.Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 2s);
}

TYPED_TEST(SchedulerTest, StoppingGivesBackJobsNotYetRun) {
    Scheduler scheduler(this->store(), this->clock_, this->Options());  // one worker: jobs run one by one
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(this->Schedule("sla_breach", At(i)));
    scheduler.Register("sla_breach", [&](const DueJob& job) {
        this->recorder_.Record(job);
        scheduler.Stop();  // shutdown arrives while the first job runs (no loop thread here, so nothing to join)
        return OkStatus();
    });
    const RunReport report = this->Run(scheduler, At(10));
    EXPECT_EQ(report.done, 1);
    EXPECT_EQ(report.released, 2);
    EXPECT_EQ(this->recorder_.ids(), std::vector<std::int64_t>{ids[0]});
    for (const std::int64_t id : {ids[1], ids[2]}) {
        const DueJob job = this->Get(id);
        EXPECT_EQ(job.state, JobState::kPending);
        EXPECT_EQ(job.attempts, 0);
    }
}

TEST(RetryDelayTest, DoublesFromTheFirstDelayUpToTheCap) {
    SchedulerOptions options;
    options.retry_delay = 10s;
    options.max_retry_delay = 60s;
    EXPECT_EQ(RetryDelay(1, options), 10s);
    EXPECT_EQ(RetryDelay(2, options), 20s);
    EXPECT_EQ(RetryDelay(3, options), 40s);
    EXPECT_EQ(RetryDelay(4, options), 60s);
    EXPECT_EQ(RetryDelay(1000, options), 60s);
}

}  // namespace
}  // namespace sladesk::scheduler
