// Group commit: concurrent writes all commit, each is acknowledged only once readable, and a failing write rolls
// back only itself. With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test
#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"
#include "seed.hpp"
#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::store {
namespace {

template <typename B>
class GroupCommitTest : public StoreTest<B> {
 protected:
    /// The setting's value, or nullopt when it is absent (or cannot be read: that fails the test).
    std::optional<std::string> Setting(const std::string& key) {
        auto value = this->InRead([&](SqlConnection& db) { return AuthRepo::GetSetting(db, key); });
        EXPECT_TRUE(value) << value.error().message();
        return value ? *value : std::nullopt;
    }

    /// Runs `work(db, writer)` for writers 0..count-1 from their own threads while a first write holds the writer
    /// thread, so they queue up and commit as one batch; returns each writer's result.
    std::vector<Status> WritesInOneBatch(int count, const std::function<Status(SqlConnection&, int)>& work) {
        std::latch started(count);
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        std::thread gate([&] {
            (void)this->store().Write([&](SqlConnection& db) {
                released.wait();
                return AuthRepo::PutSetting(db, "gate", "passed");
            });
        });
        std::vector<Status> results(static_cast<std::size_t>(count), OkStatus());
        std::vector<std::thread> writers;
        for (int writer = 0; writer < count; ++writer) {
            writers.emplace_back([&, writer] {
                started.count_down();
                results[writer] = this->store().Write([&, writer](SqlConnection& db) { return work(db, writer); });
            });
        }
        started.wait();
        release.set_value();
        for (auto& thread : writers) thread.join();
        gate.join();
        EXPECT_EQ(Setting("gate"), "passed");
        return results;
    }
};
TYPED_TEST_SUITE(GroupCommitTest, Backends, BackendNames);

TYPED_TEST(GroupCommitTest, ConcurrentWritesAllCommitAndAreReadableOnReturn) {
    constexpr int kThreads = 12;
    constexpr int kWritesPerThread = 25;
    std::vector<std::thread> threads;
    std::vector<int> failures(kThreads, 0);
    std::vector<int> unreadable(kThreads, 0);
    for (int thread = 0; thread < kThreads; ++thread) {
        threads.emplace_back([&, thread] {
            for (int write = 0; write < kWritesPerThread; ++write) {
                const std::string name = "org-" + std::to_string(thread) + "-" + std::to_string(write);
                Status status = this->store().Write([&](SqlConnection& db) -> Status {
                    SLADESK_TRY(DirectoryRepo::InsertOrganisation(db, name, At(write)));
                    return OkStatus();
                });
                if (!status) {
                    ++failures[thread];
                    continue;
                }
                // Acknowledged means committed: another connection must see it right away.
                auto found = this->InRead([&](SqlConnection& db) { return DirectoryRepo::FindOrganisation(db, name); });
                if (!found || !found->has_value()) ++unreadable[thread];
            }
        });
    }
    for (auto& thread : threads) thread.join();

    for (int thread = 0; thread < kThreads; ++thread) {
        EXPECT_EQ(failures[thread], 0) << "thread " << thread;
        EXPECT_EQ(unreadable[thread], 0) << "thread " << thread;
    }
    auto organisations = this->InRead([](SqlConnection& db) { return DirectoryRepo::ListOrganisations(db); });
    ASSERT_TRUE(organisations) << organisations.error().message();
    EXPECT_EQ(organisations->size(), static_cast<std::size_t>(kThreads * kWritesPerThread));
}

enum class Outcome { kCommits, kReturnsError, kViolatesUnique, kThrows };

/// Writes queued behind a blocked write share its next batch (most likely, never required for correctness):
/// each writes its own setting, and all but kCommits then fail in their own way.
TYPED_TEST(GroupCommitTest, FailingWriteRollsBackOnlyItself) {
    ASSERT_TRUE(this->store().Write([](SqlConnection& db) -> Status {
        SLADESK_TRY(DirectoryRepo::InsertOrganisation(db, "taken", At(0)));
        return OkStatus();
    }));
    constexpr int kWriters = 16;
    const std::vector<Status> results = this->WritesInOneBatch(kWriters, [](SqlConnection& db, int writer) -> Status {
        SLADESK_TRY(AuthRepo::PutSetting(db, "w" + std::to_string(writer), "written"));
        switch (static_cast<Outcome>(writer % 4)) {
            case Outcome::kCommits:
                return OkStatus();
            case Outcome::kReturnsError:
                return Error::InvalidArgument("rejected by the work");
            case Outcome::kViolatesUnique:
                SLADESK_TRY(DirectoryRepo::InsertOrganisation(db, "taken", At(1)));
                return OkStatus();
            case Outcome::kThrows:
                throw std::runtime_error("boom");
        }
        return OkStatus();
    });

    for (int writer = 0; writer < kWriters; ++writer) {
        const std::string key = "w" + std::to_string(writer);
        switch (static_cast<Outcome>(writer % 4)) {
            case Outcome::kCommits:
                EXPECT_TRUE(results[writer]) << key << ": " << results[writer].error().message();
                EXPECT_EQ(this->Setting(key), "written") << key;
                break;
            case Outcome::kReturnsError:
                ASSERT_FALSE(results[writer]) << key;
                EXPECT_TRUE(results[writer].error().Is(ErrorCode::kInvalidArgument))
                    << results[writer].error().message();
                EXPECT_EQ(this->Setting(key), std::nullopt) << key;
                break;
            case Outcome::kViolatesUnique:
                ASSERT_FALSE(results[writer]) << key;
                EXPECT_TRUE(results[writer].error().Is(ErrorCode::kConflict)) << results[writer].error().message();
                EXPECT_EQ(this->Setting(key), std::nullopt) << key;
                break;
            case Outcome::kThrows:
                ASSERT_FALSE(results[writer]) << key;
                EXPECT_TRUE(results[writer].error().Is(ErrorCode::kInternal)) << results[writer].error().message();
                EXPECT_EQ(this->Setting(key), std::nullopt) << key;
                break;
        }
    }
}

// Regression: a work returning kUnavailable (on PostgreSQL a deadlock or serialization failure) once abandoned
// its whole batch, so the other writes of the batch got "commit failed" too.
TYPED_TEST(GroupCommitTest, UnavailableWorkRollsBackOnlyItself) {
    constexpr int kWriters = 8;
    const std::vector<Status> results = this->WritesInOneBatch(kWriters, [](SqlConnection& db, int writer) -> Status {
        SLADESK_TRY(AuthRepo::PutSetting(db, "w" + std::to_string(writer), "written"));
        if (writer == 0) return Error::Unavailable("deadlock detected (simulated)");
        return OkStatus();
    });

    ASSERT_FALSE(results[0]);
    EXPECT_TRUE(results[0].error().Is(ErrorCode::kUnavailable)) << results[0].error().message();
    EXPECT_EQ(this->Setting("w0"), std::nullopt);
    for (int writer = 1; writer < kWriters; ++writer) {
        EXPECT_TRUE(results[writer]) << "w" << writer << ": " << results[writer].error().message();
        EXPECT_EQ(this->Setting("w" + std::to_string(writer)), "written") << "w" << writer;
    }
}

TYPED_TEST(GroupCommitTest, ReadErrorIsReturnedAndTheConnectionStaysUsable) {
    constexpr NamedQuery kBroken{"test_broken", "SELECT no_such_column FROM settings"};
    for (int attempt = 0; attempt < 3; ++attempt) {
        Status status = this->store().Read([&](SqlConnection& db) -> Status {
            SLADESK_TRY(db.Query(kBroken, {}));
            return OkStatus();
        });
        ASSERT_FALSE(status);
        EXPECT_TRUE(status.error().Is(ErrorCode::kInternal)) << status.error().message();
    }
    ASSERT_TRUE(this->store().Write([](SqlConnection& db) { return AuthRepo::PutSetting(db, "after", "ok"); }));
    EXPECT_EQ(this->Setting("after"), "ok");
}

TYPED_TEST(GroupCommitTest, AsynchronousWritesAreToldTheirOwnOutcomeOnlyOnceCommitted) {
    constexpr int kWrites = 40;
    std::vector<std::promise<Status>> outcomes(kWrites);
    for (int write = 0; write < kWrites; ++write) {
        this->store().WriteAsync(
            [write](SqlConnection& db) -> Status {
                if (write % 10 == 3) return Error::InvalidArgument("write " + std::to_string(write) + " refused");
                return AuthRepo::PutSetting(db, "async" + std::to_string(write), "written");
            },
            [&outcomes, write](Status outcome) { outcomes[static_cast<std::size_t>(write)].set_value(outcome); });
    }
    for (int write = 0; write < kWrites; ++write) {
        Status outcome = outcomes[static_cast<std::size_t>(write)].get_future().get();
        const std::string key = "async" + std::to_string(write);
        if (write % 10 == 3) {
            ASSERT_FALSE(outcome) << key;
            EXPECT_TRUE(outcome.error().Is(ErrorCode::kInvalidArgument));
            EXPECT_EQ(this->Setting(key), std::nullopt);  // rolled back alone
        } else {
            EXPECT_TRUE(outcome) << key << ": " << outcome.error().message();
            EXPECT_EQ(this->Setting(key), "written");  // readable as soon as it is acknowledged
        }
    }
}

TYPED_TEST(GroupCommitTest, AThrowingCompletionDoesNotStopTheWriter) {
    std::promise<void> ran;
    this->store().WriteAsync([](SqlConnection& db) { return AuthRepo::PutSetting(db, "thrower", "written"); },
                             [&ran](Status) {
                                 ran.set_value();
                                 throw std::runtime_error("a careless completion");
                             });
    ran.get_future().wait();
    ASSERT_TRUE(this->store().Write([](SqlConnection& db) { return AuthRepo::PutSetting(db, "after", "ok"); }));
    EXPECT_EQ(this->Setting("thrower"), "written");
    EXPECT_EQ(this->Setting("after"), "ok");
}

}  // namespace
}  // namespace sladesk::store
