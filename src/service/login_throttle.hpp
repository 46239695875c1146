// Rate limit for login attempts, per login name and per client address. In memory, per node.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/utc_time.hpp"

namespace sladesk::service {

struct LoginThrottleOptions {
    int max_failures = 5;                    // failed attempts allowed per key within the window; default 5
    std::chrono::seconds window{300};        // sliding window; default 5 minutes
};

/// Thread-safe. Remembers failed attempts; a key over the limit is refused until its oldest failure leaves
/// the window. Memory is bounded by pruning keys whose failures have all expired.
class LoginThrottle {
 public:
    explicit LoginThrottle(LoginThrottleOptions options = {}) : options_(options) {}

    /// Whether an attempt for `key` may go ahead at `now`.
    bool Allowed(const std::string& key, UtcTime now);
    void RecordFailure(const std::string& key, UtcTime now);
    void RecordSuccess(const std::string& key);

 private:
    void Prune(std::deque<UtcTime>& failures, UtcTime now) const;

    const LoginThrottleOptions options_;
    std::mutex mu_;
    std::unordered_map<std::string, std::deque<UtcTime>> failures_;  // guarded by mu_
};

}  // namespace sladesk::service
