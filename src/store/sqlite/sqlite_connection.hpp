// SQLite backend: one sqlite3 handle with a cache of prepared statements.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.hpp"

namespace sladesk::store::sqlite {

/// Not thread-safe (one thread at a time). WAL mode, synchronous=FULL: a commit is durable when it returns.
class SqliteConnection final : public SqlConnection {
 public:
    /// Opens (creating if needed) the database file at `path`. kUnavailable naming the path on failure.
    static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path);
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Result<SqlRows> Query(const NamedQuery& query, std::span<const SqlValue> params) override;
    Result<std::int64_t> Execute(const NamedQuery& query, std::span<const SqlValue> params) override;
    Status ExecuteScript(std::string_view sql) override;
    Backend backend() const override { return Backend::kSqlite; }

 private:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    Result<sqlite3_stmt*> Prepare(const NamedQuery& query, std::span<const SqlValue> params);
    Error LastError(const char* what, int code) const;
    void ClearStatementCache();

    /// Hashes SQL text however it is held, so a lookup by a query's `const char*` allocates no std::string.
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };

    sqlite3* db_;
    // Keyed by SQL text (queries may be built).
    std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> statements_;
};

/// Opens SQLite connections to one file.
class SqliteConnectionFactory final : public ConnectionFactory {
 public:
    explicit SqliteConnectionFactory(std::string path) : path_(std::move(path)) {}
    Result<std::unique_ptr<SqlConnection>> Open() override;
    Backend backend() const override { return Backend::kSqlite; }

 private:
    std::string path_;
};

/// SQLite's "?NNN" spelling of PostgreSQL-style "$NNN" placeholders ("$" inside quotes is kept). Pure.
std::string TranslatePlaceholders(std::string_view sql);

}  // namespace sladesk::store::sqlite
