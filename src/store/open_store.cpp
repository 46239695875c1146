#include <filesystem>
#include <system_error>

#include "store/group_commit_store.hpp"
#include "store/migrations.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::store {
namespace {

Result<std::unique_ptr<ConnectionFactory>> MakeFactory(const StoreOptions& options) {
    if (options.database_url.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options.data_dir, error);
        if (error) return Error::Unavailable("cannot create data directory " + options.data_dir + ": " + error.message());
        return std::unique_ptr<ConnectionFactory>(
            std::make_unique<sqlite::SqliteConnectionFactory>(options.data_dir + "/sladesk.db"));
    }
    if (options.database_url.starts_with("postgresql://") || options.database_url.starts_with("postgres://")) {
        return std::unique_ptr<ConnectionFactory>(std::make_unique<postgres::PgConnectionFactory>(options.database_url));
    }
    return Error::InvalidArgument("--database must start with postgresql:// (got a different scheme)");
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
    SLADESK_ASSIGN_OR_RETURN(auto factory, MakeFactory(options));
    SLADESK_ASSIGN_OR_RETURN(auto writer, factory->Open());
    SLADESK_TRY(ApplyMigrations(*writer));
    BatchFinisher finisher;
    if (factory->backend() == Backend::kSqlite) {
        // The writer keeps the hot pages of every table; readers make do with the small default cache.
        SLADESK_TRY(writer->ExecuteScript("PRAGMA cache_size=-32000"));
        // FTS5 pays per transaction that touches it, so pending search text moves in a few times a second, in
        // bulk; until then searches also scan the (small) pending table, so results never lag behind.
        finisher = {kSqliteFlushSearchText, std::chrono::milliseconds(250)};
    }
    return std::unique_ptr<Store>(std::make_unique<GroupCommitStore>(std::move(factory), std::move(writer), options,
                                                                     std::move(finisher)));
}

Result<int> Migrate(const StoreOptions& options) {
    SLADESK_ASSIGN_OR_RETURN(auto factory, MakeFactory(options));
    SLADESK_ASSIGN_OR_RETURN(auto connection, factory->Open());
    return ApplyMigrations(*connection);
}

}  // namespace sladesk::store
