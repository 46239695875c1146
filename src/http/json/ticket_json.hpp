// JSON mapping for tickets, articles, attachments, links and history (free functions).
#pragma once

#include <span>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "service/ticket_inputs.hpp"
#include "service/ticket_service.hpp"

namespace sladesk::http::json {

/// The ticket with its clocks as "sla" (the figures the reader may see).
nlohmann::json ToJson(const Ticket& ticket, std::span<const sla::ClockFigure> clocks = {});
nlohmann::json ToJson(const Article& article);
nlohmann::json ToJson(const Attachment& attachment);
nlohmann::json ToJson(const TicketLink& link);
nlohmann::json ToJson(const HistoryEntry& entry);
/// The ticket with "articles" and "links".
nlohmann::json ToJson(const service::TicketView& view);

/// The text of ToJson(ticket, clocks).dump() and ToJson(view).dump(), written straight out without the DOM: for the
/// hot responses (opening and reading a ticket).
std::string Dump(const Ticket& ticket, std::span<const sla::ClockFigure> clocks);
std::string Dump(const service::TicketView& view);

/// Each parser returns kInvalidArgument naming the field for wrong types, missing or unknown fields.
Result<service::NewTicket> ParseNewTicket(const std::string& body);
Result<service::TicketPatch> ParseTicketPatch(const std::string& body);
Result<service::NewArticle> ParseNewArticle(const std::string& body);
Result<TicketLink> ParseTicketLink(const std::string& body);
/// {"reason": "..."} for reopening.
Result<std::string> ParseReason(const std::string& body);

}  // namespace sladesk::http::json
