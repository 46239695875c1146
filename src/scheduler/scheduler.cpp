#include "scheduler/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace sladesk::scheduler {
namespace {

/// After a claim found nothing although a job looked due (another node took it in between), wait this long.
constexpr std::chrono::milliseconds kContendedWait{50};

/// `text` as the inside of a JSON string (log lines are JSON objects).
std::string JsonEscaped(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::chrono::seconds RetryDelay(int attempts, const SchedulerOptions& options) {
    std::chrono::seconds delay = options.retry_delay;
    for (int doubling = 1; doubling < attempts && delay < options.max_retry_delay; ++doubling) delay *= 2;
    return std::min(delay, options.max_retry_delay);
}

Scheduler::Scheduler(store::Store& store, const Clock& clock, SchedulerOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Register(const std::string& kind, JobHandler handler) {
    {
        std::lock_guard lock(handlers_mu_);
        handlers_[kind] = std::move(handler);
    }
    Notify();
}

void Scheduler::Start() {
    std::lock_guard lock(loop_mu_);
    if (started_ || stopping_) return;
    started_ = true;
    thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
    {
        std::lock_guard lock(loop_mu_);
        stopping_ = true;
    }
    loop_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Scheduler::Notify() {
    {
        std::lock_guard lock(loop_mu_);
        notified_ = true;
    }
    loop_cv_.notify_all();
}

void Scheduler::Loop() {
    spdlog::info(R"({{"event":"scheduler_started","node":"{}"}})", JsonEscaped(options_.node_id));
    while (!stopping_) {
        const std::chrono::milliseconds wait = Step();
        std::unique_lock lock(loop_mu_);
        if (wait > std::chrono::milliseconds::zero()) {
            loop_cv_.wait_for(lock, wait, [this] { return stopping_ || notified_; });
        }
        notified_ = false;
    }
    spdlog::info(R"({{"event":"scheduler_stopped","node":"{}"}})", JsonEscaped(options_.node_id));
}

std::chrono::milliseconds Scheduler::Step() {
    ++counters_.polls;
    const UtcTime now = clock_.Now();
    auto next = NextDueAt(now);
    if (!next) {
        ++counters_.store_errors;
        spdlog::warn(R"({{"event":"scheduler_poll_failed","error":"{}"}})", JsonEscaped(next.error().message()));
        return options_.max_sleep;
    }
    if (!next->has_value()) return options_.max_sleep;
    if (**next > now) {
        return std::min(options_.max_sleep, std::chrono::duration_cast<std::chrono::milliseconds>(**next - now));
    }
    auto report = RunOnce(now);
    if (!report) return options_.max_sleep;  // logged and counted inside
    if (report->claimed == 0) return kContendedWait;
    return std::chrono::milliseconds::zero();  // look again at once: more may have fallen due meanwhile
}

std::vector<std::string> Scheduler::Kinds() const {
    std::lock_guard lock(handlers_mu_);
    std::vector<std::string> kinds;
    kinds.reserve(handlers_.size());
    for (const auto& [kind, handler] : handlers_) kinds.push_back(kind);
    return kinds;
}

Result<std::optional<UtcTime>> Scheduler::NextDueAt(UtcTime now) {
    const std::vector<std::string> kinds = Kinds();
    if (kinds.empty()) return std::optional<UtcTime>{};
    std::optional<UtcTime> next;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(next, store::JobRepo::NextDueAt(db, now, kinds));
        return OkStatus();
    }));
    return next;
}

Result<RunReport> Scheduler::RunOnce(UtcTime now) {
    RunReport report;
    const std::vector<std::string> kinds = Kinds();
    if (kinds.empty()) return report;
    while (!stopping_) {
        std::vector<store::DueJob> jobs;
        const Status claimed = store_.Write([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(
                jobs, store::JobRepo::Claim(db, options_.node_id, now, options_.lease, options_.claim_batch, kinds));
            return OkStatus();
        });
        if (!claimed) {
            ++counters_.store_errors;
            spdlog::warn(R"({{"event":"scheduler_claim_failed","error":"{}"}})", JsonEscaped(claimed.error().message()));
            return claimed.error();
        }
        if (jobs.empty()) break;
        report.claimed += static_cast<int>(jobs.size());
        counters_.claimed += jobs.size();
        const std::vector<Fired> fired = FireBatch(jobs);
        now = std::max(now, clock_.Now());
        SLADESK_TRY(Finish(jobs, fired, now, report));
        if (jobs.size() < static_cast<std::size_t>(options_.claim_batch)) break;
    }
    return report;
}

std::vector<Scheduler::Fired> Scheduler::FireBatch(const std::vector<store::DueJob>& jobs) {
    std::map<std::string, JobHandler> handlers;
    {
        std::lock_guard lock(handlers_mu_);
        handlers = handlers_;
    }
    std::vector<Fired> fired(jobs.size());
    const std::size_t lanes = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(options_.workers, 1)), 1,
                                                      jobs.size());
    // Jobs of one ticket share a lane, so they run one after another in due order (a warning before its breach).
    std::vector<std::vector<std::size_t>> lane_jobs(lanes);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const std::int64_t key = jobs[i].ticket_id ? jobs[i].ticket_id->value : jobs[i].id;
        lane_jobs[static_cast<std::uint64_t>(key) % lanes].push_back(i);
    }
    const auto run_lane = [&](std::size_t lane) {
        for (const std::size_t i : lane_jobs[lane]) fired[i] = FireOne(jobs[i], handlers);
    };
    {
        std::vector<std::jthread> threads;
        for (std::size_t lane = 1; lane < lanes; ++lane) {
            if (!lane_jobs[lane].empty()) threads.emplace_back(run_lane, lane);
        }
        run_lane(0);
    }  // joins the lanes
    return fired;
}

