// JobRepo's claim side on SQLite and PostgreSQL: what is claimable, leases, retries, and concurrent claims that
// never share a job. With PostgreSQL: scripts/with-postgres.sh build/tests/unit/scheduler/scheduler_test
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store/backend_fixture.hpp"
#include "store/job_repo.hpp"
#include "store/seed.hpp"

namespace sladesk::store {
namespace {

constexpr std::chrono::seconds kLease{60};

DueJob MakeJob(const std::string& kind, UtcTime due_at, std::optional<TicketId> ticket = std::nullopt) {
    DueJob job;
    job.kind = kind;
    job.ticket_id = ticket;
    job.job_key = kind + ":" + std::to_string(ToEpochSeconds(due_at));
    job.due_at = due_at;
    job.created_at = At(0);
    return job;
}

template <typename B>
class JobClaimTest : public SeededStoreTest<B> {
 protected:
    std::int64_t Schedule(const DueJob& job) {
        auto id = this->InWrite([&](SqlConnection& db) { return JobRepo::Schedule(db, job); });
        EXPECT_TRUE(id) << id.error().message();
        return id ? *id : 0;
    }

    std::vector<DueJob> Claim(const std::string& node, UtcTime now, int limit = 100,
                              std::vector<std::string> kinds = {}) {
        auto jobs = this->InWrite([&](SqlConnection& db) { return JobRepo::Claim(db, node, now, kLease, limit, kinds); });
        EXPECT_TRUE(jobs) << jobs.error().message();
        return jobs ? *jobs : std::vector<DueJob>{};
    }

    /// The job with `id` as stored (any state).
    DueJob Get(std::int64_t id) {
        JobListQuery query;
        query.after_id = id - 1;
        query.limit = 1;
        auto jobs = this->InRead([&](SqlConnection& db) { return JobRepo::List(db, query); });
        EXPECT_TRUE(jobs && jobs->size() == 1 && jobs->front().id == id);
        return jobs && !jobs->empty() ? jobs->front() : DueJob{};
    }

    std::optional<UtcTime> NextDue(UtcTime now, std::vector<std::string> kinds = {}) {
        auto next = this->InRead([&](SqlConnection& db) { return JobRepo::NextDueAt(db, now, kinds); });
        EXPECT_TRUE(next) << next.error().message();
        return next ? *next : std::nullopt;
    }

