#include "store/migrations.hpp"

#include <charconv>
#include <string>

namespace sladesk::store {
namespace {

constexpr NamedQuery kCurrentVersion{"migrations_current_version",
                                     "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
constexpr NamedQuery kRecordVersion{"migrations_record_version",
                                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"};

int VersionOf(std::string_view name) {
    int version = 0;
    std::from_chars(name.data(), name.data() + name.size(), version);
    return version;
}

Status ApplyOne(SqlConnection& db, const EmbeddedFile& migration) {
    SLADESK_TRY(db.ExecuteScript("BEGIN"));
    Status applied = db.ExecuteScript(migration.content);
    if (applied) {
        const SqlValue params[] = {std::int64_t{VersionOf(migration.name)}, std::string(migration.name)};
        auto recorded = db.Execute(kRecordVersion, params);
        if (!recorded) applied = recorded.error();
    }
    if (!applied) {
        (void)db.ExecuteScript("ROLLBACK");
        return applied.error().WithContext("migration " + std::string(migration.name));
    }
    return db.ExecuteScript("COMMIT");
}

}  // namespace

Result<int> ApplyMigrations(SqlConnection& db) {
    const bool postgres = db.backend() == Backend::kPostgres;
    if (postgres) SLADESK_TRY(db.ExecuteScript("SELECT pg_advisory_lock(7419001)"));
    SLADESK_TRY(db.ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)"));
    auto current = db.Query(kCurrentVersion, {});
    int applied = 0;
    Status status = current ? OkStatus() : Status(current.error());
    if (status) {
        const std::int64_t version = current->front().Int(0);
        for (const EmbeddedFile& migration : postgres ? PostgresMigrations() : SqliteMigrations()) {
            if (VersionOf(migration.name) <= version) continue;
            status = ApplyOne(db, migration);
            if (!status) break;
            ++applied;
        }
    }
    if (postgres) (void)db.ExecuteScript("SELECT pg_advisory_unlock(7419001)");
    if (!status) return status.error();
    return applied;
}

}  // namespace sladesk::store
