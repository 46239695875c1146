// /api/v1/tickets...: intake, reading, listing, changes, articles, closure, links, history; attachments.
#include "http/api_context.hpp"
#include "http/json/object_reader.hpp"
#include "http/json/ticket_json.hpp"
#include "http/respond.hpp"
#include "http/ticket_query.hpp"

namespace sladesk::http {
namespace {

std::string ETagOf(const Ticket& ticket) { return "\"v" + std::to_string(ticket.version) + "\""; }

/// The version an If-Match header names ("v3", "\"v3\"", W/"v3", or 3); kPreconditionFailed if unreadable.
Result<std::optional<std::int64_t>> IfMatchVersion(const Request& request) {
    auto header = request.Header("if-match");
    if (!header) return std::optional<std::int64_t>{};
    std::string text = *header;
    if (text.starts_with("W/")) text.erase(0, 2);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
    if (!text.empty() && text.front() == 'v') text.erase(0, 1);
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
        return Error::PreconditionFailed("If-Match does not name a ticket version");
    }
    return std::optional<std::int64_t>{std::stoll(text)};
}

/// `body` is the ticket's JSON text (json::Dump).
Response TicketResponse(int status, const Ticket& ticket, std::string body) {
    Response response{status, std::move(body), "application/json", {}};
    response.headers.emplace_back("ETag", ETagOf(ticket));
    return response;
}

/// A ticket just written, with the clocks the write left.
Response WrittenTicketResponse(int status, const service::WrittenTicket& written) {
    return TicketResponse(status, written.ticket, json::Dump(written.ticket, written.clocks));
}

Response CreatedTicketResponse(const Result<service::Created<service::WrittenTicket>>& created) {
    if (!created) return ErrorResponse(created.error());
    Response response = WrittenTicketResponse(201, created->value);
    response.headers.emplace_back("Location", "/api/v1/tickets/" + std::to_string(created->value.ticket.id.value));
    if (created->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
}

Response ListTickets(const ApiContext& api, const Request& request) {
    auto query = ParseTicketQuery(request);
    if (!query) return ErrorResponse(query.error());
    auto tickets = api.tickets.List(request.actor_ref(), *query);
    if (!tickets) return ErrorResponse(tickets.error());
    nlohmann::json items = nlohmann::json::array();
    const bool more = static_cast<int>(tickets->size()) > query->limit;
    if (more) tickets->pop_back();
    auto clocks = api.tickets.ClocksOf(request.actor_ref(), *tickets);
    if (!clocks) return ErrorResponse(clocks.error());
    for (std::size_t i = 0; i < tickets->size(); ++i) items.push_back(json::ToJson((*tickets)[i], (*clocks)[i]));
    nlohmann::json next = more ? nlohmann::json(EncodeCursor(*query, tickets->back())) : nlohmann::json(nullptr);
    return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
}

/// Answers after the group commit without holding a handler thread: the response is built on a handler thread.
void CreateTicket(const ApiContext& api, std::shared_ptr<const Request> request, Responder respond) {
    auto input = json::ParseNewTicket(request->body);
    if (!input) return respond([error = input.error()] { return ErrorResponse(error); });
    auto idempotency = IdempotencyOf(*request);
    if (!idempotency) return respond([error = idempotency.error()] { return ErrorResponse(error); });
    api.tickets.CreateAsync(request->actor_ref(), std::move(*input), std::move(*idempotency),
                            [respond = std::move(respond)](Result<service::Created<service::WrittenTicket>> created) {
                                auto shared = std::make_shared<decltype(created)>(std::move(created));
                                respond([shared] { return CreatedTicketResponse(*shared); });
                            });
}

Response GetTicket(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto view = api.tickets.Get(request.actor_ref(), *id);
    if (!view) return ErrorResponse(view.error());
    return TicketResponse(200, view->ticket, json::Dump(*view));
}

Response PatchTicket(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto patch = json::ParseTicketPatch(request.body);
    if (!patch) return ErrorResponse(patch.error());
    auto if_match = IfMatchVersion(request);
    if (!if_match) return ErrorResponse(if_match.error());
    if (*if_match) {
        if (patch->expected_version && *patch->expected_version != **if_match) {
            return ErrorResponse(Error::InvalidArgument("If-Match and version disagree"));
        }
        patch->expected_version = *if_match;
    }
    auto ticket = api.tickets.Patch(request.actor_ref(), *id, *patch);
    if (!ticket) {
        // A stale body "version" is a conflict (409); a stale If-Match header is a failed precondition (412).
        if (ticket.error().Is(ErrorCode::kPreconditionFailed) && !*if_match) {
            return ErrorResponse(Error::Conflict(ticket.error().message()));
        }
        return ErrorResponse(ticket.error());
    }
    return WrittenTicketResponse(200, *ticket);
}

Response AddArticle(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto input = json::ParseNewArticle(request.body);
    if (!input) return ErrorResponse(input.error());
    auto idempotency = IdempotencyOf(request);
    if (!idempotency) return ErrorResponse(idempotency.error());
    auto created = api.tickets.AddArticle(request.actor_ref(), *id, *input, *idempotency);
    if (!created) return ErrorResponse(created.error());
    Response response = JsonResponse(201, json::ToJson(created->value));
    if (created->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
}

Response TicketHistory(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto entries = api.tickets.History(request.actor_ref(), *id);
    if (!entries) return ErrorResponse(entries.error());
    nlohmann::json items = nlohmann::json::array();
    for (const HistoryEntry& entry : *entries) items.push_back(json::ToJson(entry));
    return JsonResponse(200, {{"items", items}});
}

Response AddLink(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto link = json::ParseTicketLink(request.body);
    if (!link) return ErrorResponse(link.error());
    auto links = api.tickets.AddLink(request.actor_ref(), *id, *link);
    if (!links) return ErrorResponse(links.error());
    nlohmann::json items = nlohmann::json::array();
    for (const TicketLink& each : *links) items.push_back(json::ToJson(each));
    return JsonResponse(201, {{"items", items}});
}

Response ConfirmTicket(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    if (!request.body.empty()) {
        auto body = json::ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        if (!body->empty()) return ErrorResponse(Error::InvalidArgument("confirm takes no fields"));
    }
    auto ticket = api.tickets.Confirm(request.actor_ref(), *id);
    if (!ticket) return ErrorResponse(ticket.error());
    return WrittenTicketResponse(200, *ticket);
}

Response ReopenTicket(const ApiContext& api, const Request& request) {
    auto id = PathId<TicketId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto reason = json::ParseReason(request.body);
    if (!reason) return ErrorResponse(reason.error());
    auto ticket = api.tickets.Reopen(request.actor_ref(), *id, *reason);
    if (!ticket) return ErrorResponse(ticket.error());
    return WrittenTicketResponse(200, *ticket);
}

Response GetAttachment(const ApiContext& api, const Request& request) {
    auto id = PathId<AttachmentId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    auto attachment = api.tickets.GetAttachment(request.actor_ref(), *id);
    if (!attachment) return ErrorResponse(attachment.error());
    Response response{200, std::move(attachment->second), attachment->first.content_type, {}};
    // Served as a download, never rendered inline, so an uploaded HTML file cannot run script in our origin.
    std::string safe_name;
    for (char c : attachment->first.filename) safe_name.push_back(c == '"' || c == '\\' || c < ' ' ? '_' : c);
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + safe_name + "\"");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return response;
}

}  // namespace

void AddTicketRoutes(std::vector<Route>& routes) {
    routes.push_back({"GET", "/api/v1/tickets", true, ListTickets});
    routes.push_back({"POST", "/api/v1/tickets", true, AsyncHandler{CreateTicket}});
    routes.push_back({"GET", "/api/v1/tickets/{id}", true, GetTicket});
    routes.push_back({"PATCH", "/api/v1/tickets/{id}", true, PatchTicket});
    routes.push_back({"POST", "/api/v1/tickets/{id}/articles", true, AddArticle});
    routes.push_back({"GET", "/api/v1/tickets/{id}/history", true, TicketHistory});
    routes.push_back({"POST", "/api/v1/tickets/{id}/links", true, AddLink});
    routes.push_back({"POST", "/api/v1/tickets/{id}/confirm", true, ConfirmTicket});
    routes.push_back({"POST", "/api/v1/tickets/{id}/reopen", true, ReopenTicket});
    routes.push_back({"GET", "/api/v1/attachments/{id}", true, GetAttachment});
}

}  // namespace sladesk::http
