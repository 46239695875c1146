#include "core/clock.hpp"

namespace sladesk {

UtcTime SystemClock::Now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace sladesk
