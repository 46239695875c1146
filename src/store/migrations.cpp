#include "store/migrations.hpp"

#include <charconv>
#include <set>
#include <string>

namespace sladesk::store {
namespace {

constexpr NamedQuery kAppliedVersions{"migrations_applied_versions", "SELECT version FROM schema_migrations"};
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
    auto recorded = db.Query(kAppliedVersions, {});
    int applied = 0;
    Status status = recorded ? OkStatus() : Status(recorded.error());
    if (status) {
        // Every migration not yet recorded, not only those above the newest: numbers are handed out to branches
        // developed side by side, so a lower number can arrive after a higher one was applied.
        std::set<std::int64_t> done;
        for (const SqlRow& row : *recorded) done.insert(row.Int(0));
        for (const EmbeddedFile& migration : postgres ? PostgresMigrations() : SqliteMigrations()) {
            if (done.contains(VersionOf(migration.name))) continue;
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
