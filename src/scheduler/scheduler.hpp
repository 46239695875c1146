// The scheduler: claims due jobs from the store and fires them through handlers registered per job kind.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/job_repo.hpp"
#include "store/store.hpp"

namespace sladesk::scheduler {

/// Runs one job and returns OkStatus when its work is done; an error is retried later with backoff. Runs on a
/// scheduler worker thread, outside any transaction: it does its own writes (store.Write, service calls).
///
/// Must be idempotent in effect. A job can run more than once: its node may die (or lose the database) after the
/// handler's writes committed but before the job was marked done, and the lease then lets another node (or the
/// same one after a restart) run it again. Write effects keyed by the job (e.g. outbox rows keyed by ticket,
/// target, kind and due_at) so that a second run changes nothing. A job cancelled after it was claimed still runs:
/// a handler re-reads the ticket and does nothing when its reason went away.
using JobHandler = std::function<Status(const store::DueJob& job)>;

/// Deployment options of the scheduler; filled in cli/.
struct SchedulerOptions {
    std::string node_id = "local";              // this node in due_jobs.claimed_by; unique per running process
    std::chrono::milliseconds max_sleep{1000};  // longest wait between polls when nothing is due; default 1 s
    std::chrono::seconds lease{120};            // a claim's life before another node may take the job; default 120 s
    int claim_batch = 200;                      // jobs claimed (and finished) per transaction; default 200
    int workers = 4;                            // threads running a batch's handlers; default 4
    int max_attempts = 5;                       // runs before a failing job ends in state failed; default 5
    std::chrono::seconds retry_delay{10};       // wait after the first failed run, doubled after each; default 10 s
    std::chrono::seconds max_retry_delay{3600}; // cap of that wait; default 1 h
};

/// What one RunOnce() did.
struct RunReport {
    int claimed = 0;
    int done = 0;        // handler succeeded, job marked done
    int retried = 0;     // handler failed, job pending again until its retry time
    int failed = 0;      // handler failed for the last time (or the job's runs kept dying), job failed
    int released = 0;    // claimed but not run because the scheduler is stopping; pending again
    int lease_lost = 0;  // finished after another claim took the job over; that claim's outcome counts
};

/// Counters since construction (for /metrics and logs).
struct SchedulerCounters {
    std::uint64_t polls = 0;
    std::uint64_t claimed = 0;
    std::uint64_t done = 0;
    std::uint64_t retried = 0;
    std::uint64_t failed = 0;
    std::uint64_t released = 0;
    std::uint64_t lease_lost = 0;
    std::uint64_t store_errors = 0;
};

/// The wait before the next run after `attempts` runs have failed: retry_delay doubled per earlier failure, at
/// most max_retry_delay. Pure.
std::chrono::seconds RetryDelay(int attempts, const SchedulerOptions& options);

/// Claims and fires due jobs. Thread-safe: Register, Notify, RunOnce, NextDueAt and the accessors may be called
/// from any thread (RunOnce is meant for tests and tools; with Start() the scheduler's own thread calls it).
/// `store` and `clock` must outlive the scheduler; the destructor stops the thread (Stop()).
///
/// Firing: jobs are claimed in batches, oldest due first, only of kinds with a handler. A batch's handlers run on up
/// to `workers` threads; jobs of one ticket run on one thread, in due order. Each batch's outcomes are written in one
/// transaction (done, retry with backoff, failed). While started, the thread sleeps until the next due job, at most
/// max_sleep (polling sees jobs other nodes scheduled), and wakes at once on Notify().
class Scheduler {
 public:
    Scheduler(store::Store& store, const Clock& clock, SchedulerOptions options);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// Sets the handler of `kind` (replacing any earlier one). Jobs of kinds without a handler are never claimed
    /// by this node: they wait for a node (or a version) that has one.
    void Register(const std::string& kind, JobHandler handler);
    /// Starts the claim loop on its own thread. Does nothing if it runs already.
    void Start();
    /// Stops the loop: a running batch finishes the jobs already started, gives back the others (pending again) and
    /// writes its outcomes; then the thread is joined. Idempotent; after Stop(), Start() does nothing. Call it from
    /// one thread, never from a handler while the loop runs (the loop thread would wait for itself).
    void Stop();
    /// Wakes the loop to look for due jobs now (call after scheduling a job that may fall due before the next poll).
    void Notify();

    /// Claims and fires, batch by batch, every job claimable at `now` (later batches use the clock's time if it has
    /// moved on). Returns what it did; kUnavailable if the store failed (jobs it claimed stay claimed until their
    /// lease ends, then run again). Does I/O.
    Result<RunReport> RunOnce(UtcTime now);
    /// JobRepo::NextDueAt for the kinds with a handler; nullopt if none is open (or no handler is registered).
    Result<std::optional<UtcTime>> NextDueAt(UtcTime now);

    SchedulerCounters counters() const;
    /// The counters as Prometheus text (sladesk_scheduler_*), one series per line.
    std::string RenderMetrics() const;
    const SchedulerOptions& options() const { return options_; }

 private:
    enum class Outcome { kDone, kRetry, kFailed, kReleased };
    struct Fired {
        Outcome outcome = Outcome::kReleased;
        std::string error;
    };

    void Loop();
    /// One turn of the loop: fire what is due; returns how long to wait before the next turn.
    std::chrono::milliseconds Step();
    std::vector<std::string> Kinds() const;
    /// Runs the handlers of `jobs` (sorted by due time) on up to `workers` threads; one outcome per job.
    std::vector<Fired> FireBatch(const std::vector<store::DueJob>& jobs);
    Fired FireOne(const store::DueJob& job, const std::map<std::string, JobHandler>& handlers) const;
    /// Writes the outcomes of one batch in one transaction and counts them into `report`.
    Status Finish(const std::vector<store::DueJob>& jobs, const std::vector<Fired>& fired, UtcTime now,
                  RunReport& report);

    store::Store& store_;
    const Clock& clock_;
    const SchedulerOptions options_;

    mutable std::mutex handlers_mu_;
    std::map<std::string, JobHandler> handlers_;  // guarded by handlers_mu_

    std::mutex loop_mu_;
    std::condition_variable loop_cv_;
    bool notified_ = false;  // guarded by loop_mu_
    bool started_ = false;   // guarded by loop_mu_
    std::atomic<bool> stopping_{false};

    struct AtomicCounters {
        std::atomic<std::uint64_t> polls{0}, claimed{0}, done{0}, retried{0}, failed{0}, released{0},
            lease_lost{0}, store_errors{0};
    };
    AtomicCounters counters_;

    std::thread thread_;  // the claim loop; joined by Stop()
};

}  // namespace sladesk::scheduler