Scheduler::Fired Scheduler::FireOne(const store::DueJob& job, const std::map<std::string, JobHandler>& handlers) const {
    if (job.attempts > options_.max_attempts) {
        // Claims count attempts, so this job's earlier runs started but never finished: its node died mid-job.
        return {Outcome::kFailed, "gave up after " + std::to_string(job.attempts - 1) + " runs that did not finish" +
                                      (job.last_error ? "; last error: " + *job.last_error : std::string())};
    }
    const auto handler = handlers.find(job.kind);
    if (stopping_ || handler == handlers.end()) return {Outcome::kReleased, {}};
    Status status = OkStatus();
    try {
        status = handler->second(job);
    } catch (const std::exception& e) {
        status = Error::Internal(std::string("handler threw: ") + e.what());
    } catch (...) {
        status = Error::Internal("handler threw a non-standard exception");
    }
    if (status) return {Outcome::kDone, {}};
    const std::string error = std::string(ErrorCodeName(status.error().code())) + ": " + status.error().message();
    if (job.attempts >= options_.max_attempts) return {Outcome::kFailed, error};
    return {Outcome::kRetry, error};
}

Status Scheduler::Finish(const std::vector<store::DueJob>& jobs, const std::vector<Fired>& fired, UtcTime now,
                         RunReport& report) {
    std::vector<bool> lost(jobs.size(), false);
    std::vector<std::int64_t> done_ids;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (fired[i].outcome == Outcome::kDone) done_ids.push_back(jobs[i].id);
    }
    const Status written = store_.Write([&](store::SqlConnection& db) -> Status {
        // The common case in one statement; failures and releases (rare) one by one.
        SLADESK_ASSIGN_OR_RETURN(std::vector<std::int64_t> completed,
                                 store::JobRepo::CompleteMany(db, done_ids, options_.node_id, now));
        std::sort(completed.begin(), completed.end());
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            const store::DueJob& job = jobs[i];
            Status status = OkStatus();
            switch (fired[i].outcome) {
                case Outcome::kDone:
                    lost[i] = !std::binary_search(completed.begin(), completed.end(), job.id);
                    continue;
                case Outcome::kRetry:
                    status = store::JobRepo::Fail(db, job.id, options_.node_id, fired[i].error,
                                                  now + RetryDelay(job.attempts, options_), now);
                    break;
                case Outcome::kFailed:
                    status = store::JobRepo::Fail(db, job.id, options_.node_id, fired[i].error, std::nullopt, now);
                    break;
                case Outcome::kReleased:
                    status = store::JobRepo::Release(db, job.id, options_.node_id);
                    break;
            }
            lost[i] = !status && status.error().Is(ErrorCode::kConflict);
            if (!status && !lost[i]) return status.error();
        }
        return OkStatus();
    });
    if (!written) {
        ++counters_.store_errors;
        spdlog::warn(R"({{"event":"scheduler_finish_failed","jobs":{},"error":"{}"}})", jobs.size(),
                     JsonEscaped(written.error().message()));
        return written.error();
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const store::DueJob& job = jobs[i];
        if (lost[i]) {
            ++report.lease_lost;
            ++counters_.lease_lost;
            spdlog::warn(R"({{"event":"job_lease_lost","job":{},"kind":"{}"}})", job.id, JsonEscaped(job.kind));
            continue;
        }
        switch (fired[i].outcome) {
            case Outcome::kDone:
                ++report.done;
                ++counters_.done;
                break;
            case Outcome::kRetry:
                ++report.retried;
                ++counters_.retried;
                spdlog::warn(R"({{"event":"job_retry","job":{},"kind":"{}","attempts":{},"error":"{}"}})", job.id,
                             JsonEscaped(job.kind), job.attempts, JsonEscaped(fired[i].error));
                break;
            case Outcome::kFailed:
                ++report.failed;
                ++counters_.failed;
                spdlog::error(R"({{"event":"job_failed","job":{},"kind":"{}","attempts":{},"error":"{}"}})", job.id,
                              JsonEscaped(job.kind), job.attempts, JsonEscaped(fired[i].error));
                break;
            case Outcome::kReleased:
                ++report.released;
                ++counters_.released;
                break;
        }
    }
    return OkStatus();
}

SchedulerCounters Scheduler::counters() const {
    SchedulerCounters out;
    out.polls = counters_.polls;
    out.claimed = counters_.claimed;
    out.done = counters_.done;
    out.retried = counters_.retried;
    out.failed = counters_.failed;
    out.released = counters_.released;
    out.lease_lost = counters_.lease_lost;
    out.store_errors = counters_.store_errors;
    return out;
}

std::string Scheduler::RenderMetrics() const {
    const SchedulerCounters c = counters();
    std::string out = "# TYPE sladesk_scheduler_jobs_total counter\n";
    const std::pair<const char*, std::uint64_t> outcomes[] = {
        {"claimed", c.claimed}, {"done", c.done},         {"retried", c.retried},
        {"failed", c.failed},   {"released", c.released}, {"lease_lost", c.lease_lost}};
    for (const auto& [name, value] : outcomes) {
        out += "sladesk_scheduler_jobs_total{outcome=\"" + std::string(name) + "\"} " + std::to_string(value) + "\n";
    }
    out += "# TYPE sladesk_scheduler_polls_total counter\nsladesk_scheduler_polls_total " + std::to_string(c.polls) +
           "\n# TYPE sladesk_scheduler_store_errors_total counter\nsladesk_scheduler_store_errors_total " +
           std::to_string(c.store_errors) + "\n";
    return out;
}

}  // namespace sladesk::scheduler