    Status InWriteStatus(const std::function<Status(SqlConnection&)>& work) {
        return this->store().Write([&](SqlConnection& db) { return work(db); });
    }
};
TYPED_TEST_SUITE(JobClaimTest, Backends, BackendNames);

std::vector<std::int64_t> Ids(const std::vector<DueJob>& jobs) {
    std::vector<std::int64_t> ids;
    for (const DueJob& job : jobs) ids.push_back(job.id);
    return ids;
}

TYPED_TEST(JobClaimTest, ClaimsDueJobsOldestFirstAndLeavesFutureOnes) {
    const std::int64_t late = this->Schedule(MakeJob("sla_breach", At(100)));
    const std::int64_t early = this->Schedule(MakeJob("sla_warning", At(50)));
    const std::int64_t future = this->Schedule(MakeJob("sla_breach", At(200)));

    const std::vector<DueJob> claimed = this->Claim("node-a", At(150));
    EXPECT_EQ(Ids(claimed), (std::vector<std::int64_t>{early, late}));
    for (const DueJob& job : claimed) {
        EXPECT_EQ(job.state, JobState::kClaimed);
        EXPECT_EQ(job.claimed_by, "node-a");
        EXPECT_EQ(job.claimed_until, At(150) + kLease);
        EXPECT_EQ(job.attempts, 1);
    }
    EXPECT_EQ(this->Get(future).state, JobState::kPending);
    EXPECT_EQ(this->NextDue(At(150)), At(200));
}

TYPED_TEST(JobClaimTest, LimitTakesTheOldestAndKindsFilter) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(this->Schedule(MakeJob(i % 2 == 0 ? "even" : "odd", At(10 - i))));
    // Due order: ids[4] (At 6), ids[3], ids[2], ids[1], ids[0] (At 10).
    EXPECT_EQ(Ids(this->Claim("node-a", At(20), 2)), (std::vector<std::int64_t>{ids[4], ids[3]}));
    EXPECT_EQ(this->NextDue(At(20), {"odd"}), At(9));
    EXPECT_EQ(Ids(this->Claim("node-a", At(20), 10, {"odd"})), (std::vector<std::int64_t>{ids[1]}));
    EXPECT_EQ(Ids(this->Claim("node-a", At(20), 10, {"even", "other"})), (std::vector<std::int64_t>{ids[2], ids[0]}));
    EXPECT_EQ(this->NextDue(At(20)), std::nullopt);
}

TYPED_TEST(JobClaimTest, LeaseHoldsTheJobUntilItEndsThenAnotherNodeTakesIt) {
    const std::int64_t id = this->Schedule(MakeJob("sla_breach", At(0)));
    ASSERT_EQ(this->Claim("node-a", At(10)).size(), 1u);
    EXPECT_TRUE(this->Claim("node-b", At(10) + kLease - std::chrono::seconds(1)).empty());
    EXPECT_EQ(this->NextDue(At(20)), std::nullopt);  // held by a live lease

    const std::vector<DueJob> taken = this->Claim("node-b", At(10) + kLease);
    ASSERT_EQ(Ids(taken), std::vector<std::int64_t>{id});
    EXPECT_EQ(taken.front().claimed_by, "node-b");
    EXPECT_EQ(taken.front().attempts, 2);

    // node-a finishing late changes nothing: node-b's claim counts.
    Status late = this->InWriteStatus([&](SqlConnection& db) { return JobRepo::Complete(db, id, "node-a", At(80)); });
    ASSERT_FALSE(late);
    EXPECT_TRUE(late.error().Is(ErrorCode::kConflict));
    ASSERT_TRUE(this->InWriteStatus([&](SqlConnection& db) { return JobRepo::Complete(db, id, "node-b", At(90)); }));
    const DueJob done = this->Get(id);
    EXPECT_EQ(done.state, JobState::kDone);
    EXPECT_EQ(done.finished_at, At(90));
    EXPECT_TRUE(this->Claim("node-c", At(100000)).empty());
}

TYPED_TEST(JobClaimTest, CompleteManyMarksOnlyTheJobsStillHeld) {
    const std::int64_t first = this->Schedule(MakeJob("sla_breach", At(0)));
    const std::int64_t second = this->Schedule(MakeJob("sla_breach", At(1)));
    const std::int64_t third = this->Schedule(MakeJob("sla_breach", At(5)));
    ASSERT_EQ(this->Claim("node-a", At(10), 2).size(), 2u);  // first, second
    ASSERT_EQ(this->Claim("node-b", At(10)).size(), 1u);     // third
    ASSERT_TRUE(this->InWriteStatus([&](SqlConnection& db) { return JobRepo::Release(db, second, "node-a"); }));
    ASSERT_EQ(this->Claim("node-b", At(10)).size(), 1u);  // second, now node-b's

    const std::vector<std::int64_t> all = {first, second, third};
    auto completed = this->InWrite([&](SqlConnection& db) { return JobRepo::CompleteMany(db, all, "node-a", At(20)); });
    ASSERT_TRUE(completed) << completed.error().message();
    EXPECT_EQ(*completed, std::vector<std::int64_t>{first});
    EXPECT_EQ(this->Get(first).state, JobState::kDone);
    EXPECT_EQ(this->Get(first).finished_at, At(20));
    EXPECT_EQ(this->Get(second).claimed_by, "node-b");
    EXPECT_EQ(this->Get(third).state, JobState::kClaimed);
}

TYPED_TEST(JobClaimTest, CancelledJobsAreNeverClaimed) {
    const TicketId ticket = this->Insert(MakeTicket("printer", this->dir_.alice, this->dir_.east));
    const std::int64_t id = this->Schedule(MakeJob("sla_warning", At(10), ticket));
    auto cancelled = this->InWrite(
        [&](SqlConnection& db) { return JobRepo::CancelPendingForTicket(db, ticket, "sla_", At(5)); });
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(*cancelled, 1);
    EXPECT_TRUE(this->Claim("node-a", At(100)).empty());
    EXPECT_EQ(this->NextDue(At(100)), std::nullopt);
    EXPECT_EQ(this->Get(id).state, JobState::kCancelled);
}

TYPED_TEST(JobClaimTest, FailedRunWaitsForItsRetryTimeKeepingDueAtThenFailsForGood) {
    const std::int64_t id = this->Schedule(MakeJob("sla_breach", At(10)));
    ASSERT_EQ(this->Claim("node-a", At(10)).size(), 1u);
    ASSERT_TRUE(this->InWriteStatus([&](SqlConnection& db) {
        return JobRepo::Fail(db, id, "node-a", "smtp down", At(30), At(11));
    }));
    DueJob waiting = this->Get(id);
    EXPECT_EQ(waiting.state, JobState::kPending);
    EXPECT_EQ(waiting.due_at, At(10));
    EXPECT_EQ(waiting.claimed_until, At(30));
    EXPECT_EQ(waiting.claimed_by, std::nullopt);
    EXPECT_EQ(waiting.last_error, "smtp down");
    EXPECT_TRUE(this->Claim("node-a", At(29)).empty());

    const std::vector<DueJob> again = this->Claim("node-b", At(30));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again.front().attempts, 2);
    ASSERT_TRUE(this->InWriteStatus([&](SqlConnection& db) {
        return JobRepo::Fail(db, id, "node-b", "smtp still down", std::nullopt, At(31));
    }));
    const DueJob failed = this->Get(id);
    EXPECT_EQ(failed.state, JobState::kFailed);
    EXPECT_EQ(failed.finished_at, At(31));
    EXPECT_EQ(failed.last_error, "smtp still down");
    EXPECT_TRUE(this->Claim("node-a", At(100000)).empty());
}

