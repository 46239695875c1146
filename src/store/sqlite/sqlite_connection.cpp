#include "store/sqlite/sqlite_connection.hpp"

#include <string>

namespace sladesk::store::sqlite {
namespace {

// Built queries (filters) add variants; past this many the cache starts over rather than grow without bound.
constexpr std::size_t kMaxCachedStatements = 512;

// Pragmas every connection needs: durability (WAL + FULL sync), lock waits instead of instant SQLITE_BUSY, and a
// small page cache (2 MB) because the read pool holds many connections; the writer raises its own (OpenStore).
constexpr const char* kConnectionSetup =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA busy_timeout=10000;"
    "PRAGMA cache_size=-2000;"
    "PRAGMA temp_store=MEMORY;";

ErrorCode CodeFor(int code) {
    switch (code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_CANTOPEN: return ErrorCode::kUnavailable;
        case SQLITE_CONSTRAINT: return ErrorCode::kConflict;
        default: return ErrorCode::kInternal;
    }
}

}  // namespace

std::string TranslatePlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    char quote = 0;
    for (char c : sql) {
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '$') {
            c = '?';
        }
        out.push_back(c);
    }
    return out;
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (code != SQLITE_OK) {
        std::string message = "cannot open SQLite database " + path + ": " + sqlite3_errstr(code);
        sqlite3_close(db);
        return Error::Unavailable(message);
    }
    std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
    SLADESK_TRY(connection->ExecuteScript(kConnectionSetup));
    return connection;
}

SqliteConnection::~SqliteConnection() {
    ClearStatementCache();
    sqlite3_close(db_);
}

void SqliteConnection::ClearStatementCache() {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    statements_.clear();
}

Error SqliteConnection::LastError(const char* what, int code) const {
    return Error(CodeFor(code), std::string(what) + ": " + sqlite3_errmsg(db_));
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(const NamedQuery& query, std::span<const SqlValue> params) {
    sqlite3_stmt* statement = nullptr;
    if (auto found = statements_.find(std::string_view(query.sql)); found != statements_.end()) {
        statement = found->second;
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
    } else {
        if (statements_.size() >= kMaxCachedStatements) ClearStatementCache();
        const std::string sql = TranslatePlaceholders(query.sql);
        const int code = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                            &statement, nullptr);
        if (code != SQLITE_OK) return LastError(query.name, code);
        statements_.emplace(query.sql, statement);
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        int code = SQLITE_OK;
        if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
            code = sqlite3_bind_int64(statement, index, *integer);
        } else if (const auto* real = std::get_if<double>(&params[i])) {
            code = sqlite3_bind_double(statement, index, *real);
        } else if (const auto* text = std::get_if<std::string>(&params[i])) {
            code = sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
        } else {
            code = sqlite3_bind_null(statement, index);
        }
        if (code != SQLITE_OK) return LastError(query.name, code);
    }
    return statement;
}

Result<SqlRows> SqliteConnection::Query(const NamedQuery& query, std::span<const SqlValue> params) {
    SLADESK_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(query, params));
    SqlRows rows;
    const int columns = sqlite3_column_count(statement);
    for (;;) {
        const int code = sqlite3_step(statement);
        if (code == SQLITE_DONE) break;
        if (code != SQLITE_ROW) {
            Error error = LastError(query.name, code);
            sqlite3_reset(statement);
            return error;
        }
        std::vector<SqlValue> values;
        values.reserve(static_cast<std::size_t>(columns));
        for (int column = 0; column < columns; ++column) {
            switch (sqlite3_column_type(statement, column)) {
                case SQLITE_INTEGER: values.emplace_back(std::int64_t{sqlite3_column_int64(statement, column)}); break;
                case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(statement, column)); break;
                case SQLITE_NULL: values.emplace_back(std::monostate{}); break;
                default: {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
                    values.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))));
                }
            }
        }
        rows.emplace_back(std::move(values));
    }
    sqlite3_reset(statement);
    return rows;
}

Result<std::int64_t> SqliteConnection::Execute(const NamedQuery& query, std::span<const SqlValue> params) {
    SLADESK_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(query, params));
    int code = SQLITE_ROW;
    while (code == SQLITE_ROW) code = sqlite3_step(statement);
    if (code != SQLITE_DONE) {
        Error error = LastError(query.name, code);
        sqlite3_reset(statement);
        return error;
    }
    sqlite3_reset(statement);
    return std::int64_t{sqlite3_changes(db_)};
}

Status SqliteConnection::ExecuteScript(std::string_view sql) {
    // Transaction control (BEGIN, SAVEPOINT, COMMIT...) runs several times per request: a single statement goes
    // through the prepared-statement cache instead of being parsed again by sqlite3_exec.
    if (sql.find(';') == std::string_view::npos) {
        const std::string text(sql);
        const NamedQuery statement{"script", text.c_str()};
        auto executed = Execute(statement, {});
        if (!executed) return executed.error();
        return OkStatus();
    }
    char* message = nullptr;
    const std::string text(sql);
    const int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
        std::string detail = message != nullptr ? message : sqlite3_errstr(code);
        sqlite3_free(message);
        return Error(CodeFor(code), "sql script failed: " + detail);
    }
    return OkStatus();
}

Result<std::unique_ptr<SqlConnection>> SqliteConnectionFactory::Open() {
    auto connection = SqliteConnection::Open(path_);
    if (!connection) return connection.error();
    return std::unique_ptr<SqlConnection>(std::move(*connection));
}

}  // namespace sladesk::store::sqlite
