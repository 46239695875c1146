// The outbox dispatcher: claims due outbox messages and delivers them through their channels, with retries,
// exponential backoff and a dead-letter state, on its own threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "notify/channel.hpp"
#include "notify/detail/worker_pool.hpp"
#include "store/outbox_repo.hpp"
#include "store/store.hpp"

namespace sladesk::notify {

/// Deployment options of the dispatcher; filled in cli/.
struct DispatcherOptions {
    std::string node_id = "local";              // this node in outbox_messages.claimed_by; unique per process
    int workers = 8;                            // threads delivering a batch (network-bound); default 8
    int claim_batch = 200;                      // messages claimed (and finished) per transaction; default 200
    std::chrono::seconds lease{120};            // a claim's life before another node may retry it; default 120 s
    std::chrono::milliseconds max_sleep{1000};  // longest wait between polls; default 1 s
    store::RetryPolicy retry;                   // backoff 30 s doubling to 1 h; dead after 8 attempts
};

/// What one RunOnce() did.
struct DispatchReport {
    int claimed = 0;
    int sent = 0;
    int retried = 0;
    int dead = 0;
    int lease_lost = 0;  // finished after another node took the message over
    int released = 0;    // claimed but not attempted because the dispatcher is stopping
};

/// Counters since construction (logs and /metrics).
struct DispatcherCounters {
    std::uint64_t claimed = 0;
    std::uint64_t sent = 0;
    std::uint64_t retried = 0;
    std::uint64_t dead = 0;
    std::uint64_t lease_lost = 0;
    std::uint64_t store_errors = 0;
};

/// Thread-safe: Notify, RunOnce and the accessors may be called from any thread (RunOnce is for tests and tools;
/// with Start() the dispatcher's own thread calls it). `store` and `clock` must outlive it; the destructor stops
/// the thread.
///
/// Delivery is at least once: a node that dies between a channel's success and the sent mark leaves the message to
/// be claimed again after the lease, and it goes out a second time with the same stable id (Message-ID,
/// Idempotency-Key) and the same content, so the receiver can drop the duplicate.
class Dispatcher {
 public:
    /// `channels` maps the outbox's channel names to their channels. A message for a name missing here is dead at
    /// once (it names the channel in last_error; an admin can requeue it after fixing the configuration).
    Dispatcher(store::Store& store, const Clock& clock, std::map<std::string, std::unique_ptr<Channel>> channels,
               DispatcherOptions options);
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    /// Starts the loop on its own thread: deliver what is due, then sleep until the next message is due (at most
    /// max_sleep, so messages other nodes enqueue are seen). Does nothing if started already.
    void Start();
    /// Stops the loop: a running batch finishes the deliveries already started, gives back the rest and writes its
    /// outcomes; the thread is joined. Idempotent.
    void Stop();
    /// Wakes the loop now (after enqueueing something due at once).
    void Notify();

    /// Claims and delivers, batch by batch, every message due at `now` (each batch's claim and outcomes are one
    /// transaction each). kUnavailable if the store failed (claimed messages are retried after their lease).
    Result<DispatchReport> RunOnce(UtcTime now);

    DispatcherCounters counters() const;
    /// The counters as Prometheus text (sladesk_notify_*).
    std::string RenderMetrics() const;
    const DispatcherOptions& options() const { return options_; }

 private:
    void Loop();
    std::chrono::milliseconds Step();
    store::DeliveryReport DeliverOne(const store::OutboxMessage& message);

    store::Store& store_;
    const Clock& clock_;
    const std::map<std::string, std::unique_ptr<Channel>> channels_;
    const DispatcherOptions options_;
    detail::WorkerPool pool_;

    std::mutex run_mu_;  // one RunOnce at a time (the pool serves one batch at a time)
    std::mutex loop_mu_;
    std::condition_variable loop_cv_;
    bool notified_ = false;  // guarded by loop_mu_
    bool started_ = false;   // guarded by loop_mu_
    std::atomic<bool> stopping_{false};

    struct AtomicCounters {
        std::atomic<std::uint64_t> claimed{0}, sent{0}, retried{0}, dead{0}, lease_lost{0}, store_errors{0};
    };
    AtomicCounters counters_;
    std::thread thread_;
};

}  // namespace sladesk::notify
