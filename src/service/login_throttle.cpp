#include "service/login_throttle.hpp"

namespace sladesk::service {
namespace {

// Past this many tracked keys, expired ones are swept on the next failure.
constexpr std::size_t kSweepThreshold = 10000;

}  // namespace

void LoginThrottle::Prune(std::deque<UtcTime>& failures, UtcTime now) const {
    while (!failures.empty() && failures.front() + options_.window <= now) failures.pop_front();
}

bool LoginThrottle::Allowed(const std::string& key, UtcTime now) {
    std::lock_guard lock(mu_);
    auto found = failures_.find(key);
    if (found == failures_.end()) return true;
    Prune(found->second, now);
    return static_cast<int>(found->second.size()) < options_.max_failures;
}

void LoginThrottle::RecordFailure(const std::string& key, UtcTime now) {
    std::lock_guard lock(mu_);
    if (failures_.size() > kSweepThreshold) {
        for (auto it = failures_.begin(); it != failures_.end();) {
            Prune(it->second, now);
            it = it->second.empty() ? failures_.erase(it) : std::next(it);
        }
    }
    failures_[key].push_back(now);
}

void LoginThrottle::RecordSuccess(const std::string& key) {
    std::lock_guard lock(mu_);
    failures_.erase(key);
}

}  // namespace sladesk::service
