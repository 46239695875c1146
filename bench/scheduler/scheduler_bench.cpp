// Scheduler figures for issue 4 (docs/benchmarks.md, "Scheduler (issue 4)"):
//   1. idle: with N open jobs far in the future, the process CPU time the claim loop uses while idle (getrusage
//      over a window), as a percentage of one core; target under 2 % with 100,000 jobs.
//   2. burst: M jobs falling due in the same second (with the N open jobs still there) and a trivial handler: how
//      long after that second the last one fired; target within 5 s for 10,000.
// A small program rather than Google Benchmark: both figures are about wall time and a sleeping thread.
//
//   sladesk_scheduler_bench [--data DIR | --database postgresql://...] [--open 100000] [--burst 10000]
//                           [--idle-seconds 10] [--batch 200] [--workers 4]
// Without --data or --database it uses a fresh directory under /tmp (removed afterwards).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "scheduler/scheduler.hpp"
#include "store/job_repo.hpp"
#include "store/store.hpp"

namespace sladesk {
namespace {

using Seconds = std::chrono::duration<double>;

struct BenchOptions {
    store::StoreOptions store;
    bool temporary_dir = true;
    int open_jobs = 100000;
    int burst_jobs = 10000;
    int idle_seconds = 10;
    scheduler::SchedulerOptions scheduler;
};

bool ParseArgs(int argc, char** argv, BenchOptions& options) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--data") {
            options.store.data_dir = value;
            options.temporary_dir = false;
        } else if (flag == "--database") {
            options.store.database_url = value;
        } else if (flag == "--open") {
            options.open_jobs = std::stoi(value);
        } else if (flag == "--burst") {
            options.burst_jobs = std::stoi(value);
        } else if (flag == "--idle-seconds") {
            options.idle_seconds = std::stoi(value);
        } else if (flag == "--batch") {
            options.scheduler.claim_batch = std::stoi(value);
        } else if (flag == "--workers") {
            options.scheduler.workers = std::stoi(value);
        } else {
            return false;
        }
    }
    return argc % 2 == 1;
}

/// User plus system CPU time of the whole process so far.
Seconds ProcessCpu() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto micros = [](const timeval& t) { return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec); };
    return micros(usage.ru_utime) + micros(usage.ru_stime);
}

/// Inserts `count` jobs of `kind` due at `due_at`, 5,000 per transaction.
Status Insert(store::Store& store, int count, const std::string& kind, UtcTime due_at, UtcTime now) {
    constexpr int kPerWrite = 5000;
    for (int first = 0; first < count; first += kPerWrite) {
        SLADESK_TRY(store.Write([&](store::SqlConnection& db) -> Status {
            for (int i = first; i < std::min(count, first + kPerWrite); ++i) {
                store::DueJob job;
                job.kind = kind;
                job.job_key = kind + ":" + std::to_string(i);
                job.due_at = due_at + std::chrono::seconds(i % 3600);  // spread over an hour (burst: one second)
                if (kind == "burst") job.due_at = due_at;
                job.created_at = now;
                SLADESK_TRY(store::JobRepo::Schedule(db, job));
            }
            return OkStatus();
        }));
    }
    return OkStatus();
}

