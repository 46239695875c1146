// The JSON kept in ticket_sla for a ticket's clock figures, segments and recorded breaches. Pure.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sla/ticket_clocks.hpp"

namespace sladesk::service::detail {

/// "sla:first_response", "ola:resolution:12" -> ClockKey; kInvalidArgument for anything else.
Result<sla::ClockKey> ParseClockKey(const std::string& text);

std::string EncodeFigures(std::span<const sla::ClockFigure> figures);
std::string EncodeSegments(std::span<const sla::ClockSegment> segments);
std::string EncodeBreaches(std::span<const sla::RecordedBreach> breaches);

/// kInternal naming what is damaged if the stored text does not parse.
Result<std::vector<sla::ClockFigure>> DecodeFigures(const std::string& text);
Result<std::vector<sla::ClockSegment>> DecodeSegments(const std::string& text);
Result<std::vector<sla::RecordedBreach>> DecodeBreaches(const std::string& text);

}  // namespace sladesk::service::detail
