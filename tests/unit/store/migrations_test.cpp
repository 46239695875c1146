// Migrations and the SQL seam, on SQLite and PostgreSQL.
// With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test (see backend_fixture.hpp).
#include "store/migrations.hpp"

#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "store/auth_repo.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace sladesk::store {
namespace {

constexpr NamedQuery kCountMigrations{"test_count_migrations", "SELECT COUNT(*), MAX(version) FROM schema_migrations"};

std::size_t MigrationCount(Backend backend) {
    return backend == Backend::kPostgres ? PostgresMigrations().size() : SqliteMigrations().size();
}

template <typename B>
class MigrationsTest : public BackendTest<B> {};
TYPED_TEST_SUITE(MigrationsTest, Backends, BackendNames);

TYPED_TEST(MigrationsTest, AppliesEachMigrationOnceThenNothing) {
    auto db = this->database().Connect();
    ASSERT_TRUE(db) << db.error().message();
    const std::size_t expected = MigrationCount((*db)->backend());
    ASSERT_GE(expected, 1u);

    auto first = ApplyMigrations(**db);
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(*first, static_cast<int>(expected));
    auto second = ApplyMigrations(**db);
    ASSERT_TRUE(second) << second.error().message();
    EXPECT_EQ(*second, 0);

    auto rows = (*db)->Query(kCountMigrations, {});
    ASSERT_TRUE(rows) << rows.error().message();
    EXPECT_EQ(rows->front().Int(0), static_cast<std::int64_t>(expected));
    // The newest version is the last file's number (numbers may have gaps while parallel branches are unmerged).
    const auto& files = (*db)->backend() == Backend::kPostgres ? PostgresMigrations() : SqliteMigrations();
    EXPECT_EQ(rows->front().Int(1), std::stoll(std::string(files.back().name.substr(0, 4))));
}

TYPED_TEST(MigrationsTest, AppliesALowerNumberThatArrivesAfterAHigherOne) {
    auto db = this->database().Connect();
    ASSERT_TRUE(db) << db.error().message();
    ASSERT_TRUE(ApplyMigrations(**db));
    // As if the second migration came from a branch merged after the newer ones were applied.
    const auto& files = (*db)->backend() == Backend::kPostgres ? PostgresMigrations() : SqliteMigrations();
    ASSERT_GE(files.size(), 3u);
    const std::string second(files[1].name.substr(0, 4));
    ASSERT_TRUE((*db)->ExecuteScript("DELETE FROM schema_migrations WHERE version = " + std::to_string(std::stoi(second))));
    // Re-running a migration's DDL would fail, so this only checks it is picked: the error names it.
    auto again = ApplyMigrations(**db);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message().find(std::string(files[1].name)), std::string::npos) << again.error().message();
}

TYPED_TEST(MigrationsTest, ReopeningTheStoreKeepsDataAndAppliesNothing) {
    {
        auto store = OpenStore(this->database().options());
        ASSERT_TRUE(store) << store.error().message();
        ASSERT_TRUE((*store)->Write([](SqlConnection& db) { return AuthRepo::PutSetting(db, "sla.default", "gold"); }));
    }
    auto store = OpenStore(this->database().options());
    ASSERT_TRUE(store) << store.error().message();
    std::optional<std::string> value;
    ASSERT_TRUE((*store)->Read([&](SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(value, AuthRepo::GetSetting(db, "sla.default"));
        return OkStatus();
    }));
    EXPECT_EQ(value, "gold");

    auto db = this->database().Connect();
    ASSERT_TRUE(db) << db.error().message();
    auto applied = ApplyMigrations(**db);
    ASSERT_TRUE(applied) << applied.error().message();
    EXPECT_EQ(*applied, 0);
    auto rows = (*db)->Query(kCountMigrations, {});
    ASSERT_TRUE(rows) << rows.error().message();
    EXPECT_EQ(rows->front().Int(0), static_cast<std::int64_t>(MigrationCount((*db)->backend())));
}

TYPED_TEST(MigrationsTest, NumberedPlaceholdersMayRepeatAndComeInAnyOrder) {
    auto db = this->database().Connect();
    ASSERT_TRUE(db) << db.error().message();
    constexpr NamedQuery kRepeat{"test_repeat", "SELECT $2 || '-' || $1 || '-' || $2, '$1 stays'"};
    const SqlValue params[] = {std::string("a"), std::string("b")};
    auto rows = (*db)->Query(kRepeat, params);
    ASSERT_TRUE(rows) << rows.error().message();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().Text(0), "b-a-b");
    EXPECT_EQ(rows->front().Text(1), "$1 stays");
}

TYPED_TEST(MigrationsTest, ValuesRoundTripWithTheirTypes) {
    auto db = this->database().Connect();
    ASSERT_TRUE(db) << db.error().message();
    constexpr NamedQuery kEcho{"test_echo", "SELECT CAST($1 AS BIGINT), $2, CAST($3 AS BIGINT)"};
    const SqlValue params[] = {std::int64_t{-9007199254740993}, std::string("工单 ü"), std::monostate{}};
    auto rows = (*db)->Query(kEcho, params);
    ASSERT_TRUE(rows) << rows.error().message();
    EXPECT_EQ(rows->front().Int(0), -9007199254740993);
    EXPECT_EQ(rows->front().Text(1), "工单 ü");
    EXPECT_TRUE(rows->front().IsNull(2));
    EXPECT_EQ(rows->front().OptInt(2), std::nullopt);
}

TEST(TranslatePlaceholdersTest, RewritesDollarNumbersToQuestionNumbers) {
    EXPECT_EQ(sqlite::TranslatePlaceholders("SELECT * FROM t WHERE a = $1 AND b = $12"),
              "SELECT * FROM t WHERE a = ?1 AND b = ?12");
    EXPECT_EQ(sqlite::TranslatePlaceholders("VALUES ($1,$2)"), "VALUES (?1,?2)");
    EXPECT_EQ(sqlite::TranslatePlaceholders(""), "");
    EXPECT_EQ(sqlite::TranslatePlaceholders("SELECT 1"), "SELECT 1");
}

TEST(TranslatePlaceholdersTest, KeepsDollarsInsideQuotes) {
    EXPECT_EQ(sqlite::TranslatePlaceholders("SELECT '$1', $1"), "SELECT '$1', ?1");
    EXPECT_EQ(sqlite::TranslatePlaceholders("SELECT \"col$1\" FROM t WHERE x = $2"),
              "SELECT \"col$1\" FROM t WHERE x = ?2");
    // A doubled quote inside a literal closes and reopens it; the dollar stays inside.
    EXPECT_EQ(sqlite::TranslatePlaceholders("SELECT 'it''s $1' WHERE y = $1"), "SELECT 'it''s $1' WHERE y = ?1");
    EXPECT_EQ(sqlite::TranslatePlaceholders("SELECT 'a\"b', $3, \"c'd\", $4"), "SELECT 'a\"b', ?3, \"c'd\", ?4");
}

}  // namespace
}  // namespace sladesk::store
