// A Clock for tests: time stands still until the test moves it.
#pragma once

#include <atomic>
#include <chrono>

#include "core/clock.hpp"

namespace sladesk::testing {

/// Thread-safe.
class FakeClock final : public Clock {
 public:
    explicit FakeClock(UtcTime start = FromEpochSeconds(1737968400)) : now_(ToEpochSeconds(start)) {}
    UtcTime Now() const override { return FromEpochSeconds(now_.load()); }
    void Advance(std::chrono::seconds by) { now_ += by.count(); }
    void Set(UtcTime to) { now_ = ToEpochSeconds(to); }

 private:
    std::atomic<std::int64_t> now_;
};

}  // namespace sladesk::testing
