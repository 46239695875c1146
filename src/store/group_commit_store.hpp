// A Store over any backend: a read connection pool and one writer thread that group-commits.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.hpp"

namespace sladesk::store {

/// Housekeeping the writer runs inside a batch's transaction, after the last write's savepoint and before COMMIT,
/// at most once per `interval` (so its fixed cost is shared by many batches).
struct BatchFinisher {
    std::string script;  // empty: none
    std::chrono::milliseconds interval{0};
};

/// Thread-safe. Owns its writer thread; the destructor finishes queued writes, then joins it.
class GroupCommitStore final : public Store {
 public:
    /// `writer` is the already-open connection the writer thread uses; `factory` opens read connections
    /// (and replaces the writer connection if it breaks).
    GroupCommitStore(std::unique_ptr<ConnectionFactory> factory, std::unique_ptr<SqlConnection> writer,
                     StoreOptions options, BatchFinisher finisher = BatchFinisher{});
    ~GroupCommitStore() override;
    GroupCommitStore(const GroupCommitStore&) = delete;
    GroupCommitStore& operator=(const GroupCommitStore&) = delete;

    Status Write(const WriteWork& work) override;
    void WriteAsync(WriteWork work, WriteDone done) override;
    Status Read(const ReadWork& work) override;
    Backend backend() const override { return factory_->backend(); }
    const std::string& data_dir() const override { return options_.data_dir; }

 private:
    struct PendingWrite {
        const WriteWork* work;  // the caller's (Write waits, so it outlives the batch) or `owned`
        WriteWork owned;        // WriteAsync's work
        WriteDone done;
    };

    /// Queues (moves from) `pending`; false, leaving it untouched, if the store is shutting down.
    bool Enqueue(PendingWrite& pending);
    /// Tells `pending` its outcome; a throwing completion is contained.
    static void Finish(PendingWrite& pending, Status outcome);

    void WriterLoop();
    void CommitBatch(std::vector<PendingWrite>& batch);
    /// The work's own outcome; an error only if a savepoint statement itself failed.
    Result<Status> RunInSavepoint(const WriteWork& work);
    Result<std::unique_ptr<SqlConnection>> AcquireReader();
    void ReleaseReader(std::unique_ptr<SqlConnection> connection);

    std::unique_ptr<ConnectionFactory> factory_;
    std::unique_ptr<SqlConnection> writer_;  // used only by the writer thread
    const StoreOptions options_;
    const BatchFinisher finisher_;
    std::chrono::steady_clock::time_point last_finish_{};  // used only by the writer thread

    std::mutex queue_mu_;
    std::condition_variable queue_cv_;
    std::deque<PendingWrite> queue_;  // guarded by queue_mu_
    bool stopping_ = false;           // guarded by queue_mu_

    std::mutex readers_mu_;
    std::vector<std::unique_ptr<SqlConnection>> idle_readers_;  // guarded by readers_mu_

    std::thread writer_thread_;  // last: starts after every member above exists
};

}  // namespace sladesk::store