int Run(const BenchOptions& options) {
    auto opened = store::OpenStore(options.store);
    if (!opened) {
        std::fprintf(stderr, "open store: %s\n", opened.error().message().c_str());
        return 1;
    }
    store::Store& store = **opened;
    SystemClock clock;
    const char* backend = store.backend() == store::Backend::kSqlite ? "sqlite" : "postgresql";

    // 1. Open jobs far in the future (30 days on), of a kind with a handler.
    const auto fill_start = std::chrono::steady_clock::now();
    if (Status filled = Insert(store, options.open_jobs, "future", clock.Now() + std::chrono::hours(24 * 30), clock.Now());
        !filled) {
        std::fprintf(stderr, "fill: %s\n", filled.error().message().c_str());
        return 1;
    }
    std::printf("backend %s: %d open jobs inserted in %.1f s\n", backend, options.open_jobs,
                Seconds(std::chrono::steady_clock::now() - fill_start).count());

    std::mutex mu;
    std::vector<double> lateness;  // seconds after the due second's start, per fired burst job
    std::atomic<int> fired{0};
    scheduler::SchedulerOptions scheduler_options = options.scheduler;
    scheduler_options.node_id = "bench-" + std::to_string(::getpid());
    scheduler::Scheduler scheduler(store, clock, scheduler_options);
    const auto record = [&](const store::DueJob& job) {
        const Seconds late = std::chrono::system_clock::now() - job.due_at;
        std::lock_guard lock(mu);
        lateness.push_back(late.count());
        ++fired;
        return OkStatus();
    };
    scheduler.Register("future", record);
    scheduler.Register("burst", record);
    scheduler.Start();

    // 2. Idle: let the loop settle for a second, then measure a window.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto polls_before = scheduler.counters().polls;
    const Seconds cpu_before = ProcessCpu();
    const auto wall_before = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(options.idle_seconds));
    const Seconds cpu = ProcessCpu() - cpu_before;
    const Seconds wall = std::chrono::steady_clock::now() - wall_before;
    std::printf("idle: %.3f s CPU in %.1f s = %.3f %% of one core, %llu polls (target < 2 %%)\n", cpu.count(),
                wall.count(), 100.0 * cpu.count() / wall.count(),
                static_cast<unsigned long long>(scheduler.counters().polls - polls_before));

    // 3. Burst: jobs due in one second, a few seconds on, so that inserting them finishes first.
    if (options.burst_jobs > 0) {
        const UtcTime due = clock.Now() + std::chrono::seconds(3 + options.burst_jobs / 20000);
        const auto insert_start = std::chrono::steady_clock::now();
        if (Status inserted = Insert(store, options.burst_jobs, "burst", due, clock.Now()); !inserted) {
            std::fprintf(stderr, "burst: %s\n", inserted.error().message().c_str());
            return 1;
        }
        const double insert_seconds = Seconds(std::chrono::steady_clock::now() - insert_start).count();
        if (clock.Now() >= due) std::printf("warning: inserting the burst took past its due second\n");
        const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(60);
        while (fired < options.burst_jobs && std::chrono::system_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        std::lock_guard lock(mu);
        std::sort(lateness.begin(), lateness.end());
        if (lateness.size() < static_cast<std::size_t>(options.burst_jobs)) {
            std::printf("burst: only %zu of %d fired within 60 s\n", lateness.size(), options.burst_jobs);
            return 1;
        }
        std::printf("burst: %d jobs due in one second (inserted in %.1f s): first fired %.2f s, median %.2f s, "
                    "last %.2f s after the second began (target last < 5 s)\n",
                    options.burst_jobs, insert_seconds, lateness.front(), lateness[lateness.size() / 2],
                    lateness.back());
    }
    scheduler.Stop();
    const scheduler::SchedulerCounters counters = scheduler.counters();
    std::printf("counters: claimed %llu, done %llu, store errors %llu\n",
                static_cast<unsigned long long>(counters.claimed), static_cast<unsigned long long>(counters.done),
                static_cast<unsigned long long>(counters.store_errors));
    return 0;
}

}  // namespace
}  // namespace sladesk

int main(int argc, char** argv) {
    sladesk::BenchOptions options;
    if (!sladesk::ParseArgs(argc, argv, options)) {
        std::fprintf(stderr,
                     "usage: %s [--data DIR | --database URL] [--open N] [--burst N] [--idle-seconds S] [--batch N] "
                     "[--workers N]\n", argv[0]);
        return 2;
    }
    std::filesystem::path temporary;
    if (options.temporary_dir && options.store.database_url.empty()) {
        temporary = std::filesystem::temp_directory_path() / ("sladesk-scheduler-bench-" + std::to_string(::getpid()));
        options.store.data_dir = temporary.string();
    }
    const int code = sladesk::Run(options);
    if (!temporary.empty()) std::filesystem::remove_all(temporary);
    return code;
}
