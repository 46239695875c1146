// PostgreSQL backend: one libpq connection with named prepared statements.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "store/store.hpp"

namespace sladesk::store::postgres {

/// Not thread-safe (one thread at a time). Parameters travel as text; integer columns come back as integers.
class PgConnection final : public SqlConnection {
 public:
    /// Connects to `url` (postgresql://...). kUnavailable on failure; the message never contains the password.
    static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);
    ~PgConnection() override;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    Result<SqlRows> Query(const NamedQuery& query, std::span<const SqlValue> params) override;
    Result<std::int64_t> Execute(const NamedQuery& query, std::span<const SqlValue> params) override;
    Status ExecuteScript(std::string_view sql) override;
    Backend backend() const override { return Backend::kPostgres; }

 private:
    explicit PgConnection(PGconn* connection) : connection_(connection) {}
    Result<PGresult*> Run(const NamedQuery& query, std::span<const SqlValue> params);
    Error ResultError(const char* what, PGresult* result) const;

    PGconn* connection_;
    std::unordered_map<std::string, std::string> prepared_;  // SQL text -> server-side statement name
};

class PgConnectionFactory final : public ConnectionFactory {
 public:
    explicit PgConnectionFactory(std::string url) : url_(std::move(url)) {}
    Result<std::unique_ptr<SqlConnection>> Open() override;
    Backend backend() const override { return Backend::kPostgres; }

 private:
    std::string url_;
};

}  // namespace sladesk::store::postgres
