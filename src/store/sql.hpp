// The SQL seam between the repositories and a database backend (SQLite or PostgreSQL).
// Repositories write their SQL once with $1..$N placeholders; a backend translates where needed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace sladesk::store {

/// A bound parameter or a column value: NULL, integer, real or text.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// A statement with a stable name; the name appears in logs and metrics, the text is prepared once per connection.
struct NamedQuery {
    const char* name;
    const char* sql;
};

/// One result row, materialised. Column accessors take the 0-based column index.
class SqlRow {
 public:
    explicit SqlRow(std::vector<SqlValue> values) : values_(std::move(values)) {}

    bool IsNull(std::size_t column) const { return std::holds_alternative<std::monostate>(values_.at(column)); }
    /// The integer at `column`; 0 for NULL. Text holding digits (PostgreSQL numeric text) is converted.
    std::int64_t Int(std::size_t column) const;
    std::optional<std::int64_t> OptInt(std::size_t column) const;
    /// The text at `column`; "" for NULL.
    std::string Text(std::size_t column) const;
    std::optional<std::string> OptText(std::size_t column) const;
    std::size_t size() const { return values_.size(); }

 private:
    std::vector<SqlValue> values_;
};

using SqlRows = std::vector<SqlRow>;

enum class Backend { kSqlite, kPostgres };

/// One database connection. Not thread-safe: a connection is used by one thread at a time (the Store's pools
/// hand them out). Every method returns kUnavailable when the database is busy or gone, kConflict on a
/// uniqueness or foreign-key violation, kInternal for anything else, each message naming the query.
class SqlConnection {
 public:
    virtual ~SqlConnection() = default;

    /// Runs a statement and returns all its rows.
    virtual Result<SqlRows> Query(const NamedQuery& query, std::span<const SqlValue> params) = 0;
    /// Runs a statement and returns the number of rows it changed.
    virtual Result<std::int64_t> Execute(const NamedQuery& query, std::span<const SqlValue> params) = 0;
    /// Runs one or more unprepared statements without parameters (migrations, BEGIN, SAVEPOINT).
    virtual Status ExecuteScript(std::string_view sql) = 0;
    virtual Backend backend() const = 0;
};

/// Convenience: the single row of a query, kNotFound (with `what`) if there is none.
Result<SqlRow> QueryOne(SqlConnection& db, const NamedQuery& query, std::span<const SqlValue> params,
                        const std::string& what);

/// Convenience: every row of a query, each turned into a value by `map` (a function of const SqlRow&).
template <typename Map>
auto QueryAll(SqlConnection& db, const NamedQuery& query, std::span<const SqlValue> params, Map map)
    -> Result<std::vector<decltype(map(std::declval<const SqlRow&>()))>> {
    auto rows = db.Query(query, params);
    if (!rows) return rows.error();
    std::vector<decltype(map(std::declval<const SqlRow&>()))> values;
    values.reserve(rows->size());
    for (const SqlRow& row : *rows) values.push_back(map(row));
    return values;
}

/// Convenience for `params` lists: SqlValue from optional values (nullopt -> NULL).
SqlValue OptionalValue(const std::optional<std::int64_t>& value);
SqlValue OptionalValue(const std::optional<std::string>& value);

}  // namespace sladesk::store
