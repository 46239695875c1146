#include "notify/detail/worker_pool.hpp"

namespace sladesk::notify::detail {

WorkerPool::WorkerPool(int threads) {
    for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    start_cv_.notify_all();
    for (auto& thread : threads_) thread.join();
}

void WorkerPool::RunAll(std::size_t count, const std::function<void(std::size_t)>& task) {
    if (count == 0) return;
    std::unique_lock lock(mu_);
    task_ = &task;
    next_ = 0;
    count_ = count;
    finished_ = 0;
    start_cv_.notify_all();
    done_cv_.wait(lock, [this] { return finished_ == count_; });
    task_ = nullptr;
}

void WorkerPool::Work() {
    std::unique_lock lock(mu_);
    for (;;) {
        start_cv_.wait(lock, [this] { return stopping_ || (task_ != nullptr && next_ < count_); });
        if (stopping_) return;
        const std::size_t index = next_++;
        const auto* task = task_;
        lock.unlock();
        (*task)(index);
        lock.lock();
        if (++finished_ == count_) done_cv_.notify_all();
    }
}

}  // namespace sladesk::notify::detail
