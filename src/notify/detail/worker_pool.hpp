// A fixed set of threads that run the tasks of one batch in parallel; the threads live as long as the pool, so
// per-thread state (curl handles and their keep-alive connections) carries over from batch to batch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sladesk::notify::detail {

/// RunAll is called from one thread at a time; the destructor joins the threads.
class WorkerPool {
 public:
    explicit WorkerPool(int threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Calls task(i) for every i in [0, count) on the pool's threads and returns when all have returned.
    void RunAll(std::size_t count, const std::function<void(std::size_t)>& task);

 private:
    void Work();

    std::mutex mu_;
    std::condition_variable start_cv_;
    std::condition_variable done_cv_;
    const std::function<void(std::size_t)>* task_ = nullptr;  // guarded by mu_
    std::size_t next_ = 0;                                      // guarded by mu_
    std::size_t count_ = 0;                                     // guarded by mu_
    std::size_t finished_ = 0;                                  // guarded by mu_
    bool stopping_ = false;                                     // guarded by mu_
    std::vector<std::thread> threads_;
};

}  // namespace sladesk::notify::detail
