#include "notify/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace sladesk::notify {

Dispatcher::Dispatcher(store::Store& store, const Clock& clock,
                       std::map<std::string, std::unique_ptr<Channel>> channels, DispatcherOptions options)
    : store_(store),
      clock_(clock),
      channels_(std::move(channels)),
      options_(std::move(options)),
      pool_(options_.workers) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
    std::lock_guard lock(loop_mu_);
    if (started_ || stopping_) return;
    started_ = true;
    thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
    {
        std::lock_guard lock(loop_mu_);
        stopping_ = true;
    }
    loop_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Dispatcher::Notify() {
    {
        std::lock_guard lock(loop_mu_);
        notified_ = true;
    }
    loop_cv_.notify_all();
}

void Dispatcher::Loop() {
    while (!stopping_) {
        const std::chrono::milliseconds wait = Step();
        std::unique_lock lock(loop_mu_);
        loop_cv_.wait_for(lock, wait, [this] { return notified_ || stopping_.load(); });
        notified_ = false;
    }
}

std::chrono::milliseconds Dispatcher::Step() {
    const UtcTime now = clock_.Now();
    auto report = RunOnce(now);
    if (!report) {
        spdlog::warn(R"({{"event":"notify_dispatch_failed","error":"{}"}})", report.error().message());
        return options_.max_sleep;
    }
    std::optional<UtcTime> next;
    const Status read = store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(next, store::OutboxRepo::NextAttemptAt(db));
        return OkStatus();
    });
    if (!read || !next) return options_.max_sleep;
    const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(*next - clock_.Now());
    return std::clamp(until, std::chrono::milliseconds{0}, options_.max_sleep);
}

store::DeliveryReport Dispatcher::DeliverOne(const store::OutboxMessage& message) {
    store::DeliveryReport report;
    report.message_id = message.id;
    report.attempt = message.attempts;
    report.started_at = clock_.Now();
    const auto started = std::chrono::steady_clock::now();
    const auto channel = channels_.find(message.channel);
    DeliveryResult result;
    if (channel == channels_.end()) {
        result = DeliveryResult::Fail("no channel '" + message.channel + "' is configured", std::nullopt, true);
    } else {
        try {
            result = channel->second->Deliver(message, report.started_at);
        } catch (const std::exception& e) {  // a library surprise must not kill the worker thread
            result = DeliveryResult::Fail(std::string("channel error: ") + e.what());
        }
    }
    report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    report.delivered = result.delivered;
    report.permanent = result.permanent;
    report.response_code = result.response_code;
    report.error = result.error;
    return report;
}

Result<DispatchReport> Dispatcher::RunOnce(UtcTime now) {
    std::lock_guard run(run_mu_);
    DispatchReport total;
    for (;;) {
        std::vector<store::OutboxMessage> batch;
        const Status claimed = store_.Write([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(batch, store::OutboxRepo::Claim(db, options_.node_id, now, options_.lease,
                                                                     options_.claim_batch));
            return OkStatus();
        });
        if (!claimed) {
            counters_.store_errors++;
            return claimed.error();
        }
        if (batch.empty()) return total;
        total.claimed += static_cast<int>(batch.size());
        counters_.claimed += batch.size();

        std::vector<store::DeliveryReport> reports(batch.size());
        std::vector<char> attempted(batch.size(), 0);
        pool_.RunAll(batch.size(), [&](std::size_t i) {
            if (stopping_) return;
            reports[i] = DeliverOne(batch[i]);
            attempted[i] = 1;
        });
        std::vector<store::DeliveryReport> done;
        std::vector<std::int64_t> released;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (attempted[i]) {
                done.push_back(std::move(reports[i]));
            } else {
                released.push_back(batch[i].id);
            }
        }
        store::FinishCounts counts;
        const UtcTime finished_at = clock_.Now();
        const Status finished = store_.Write([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(counts, store::OutboxRepo::Finish(db, options_.node_id, done, options_.retry,
                                                                       finished_at));
            return store::OutboxRepo::Release(db, options_.node_id, released);
        });
        if (!finished) {
            counters_.store_errors++;
            return finished.error();
        }
        for (const auto& report : done) {
            if (!report.delivered) {
                spdlog::info(R"({{"event":"notify_attempt_failed","message":{},"attempt":{},"error":"{}"}})",
                             report.message_id, report.attempt, report.error);
            }
        }
        total.sent += counts.sent;
        total.retried += counts.retried;
        total.dead += counts.dead;
        total.lease_lost += counts.lease_lost;
        total.released += static_cast<int>(released.size());
        counters_.sent += counts.sent;
        counters_.retried += counts.retried;
        counters_.dead += counts.dead;
        counters_.lease_lost += counts.lease_lost;
        if (stopping_ || static_cast<int>(batch.size()) < options_.claim_batch) return total;
        // A later batch is claimed at the clock's time if it moved on while this one was delivered.
        now = std::max(now, clock_.Now());
    }
}

DispatcherCounters Dispatcher::counters() const {
    DispatcherCounters out;
    out.claimed = counters_.claimed;
    out.sent = counters_.sent;
    out.retried = counters_.retried;
    out.dead = counters_.dead;
    out.lease_lost = counters_.lease_lost;
    out.store_errors = counters_.store_errors;
    return out;
}

std::string Dispatcher::RenderMetrics() const {
    const DispatcherCounters c = counters();
    std::string out;
    const auto line = [&](const char* name, std::uint64_t value) {
        out += std::string("sladesk_notify_") + name + "_total " + std::to_string(value) + "\n";
    };
    line("claimed", c.claimed);
    line("sent", c.sent);
    line("retried", c.retried);
    line("dead", c.dead);
    line("lease_lost", c.lease_lost);
    line("store_errors", c.store_errors);
    return out;
}

}  // namespace sladesk::notify
