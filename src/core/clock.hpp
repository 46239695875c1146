// The one place that reads the system clock; everything else is handed a const Clock&.
#pragma once

#include "core/utc_time.hpp"

namespace sladesk {

/// Source of "now". Implementations are thread-safe.
class Clock {
 public:
    virtual ~Clock() = default;
    virtual UtcTime Now() const = 0;
};

/// The real wall clock, truncated to seconds.
class SystemClock final : public Clock {
 public:
    UtcTime Now() const override;
};

}  // namespace sladesk
