// Typed fixtures that run one test body against SQLite and PostgreSQL, each on a fresh, empty database.
//
// How to run with PostgreSQL (a throwaway server, ~2 s to start):
//     scripts/with-postgres.sh build/tests/unit/store/store_test
// Without SLADESK_TEST_PG_ADMIN_URL the PostgreSQL instantiations are skipped (GTEST_SKIP) and say why.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "store/sql.hpp"
#include "store/store.hpp"

namespace sladesk::store {

/// A fresh database for one test; dropped (PostgreSQL) or deleted (SQLite) when destroyed.
class TestDatabase {
 public:
    virtual ~TestDatabase() = default;
    /// Options that open this database with OpenStore().
    virtual const StoreOptions& options() const = 0;
    /// A plain connection to this database, outside any Store (no migrations applied by itself).
    virtual Result<std::unique_ptr<SqlConnection>> Connect() const = 0;
};

/// SQLite in a fresh temp directory.
struct SqliteBackend {
    static constexpr const char* kName = "Sqlite";
    static Result<std::unique_ptr<TestDatabase>> Create();
    /// Empty when the backend can run; otherwise why the tests are skipped.
    static std::string SkipReason() { return {}; }
};

/// PostgreSQL: a database created per test through SLADESK_TEST_PG_ADMIN_URL, dropped afterwards.
struct PostgresBackend {
    static constexpr const char* kName = "Postgres";
    static Result<std::unique_ptr<TestDatabase>> Create();
    static std::string SkipReason();
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

/// Names the typed instantiations "Sqlite" and "Postgres" in test output and filters.
class BackendNames {
 public:
    template <typename Backend>
    static std::string GetName(int /*index*/) {
        return Backend::kName;
    }
};

/// A fresh database per test; the store is not opened (see StoreTest for that).
template <typename Backend>
class BackendTest : public ::testing::Test {
 protected:
    void SetUp() override {
        if (const std::string reason = Backend::SkipReason(); !reason.empty()) GTEST_SKIP() << reason;
        auto database = Backend::Create();
        ASSERT_TRUE(database) << database.error().message();
        database_ = std::move(*database);
    }

    TestDatabase& database() { return *database_; }

 private:
    std::unique_ptr<TestDatabase> database_;
};

/// A fresh database with an open (migrated) Store, plus helpers that run one repository call in a write or read.
template <typename Backend>
class StoreTest : public BackendTest<Backend> {
 protected:
    void SetUp() override {
        BackendTest<Backend>::SetUp();
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
        auto store = OpenStore(this->database().options());
        ASSERT_TRUE(store) << store.error().message();
        store_ = std::move(*store);
    }

    void TearDown() override { store_.reset(); }

    Store& store() { return *store_; }
    void CloseStore() { store_.reset(); }

    /// Runs `work(db)` (returning some Result<T>) as one group-committed write; returns its result, or the
    /// commit's error.
    template <typename Work>
    auto InWrite(Work&& work) {
        return Run(work, [this](const WriteWork& unit) { return store_->Write(unit); });
    }

    /// Runs `work(db)` (returning some Result<T>) in a read transaction.
    template <typename Work>
    auto InRead(Work&& work) {
        return Run(work, [this](const ReadWork& unit) { return store_->Read(unit); });
    }

 private:
    template <typename Work, typename Runner>
    static auto Run(Work& work, Runner&& runner) {
        using R = std::invoke_result_t<Work&, SqlConnection&>;
        std::optional<R> out;
        const Status status = runner([&](SqlConnection& db) -> Status {
            out.emplace(work(db));
            if (!*out) return out->error();
            return OkStatus();
        });
        if (!status) return R(status.error());
        return std::move(*out);
    }

    std::unique_ptr<Store> store_;
};

}  // namespace sladesk::store
