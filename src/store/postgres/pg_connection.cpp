#include "store/postgres/pg_connection.hpp"

#include <charconv>
#include <cstring>
#include <vector>

namespace sladesk::store::postgres {
namespace {

// Type oids from PostgreSQL's pg_type.h; integer-like columns become int64 values.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kBoolOid = 16;

ErrorCode CodeForState(const char* sqlstate) {
    if (sqlstate == nullptr) return ErrorCode::kUnavailable;  // no result: the connection is gone
    if (std::strncmp(sqlstate, "23", 2) == 0) return ErrorCode::kConflict;      // integrity violation
    if (std::strncmp(sqlstate, "40", 2) == 0) return ErrorCode::kUnavailable;   // serialization / deadlock
    if (std::strncmp(sqlstate, "08", 2) == 0) return ErrorCode::kUnavailable;   // connection exception
    if (std::strncmp(sqlstate, "57", 2) == 0) return ErrorCode::kUnavailable;   // operator intervention
    if (std::strncmp(sqlstate, "53", 2) == 0) return ErrorCode::kUnavailable;   // insufficient resources
    return ErrorCode::kInternal;
}

SqlValue ConvertValue(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) return std::monostate{};
    const char* text = PQgetvalue(result, row, column);
    const int length = PQgetlength(result, row, column);
    switch (PQftype(result, column)) {
        case kInt8Oid:
        case kInt4Oid:
        case kInt2Oid: {
            std::int64_t value = 0;
            std::from_chars(text, text + length, value);
            return value;
        }
        case kBoolOid: return std::int64_t{text[0] == 't' ? 1 : 0};
        case kFloat8Oid:
        case kFloat4Oid: return std::strtod(text, nullptr);
        default: return std::string(text, static_cast<std::size_t>(length));
    }
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
    PGconn* connection = PQconnectdb(url.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        // PQerrorMessage names host and port, never the password.
        std::string message = std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(connection);
        PQfinish(connection);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        return Error::Unavailable(message);
    }
    std::unique_ptr<PgConnection> pg(new PgConnection(connection));
    SLADESK_TRY(pg->ExecuteScript("SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
    return pg;
}

PgConnection::~PgConnection() { PQfinish(connection_); }

Error PgConnection::ResultError(const char* what, PGresult* result) const {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = std::string(what) + ": " + PQerrorMessage(connection_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    ErrorCode code = CodeForState(state);
    if (PQstatus(connection_) != CONNECTION_OK) code = ErrorCode::kUnavailable;
    return Error(code, message);
}

Result<PGresult*> PgConnection::Run(const NamedQuery& query, std::span<const SqlValue> params) {
    auto statement = prepared_.find(query.sql);
    if (statement == prepared_.end()) {
        // Built queries share a name across variants, so the server-side name gets a per-connection number.
        std::string statement_name = std::string(query.name) + "_" + std::to_string(prepared_.size());
        PGresult* prepared = PQprepare(connection_, statement_name.c_str(), query.sql, 0, nullptr);
        const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
        Error error = ok ? Error::Internal("") : ResultError(query.name, prepared);
        PQclear(prepared);
        if (!ok) return error;
        statement = prepared_.emplace(query.sql, std::move(statement_name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
            texts[i] = std::to_string(*integer);
        } else if (const auto* real = std::get_if<double>(&params[i])) {
            texts[i] = std::to_string(*real);
        } else if (const auto* text = std::get_if<std::string>(&params[i])) {
            texts[i] = *text;
        } else {
            continue;  // NULL stays a null pointer
        }
        values[i] = texts[i].c_str();
    }
    PGresult* result = PQexecPrepared(connection_, statement->second.c_str(), static_cast<int>(params.size()), values.data(),
                                      nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        Error error = ResultError(query.name, result);
        PQclear(result);
        return error;
    }
    return result;
}

Result<SqlRows> PgConnection::Query(const NamedQuery& query, std::span<const SqlValue> params) {
    SLADESK_ASSIGN_OR_RETURN(PGresult * result, Run(query, params));
    SqlRows rows;
    const int row_count = PQntuples(result);
    const int columns = PQnfields(result);
    rows.reserve(static_cast<std::size_t>(row_count));
    for (int row = 0; row < row_count; ++row) {
        std::vector<SqlValue> values;
        values.reserve(static_cast<std::size_t>(columns));
        for (int column = 0; column < columns; ++column) values.push_back(ConvertValue(result, row, column));
        rows.emplace_back(std::move(values));
    }
    PQclear(result);
    return rows;
}

Result<std::int64_t> PgConnection::Execute(const NamedQuery& query, std::span<const SqlValue> params) {
    SLADESK_ASSIGN_OR_RETURN(PGresult * result, Run(query, params));
    std::int64_t changed = 0;
    const char* tuples = PQcmdTuples(result);
    std::from_chars(tuples, tuples + std::strlen(tuples), changed);
    PQclear(result);
    return changed;
}

Status PgConnection::ExecuteScript(std::string_view sql) {
    const std::string text(sql);
    PGresult* result = PQexec(connection_, text.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Error error = ResultError("sql script", result);
        PQclear(result);
        return error;
    }
    PQclear(result);
    return OkStatus();
}

Result<std::unique_ptr<SqlConnection>> PgConnectionFactory::Open() {
    auto connection = PgConnection::Open(url_);
    if (!connection) return connection.error();
    return std::unique_ptr<SqlConnection>(std::move(*connection));
}

}  // namespace sladesk::store::postgres
