// Numbered schema migrations, compiled in per backend and applied at start.
#pragma once

#include <span>

#include "core/embedded_file.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// The backend's migration files, sorted by their number prefix ("0001_init.sql").
std::span<const EmbeddedFile> SqliteMigrations();
std::span<const EmbeddedFile> PostgresMigrations();

/// Applies, in number order, every migration not yet recorded in schema_migrations (a lower number that arrived
/// after a higher one was applied included), each in its own transaction, and records it. Safe when several nodes start at once on PostgreSQL (an advisory lock serialises them).
/// Returns the number applied; errors name the failing migration.
Result<int> ApplyMigrations(SqlConnection& db);

}  // namespace sladesk::store
