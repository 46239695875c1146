// JSON for SLA/OLA/UC clock figures (the "sla" list of a ticket).
#pragma once

#include <span>

#include <nlohmann/json.hpp>

#include "http/respond.hpp"
#include "sla/ticket_clocks.hpp"

namespace sladesk::http::json {

/// {"target","scope","group","agreement","agreement_version","calendar","due_at","state",...}; times ISO 8601,
/// durations in seconds.
nlohmann::json ToJson(const sla::ClockFigure& figure);
nlohmann::json ToJson(std::span<const sla::ClockFigure> figures);
/// The same list written straight out (ToJson(figures).dump(), without the DOM).
void Write(JsonWriter& out, std::span<const sla::ClockFigure> figures);

}  // namespace sladesk::http::json
