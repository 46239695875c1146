#include "store/group_commit_store.hpp"

#include <pthread.h>

#include <exception>
#include <optional>

namespace sladesk::store {
namespace {

const char* BeginStatement(Backend backend) {
    // IMMEDIATE takes SQLite's write lock up front, so a batch never fails half-way on a lock upgrade.
    return backend == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
}

}  // namespace

GroupCommitStore::GroupCommitStore(std::unique_ptr<ConnectionFactory> factory, std::unique_ptr<SqlConnection> writer,
                                   StoreOptions options, BatchFinisher finisher)
    : factory_(std::move(factory)),
      writer_(std::move(writer)),
      options_(std::move(options)),
      finisher_(std::move(finisher)) {
    writer_thread_ = std::thread([this] { WriterLoop(); });
}

GroupCommitStore::~GroupCommitStore() {
    {
        std::lock_guard lock(queue_mu_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_thread_.join();
}

bool GroupCommitStore::Enqueue(PendingWrite& pending) {
    {
        std::lock_guard lock(queue_mu_);
        if (stopping_) return false;
        queue_.push_back(std::move(pending));
    }
    queue_cv_.notify_one();
    return true;
}

Status GroupCommitStore::Write(const WriteWork& work) {
    // A flag under a mutex: cheaper than a promise/future pair, which allocates its shared state.
    struct Waiter {
        std::mutex mu;
        std::condition_variable cv;
        std::optional<Status> outcome;
    } waiter;
    PendingWrite pending{&work, {}, [&waiter](Status outcome) {
                             std::lock_guard lock(waiter.mu);
                             waiter.outcome = std::move(outcome);
                             waiter.cv.notify_one();  // under the lock: `waiter` lives on the waiting stack
                         }};
    if (!Enqueue(pending)) return Error::Unavailable("store is shutting down");
    std::unique_lock lock(waiter.mu);
    waiter.cv.wait(lock, [&waiter] { return waiter.outcome.has_value(); });
    return std::move(*waiter.outcome);
}

void GroupCommitStore::WriteAsync(WriteWork work, WriteDone done) {
    PendingWrite pending{nullptr, std::move(work), std::move(done)};
    if (!Enqueue(pending)) Finish(pending, Error::Unavailable("store is shutting down"));
}

void GroupCommitStore::Finish(PendingWrite& pending, Status outcome) {
    try {
        pending.done(std::move(outcome));
    } catch (const std::exception&) {
        // A completion must not throw (see WriteDone); one that does must not take the writer thread down.
    }
}

void GroupCommitStore::WriterLoop() {
    // Named so that profiles and the load harness can tell the serial writer from the handler threads.
    pthread_setname_np(pthread_self(), "sladesk-writer");
    std::vector<PendingWrite> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mu_);
            queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            while (!queue_.empty() && batch.size() < static_cast<std::size_t>(options_.max_batch)) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        CommitBatch(batch);
        batch.clear();
    }
}

Result<Status> GroupCommitStore::RunInSavepoint(const WriteWork& work) {
    SLADESK_TRY(writer_->ExecuteScript("SAVEPOINT write_unit"));
    Status outcome = OkStatus();
    try {
        outcome = work(*writer_);
    } catch (const std::exception& e) {
        outcome = Error::Internal(std::string("write failed: ") + e.what());
    }
    if (outcome) {
        SLADESK_TRY(writer_->ExecuteScript("RELEASE SAVEPOINT write_unit"));
    } else {
        SLADESK_TRY(writer_->ExecuteScript("ROLLBACK TO SAVEPOINT write_unit; RELEASE SAVEPOINT write_unit"));
    }
    return outcome;
}

void GroupCommitStore::CommitBatch(std::vector<PendingWrite>& batch) {
    std::vector<Status> outcomes;
    outcomes.reserve(batch.size());
    Status transaction = writer_->ExecuteScript(BeginStatement(backend()));
    if (!transaction && transaction.error().Is(ErrorCode::kUnavailable)) {
        // The connection may have broken (server restart): one fresh connection, one more try.
        if (auto reopened = factory_->Open()) {
            writer_ = std::move(*reopened);
            transaction = writer_->ExecuteScript(BeginStatement(backend()));
        }
    }
    if (transaction) {
        for (PendingWrite& pending : batch) {
            Result<Status> outcome = RunInSavepoint(pending.work != nullptr ? *pending.work : pending.owned);
            // Only a failed SAVEPOINT/RELEASE/ROLLBACK TO statement leaves the transaction unusable and abandons
            // the batch; a work's own error (even kUnavailable, e.g. a deadlock) rolled back just its savepoint.
            if (!outcome) {
                transaction = outcome.error();
                break;
            }
            outcomes.push_back(std::move(*outcome));
        }
    }
    const auto now = std::chrono::steady_clock::now();
    if (transaction && !finisher_.script.empty() && now - last_finish_ >= finisher_.interval) {
        transaction = writer_->ExecuteScript(finisher_.script);
        if (transaction) last_finish_ = now;
    }
    if (transaction) transaction = writer_->ExecuteScript("COMMIT");
    if (!transaction) {
        (void)writer_->ExecuteScript("ROLLBACK");
        for (PendingWrite& pending : batch) {
            Finish(pending, Error::Unavailable("commit failed: " + transaction.error().message()));
        }
        return;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) Finish(batch[i], std::move(outcomes[i]));
}

Result<std::unique_ptr<SqlConnection>> GroupCommitStore::AcquireReader() {
    {
        std::lock_guard lock(readers_mu_);
        if (!idle_readers_.empty()) {
            auto connection = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return connection;
        }
    }
    return factory_->Open();
}

void GroupCommitStore::ReleaseReader(std::unique_ptr<SqlConnection> connection) {
    std::lock_guard lock(readers_mu_);
    if (idle_readers_.size() < static_cast<std::size_t>(options_.read_pool_size)) {
        idle_readers_.push_back(std::move(connection));
    }
}

Status GroupCommitStore::Read(const ReadWork& work) {
    SLADESK_ASSIGN_OR_RETURN(auto connection, AcquireReader());
    SLADESK_TRY(connection->ExecuteScript("BEGIN"));
    Status status = OkStatus();
    try {
        status = work(*connection);
    } catch (const std::exception& e) {
        status = Error::Internal(std::string("read failed: ") + e.what());
    }
    const Status end = connection->ExecuteScript(status ? "COMMIT" : "ROLLBACK");
    // A connection whose transaction could not end cleanly is dropped, not reused.
    if (end) ReleaseReader(std::move(connection));
    if (!status) return status;
    return end;
}

}  // namespace sladesk::store
