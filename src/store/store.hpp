// The Store: connection pools for reads and one group-committing writer for durable writes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// Where the data lives and how the store behaves. Filled from CLI flags in cli/.
struct StoreOptions {
    std::string data_dir = "./data";     // SQLite file and attachments live here; default ./data
    std::string database_url;            // "postgresql://..." selects PostgreSQL; empty means SQLite in data_dir
    int max_batch = 256;                 // writes committed together in one transaction; default 256
    int read_pool_size = 64;             // read connections kept open at most; default 64
};

/// Opens connections to one database. Implementations are thread-safe.
class ConnectionFactory {
 public:
    virtual ~ConnectionFactory() = default;
    virtual Result<std::unique_ptr<SqlConnection>> Open() = 0;
    virtual Backend backend() const = 0;
};

/// A unit of write work. It runs inside a transaction (as a savepoint of a group commit) on the writer's
/// connection; returning an error rolls back exactly its own changes.
using WriteWork = std::function<Status(SqlConnection&)>;
/// A unit of read work, run in a read transaction on a pooled connection.
using ReadWork = std::function<Status(SqlConnection&)>;
/// Told the outcome of an asynchronous write (what Write() would have returned), once, on the writer thread right
/// after the commit. It must be quick, must not throw and must not call the Store: the next batch waits for it.
using WriteDone = std::function<void(Status)>;

/// Thread-safe. Write() returns only after the work's transaction has durably committed (or failed), so an
/// acknowledged write survives a crash. Concurrent writes are batched into one transaction per commit.
class Store {
 public:
    virtual ~Store() = default;

    /// Runs `work` in the next group commit and waits for the commit. Returns the work's own error, or
    /// kUnavailable if the commit itself failed (then nothing of the work is stored).
    virtual Status Write(const WriteWork& work) = 0;
    /// Queues `work` for the next group commit and returns at once; `done` gets what Write() would have returned,
    /// after the commit. The caller need not wait, so a write holds no thread while its batch commits.
    virtual void WriteAsync(WriteWork work, WriteDone done) = 0;
    /// Runs `work` on a pooled connection inside a read transaction.
    virtual Status Read(const ReadWork& work) = 0;
    virtual Backend backend() const = 0;
    /// Directory for files stored next to the database (attachments).
    virtual const std::string& data_dir() const = 0;
};

/// Opens the store described by `options`, applying pending migrations. Errors name the database.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

/// Applies pending migrations only; returns how many were applied.
Result<int> Migrate(const StoreOptions& options);

}  // namespace sladesk::store
