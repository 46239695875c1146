// Working-time durations as people write them on the command line: "16h", "4h30m", "90m", "45s".
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sladesk::sla {

/// Parses a sequence of <digits><unit> with units h, m, s (each at most once, in that order), or plain
/// digits meaning seconds. Days are rejected on purpose: a "day" of working time is ambiguous (8 h? 24 h?);
/// write hours ("16h"). kInvalidArgument naming the text if malformed or over 100 years. Pure.
Result<std::chrono::seconds> ParseWorkDuration(std::string_view text);

/// "16h", "4h30m", "1h0m5s", "0s". Pure.
std::string FormatWorkDuration(std::chrono::seconds duration);

}  // namespace sladesk::sla
