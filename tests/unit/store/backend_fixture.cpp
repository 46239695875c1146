#include "backend_fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "store/postgres/pg_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace sladesk::store {
namespace {

constexpr const char* kAdminUrlVariable = "SLADESK_TEST_PG_ADMIN_URL";
constexpr const char* kThrowawayVariable = "SLADESK_TEST_PG_THROWAWAY";

/// A name unique within this machine for the life of the test binary: pid plus a counter.
std::string UniqueName(const char* prefix) {
    static std::atomic<int> counter{0};
    return std::string(prefix) + std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

class SqliteDatabase final : public TestDatabase {
 public:
    explicit SqliteDatabase(std::filesystem::path dir) : dir_(std::move(dir)) { options_.data_dir = dir_.string(); }
    ~SqliteDatabase() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    const StoreOptions& options() const override { return options_; }
    Result<std::unique_ptr<SqlConnection>> Connect() const override {
        return sqlite::SqliteConnectionFactory(options_.data_dir + "/sladesk.db").Open();
    }

 private:
    std::filesystem::path dir_;
    StoreOptions options_;
};

/// The admin URL with its database name (the path after host:port) replaced by `database`.
std::string WithDatabase(const std::string& admin_url, const std::string& database) {
    const std::size_t scheme = admin_url.find("://");
    const std::size_t path = admin_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    const std::size_t query = admin_url.find('?', path == std::string::npos ? 0 : path);
    std::string url = admin_url.substr(0, path) + "/" + database;
    if (query != std::string::npos) url += admin_url.substr(query);
    return url;
}

class PostgresDatabase final : public TestDatabase {
 public:
    PostgresDatabase(std::string admin_url, std::string name)
        : admin_url_(std::move(admin_url)), name_(std::move(name)) {
        options_.database_url = WithDatabase(admin_url_, name_);
        options_.data_dir = (std::filesystem::temp_directory_path() / name_).string();
    }
    ~PostgresDatabase() override {
        // A throwaway server (scripts/with-postgres.sh) is deleted whole; dropping would only cost a checkpoint.
        const char* throwaway = std::getenv(kThrowawayVariable);
        const bool drop = throwaway == nullptr || std::string_view(throwaway) != "1";
        if (auto admin = drop ? postgres::PgConnection::Open(admin_url_) : Error::Internal("kept")) {
            (void)(*admin)->ExecuteScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        }
        std::error_code ignored;
        std::filesystem::remove_all(options_.data_dir, ignored);
    }

    const StoreOptions& options() const override { return options_; }
    Result<std::unique_ptr<SqlConnection>> Connect() const override {
        return postgres::PgConnectionFactory(options_.database_url).Open();
    }

 private:
    std::string admin_url_;
    std::string name_;
    StoreOptions options_;
};

}  // namespace

Result<std::unique_ptr<TestDatabase>> SqliteBackend::Create() {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / UniqueName("sladesk_store_test_");
    std::error_code error;
    std::filesystem::remove_all(dir, error);
    if (!std::filesystem::create_directories(dir, error)) {
        return Error::Unavailable("cannot create " + dir.string() + ": " + error.message());
    }
    return std::unique_ptr<TestDatabase>(std::make_unique<SqliteDatabase>(std::move(dir)));
}

std::string PostgresBackend::SkipReason() {
    const char* url = std::getenv(kAdminUrlVariable);
    if (url != nullptr && *url != '\0') return {};
    return std::string(kAdminUrlVariable) +
           " is not set, so the PostgreSQL tests are skipped; run them with "
           "scripts/with-postgres.sh build/tests/unit/store/store_test";
}

Result<std::unique_ptr<TestDatabase>> PostgresBackend::Create() {
    const std::string admin_url = std::getenv(kAdminUrlVariable);
    SLADESK_ASSIGN_OR_RETURN(auto admin, postgres::PgConnection::Open(admin_url));
    std::string name = UniqueName("sladesk_test_");
    SLADESK_TRY(admin->ExecuteScript("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"));
    return std::unique_ptr<TestDatabase>(std::make_unique<PostgresDatabase>(admin_url, std::move(name)));
}

}  // namespace sladesk::store
