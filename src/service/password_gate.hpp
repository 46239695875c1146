// Bounds how many argon2id computations run at once: each takes 64 MiB, so a burst of logins must queue
// rather than grow the server's memory without limit.
#pragma once

#include <semaphore>

namespace sladesk::service {

/// Thread-safe. Shared by every service that hashes or verifies passwords in one process.
class PasswordGate {
 public:
    /// `permits` computations may run at once (at most 16). The default, 1, keeps a login storm within the
    /// server's 200 MB memory budget; one verification takes tens of milliseconds.
    explicit PasswordGate(int permits = 1) : permits_(permits) {}

    /// Runs `work` once a permit is free; returns what it returns.
    template <typename Work>
    auto Run(Work&& work) {
        permits_.acquire();
        struct Release {
            std::counting_semaphore<16>& permits;
            ~Release() { permits.release(); }
        } release{permits_};
        return work();
    }

 private:
    std::counting_semaphore<16> permits_;
};

}  // namespace sladesk::service
