// The JSON kept in ticket_sla for a ticket's clock figures, segments and recorded breaches. Pure.
#pragma once

#include <span>
#include <string>
#include <string_view>
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
/// Figures are read on every ticket read: the text EncodeFigures writes is read directly, anything else (older or
/// hand-edited rows) through a JSON document, with the same result.
Result<std::vector<sla::ClockFigure>> DecodeFigures(std::string_view text);
Result<std::vector<sla::ClockSegment>> DecodeSegments(const std::string& text);
Result<std::vector<sla::RecordedBreach>> DecodeBreaches(const std::string& text);

}  // namespace sladesk::service::detail
