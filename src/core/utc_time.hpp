// Instants in UTC. Local time exists only inside sla::Calendar.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sladesk {

/// An instant, UTC, second precision.
using UtcTime = std::chrono::sys_seconds;

inline UtcTime FromEpochSeconds(std::int64_t seconds) { return UtcTime{std::chrono::seconds{seconds}}; }
inline std::int64_t ToEpochSeconds(UtcTime t) { return t.time_since_epoch().count(); }

/// "2025-01-27T09:00:00Z". Pure.
std::string FormatIso8601(UtcTime t);

/// Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM"; nullopt if malformed. Pure.
std::optional<UtcTime> ParseIso8601(std::string_view text);

}  // namespace sladesk
