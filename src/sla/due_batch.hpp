// The engine of `sladesk sla due --batch`: "START_EPOCH SECONDS" lines in, one due epoch per line out.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>

#include "core/result.hpp"
#include "sla/calendar.hpp"

namespace sladesk::sla {

/// Reads lines "START_EPOCH SECONDS" (integers separated by spaces or tabs; CRLF accepted) from `in` and
/// writes, per line, the epoch second when SECONDS of working time have passed after START in `calendar`
/// (or "never" if the calendar has no working time left). Stops at the first malformed line with
/// kInvalidArgument "line N: <problem>"; results of earlier lines are already written. START must lie in
/// 1900..2500 and SECONDS in 0..100 years. Touches only the two streams (large block reads and writes,
/// no per-line stream calls); returns the number of lines done. Not thread-safe on the same streams.
Result<std::int64_t> RunDueBatch(std::istream& in, std::ostream& out, const Calendar& calendar);

}  // namespace sladesk::sla