TYPED_TEST(JobClaimTest, ReleaseGivesTheJobBackUncounted) {
    const std::int64_t id = this->Schedule(MakeJob("sla_breach", At(10)));
    ASSERT_EQ(this->Claim("node-a", At(10)).size(), 1u);
    ASSERT_TRUE(this->InWriteStatus([&](SqlConnection& db) { return JobRepo::Release(db, id, "node-a"); }));
    const DueJob released = this->Get(id);
    EXPECT_EQ(released.state, JobState::kPending);
    EXPECT_EQ(released.attempts, 0);
    EXPECT_EQ(released.claimed_until, std::nullopt);
    EXPECT_EQ(Ids(this->Claim("node-b", At(10))), std::vector<std::int64_t>{id});
}

TYPED_TEST(JobClaimTest, CountsAndListForAdmins) {
    this->Schedule(MakeJob("sla_breach", At(10)));
    this->Schedule(MakeJob("sla_breach", At(20)));
    const std::int64_t warning = this->Schedule(MakeJob("sla_warning", At(5)));
    ASSERT_EQ(Ids(this->Claim("node-a", At(5))), std::vector<std::int64_t>{warning});

    auto counts = this->InRead([](SqlConnection& db) { return JobRepo::Counts(db); });
    ASSERT_TRUE(counts) << counts.error().message();
    ASSERT_EQ(counts->size(), 2u);
    EXPECT_EQ((*counts)[0].kind, "sla_breach");
    EXPECT_EQ((*counts)[0].state, JobState::kPending);
    EXPECT_EQ((*counts)[0].count, 2);
    EXPECT_EQ((*counts)[1].kind, "sla_warning");
    EXPECT_EQ((*counts)[1].state, JobState::kClaimed);
    EXPECT_EQ((*counts)[1].count, 1);

    JobListQuery claimed;
    claimed.state = JobState::kClaimed;
    auto listed = this->InRead([&](SqlConnection& db) { return JobRepo::List(db, claimed); });
    ASSERT_TRUE(listed);
    EXPECT_EQ(Ids(*listed), std::vector<std::int64_t>{warning});
    JobListQuery breaches;
    breaches.kind = "sla_breach";
    breaches.limit = 1;
    listed = this->InRead([&](SqlConnection& db) { return JobRepo::List(db, breaches); });
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    breaches.after_id = listed->front().id;
    auto next_page = this->InRead([&](SqlConnection& db) { return JobRepo::List(db, breaches); });
    ASSERT_TRUE(next_page);
    ASSERT_EQ(next_page->size(), 1u);
    EXPECT_GT(next_page->front().id, listed->front().id);
}

// Many connections claim at once (each its own transaction, as separate nodes do): every job is claimed exactly
// once. On PostgreSQL this is FOR UPDATE SKIP LOCKED at work; on SQLite the write lock serialises the claims.
TYPED_TEST(JobClaimTest, ConcurrentClaimsOnSeparateConnectionsNeverShareAJob) {
    constexpr int kJobs = 1500;
    constexpr int kThreads = 8;
    ASSERT_TRUE(this->InWriteStatus([&](SqlConnection& db) -> Status {
        for (int i = 0; i < kJobs; ++i) SLADESK_TRY(JobRepo::Schedule(db, MakeJob("sla_breach", At(i % 97))));
        return OkStatus();
    }));
    const char* begin = this->store().backend() == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
    std::mutex mu;
    std::vector<std::int64_t> claimed;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    for (int thread = 0; thread < kThreads; ++thread) {
        threads.emplace_back([&, thread] {
            auto db = this->database().Connect();
            if (!db) {
                std::lock_guard lock(mu);
                errors.push_back(db.error().message());
                return;
            }
            const std::string node = "node-" + std::to_string(thread);
            for (int empty_rounds = 0; empty_rounds < 3;) {
                Status begun = (*db)->ExecuteScript(begin);
                auto jobs = begun ? JobRepo::Claim(**db, node, At(1000), kLease, 25)
                                  : Result<std::vector<DueJob>>(begun.error());
                Status ended = (*db)->ExecuteScript(jobs ? "COMMIT" : "ROLLBACK");
                std::lock_guard lock(mu);
                if (!jobs || !ended) {
                    errors.push_back(jobs ? ended.error().message() : jobs.error().message());
                    return;
                }
                empty_rounds = jobs->empty() ? empty_rounds + 1 : 0;
                for (const DueJob& job : *jobs) claimed.push_back(job.id);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_TRUE(errors.empty()) << errors.front();
    ASSERT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
    EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), static_cast<std::size_t>(kJobs));
}

}  // namespace
}  // namespace sladesk::store
