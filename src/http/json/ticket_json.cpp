#include "http/json/ticket_json.hpp"

#include <sodium.h>

#include "http/json/clock_json.hpp"
#include "http/json/object_reader.hpp"

namespace sladesk::http::json {
namespace {

constexpr std::size_t kMaxTitleBytes = 500;
constexpr std::size_t kMaxBodyBytes = 200 * 1024;
constexpr std::size_t kMaxAttachments = 20;
constexpr std::size_t kMaxBase64Bytes = 14 << 20;  // 10 MiB of data once decoded, with margin
constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

template <typename IdType>
nlohmann::json IdOrNull(const std::optional<IdType>& id) {
    return id ? nlohmann::json(id->value) : nlohmann::json(nullptr);
}

nlohmann::json TimeOrNull(const std::optional<UtcTime>& time) {
    return time ? nlohmann::json(FormatIso8601(*time)) : nlohmann::json(nullptr);
}

std::optional<std::string> DecodeBase64(const std::string& text) {
    std::string bytes(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(),
                          "\n\r ", &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    bytes.resize(length);
    return bytes;
}

std::vector<service::NewAttachment> ReadAttachments(ObjectReader& reader) {
    std::vector<service::NewAttachment> attachments;
    const nlohmann::json* list = reader.OptArray("attachments", kMaxAttachments);
    if (list == nullptr) return attachments;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = "attachments[" + std::to_string(i) + "].";
        ObjectReader item((*list)[i], path);
        service::NewAttachment attachment;
        attachment.filename = item.String("filename", 255);
        attachment.content_type = item.OptString("content_type", 255).value_or("application/octet-stream");
        const std::string encoded = item.String("data_base64", kMaxBase64Bytes);
        const Status finished = item.Finish();
        if (!finished) {
            reader.Fail("attachments", finished.error().message());
            return {};
        }
        auto decoded = DecodeBase64(encoded);
        if (!decoded) {
            reader.Fail("attachments", path + "data_base64 is not valid base64");
            return {};
        }
        attachment.data = std::move(*decoded);
        attachments.push_back(std::move(attachment));
    }
    return attachments;
}

}  // namespace

nlohmann::json ToJson(const Ticket& ticket, std::span<const sla::ClockFigure> clocks) {
    return {
        {"id", ticket.id.value},
        {"title", ticket.title},
        {"kind", kTicketKindNames.Name(ticket.kind)},
        {"channel", kChannelNames.Name(ticket.channel)},
        {"status", kTicketStatusNames.Name(ticket.status)},
        {"impact", ticket.impact},
        {"urgency", ticket.urgency},
        {"priority", ticket.priority},
        {"customer", ticket.customer_id.value},
        {"organisation", IdOrNull(ticket.organisation_id)},
        {"service", IdOrNull(ticket.service_id)},
        {"category", IdOrNull(ticket.category_id)},
        {"group", IdOrNull(ticket.group_id)},
        {"assignee", IdOrNull(ticket.assignee_id)},
        {"created_by", ticket.created_by.value},
        {"created_at", FormatIso8601(ticket.created_at)},
        {"updated_at", FormatIso8601(ticket.updated_at)},
        {"resolved_at", TimeOrNull(ticket.resolved_at)},
        {"closed_at", TimeOrNull(ticket.closed_at)},
        {"version", ticket.version},
        {"tags", ticket.tags},
        {"sla", ToJson(clocks)},
    };
}

nlohmann::json ToJson(const Attachment& attachment) {
    return {{"id", attachment.id.value},          {"filename", attachment.filename},
            {"content_type", attachment.content_type}, {"size", attachment.size},
            {"sha256", attachment.sha256},        {"url", "/api/v1/attachments/" + std::to_string(attachment.id.value)}};
}

nlohmann::json ToJson(const Article& article) {
    nlohmann::json attachments = nlohmann::json::array();
    for (const Attachment& attachment : article.attachments) attachments.push_back(ToJson(attachment));
    return {{"id", article.id.value},
            {"ticket", article.ticket_id.value},
            {"author", article.author_id.value},
            {"internal", article.internal},
            {"channel", kChannelNames.Name(article.channel)},
            {"body", article.body},
            {"created_at", FormatIso8601(article.created_at)},
            {"attachments", attachments}};
}

nlohmann::json ToJson(const TicketLink& link) {
    return {{"kind", kLinkKindNames.Name(link.kind)}, {"target", link.target.value}};
}

nlohmann::json ToJson(const HistoryEntry& entry) {
    return {{"id", entry.id},
            {"ticket", entry.ticket_id.value},
            {"actor", IdOrNull(entry.actor_id)},
            {"at", FormatIso8601(entry.at)},
            {"field", entry.field},
            {"old", entry.old_value ? nlohmann::json(*entry.old_value) : nlohmann::json(nullptr)},
            {"new", entry.new_value ? nlohmann::json(*entry.new_value) : nlohmann::json(nullptr)}};
}

nlohmann::json ToJson(const service::TicketView& view) {
    nlohmann::json body = ToJson(view.ticket, view.clocks);
    nlohmann::json articles = nlohmann::json::array();
    for (const Article& article : view.articles) articles.push_back(ToJson(article));
    nlohmann::json links = nlohmann::json::array();
    for (const TicketLink& link : view.links) links.push_back(ToJson(link));
    body["articles"] = std::move(articles);
    body["links"] = std::move(links);
    return body;
}

Result<service::NewTicket> ParseNewTicket(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    service::NewTicket ticket;
    ticket.title = reader.String("title", kMaxTitleBytes);
    ticket.description = reader.String("description", kMaxBodyBytes);
    if (auto kind = reader.OptEnum("kind", kTicketKindNames)) ticket.kind = *kind;
    if (auto channel = reader.OptEnum("channel", kChannelNames)) ticket.channel = *channel;
    if (auto id = reader.OptInt("service", 1, kMaxId)) ticket.service_id = ServiceId{*id};
    if (auto id = reader.OptInt("category", 1, kMaxId)) ticket.category_id = CategoryId{*id};
    if (auto id = reader.OptInt("customer", 1, kMaxId)) ticket.customer_id = UserId{*id};
    if (auto id = reader.OptInt("group", 1, kMaxId)) ticket.group_id = GroupId{*id};
    ticket.impact = reader.OptString("impact", 64);
    ticket.urgency = reader.OptString("urgency", 64);
    ticket.tags = reader.OptStringList("tags", 30, 64).value_or(std::vector<std::string>{});
    ticket.attachments = ReadAttachments(reader);
    SLADESK_TRY(reader.Finish());
    return ticket;
}

Result<service::TicketPatch> ParseTicketPatch(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    service::TicketPatch patch;
    patch.title = reader.OptString("title", kMaxTitleBytes);
    patch.status = reader.OptEnum("status", kTicketStatusNames);
    patch.kind = reader.OptEnum("kind", kTicketKindNames);
    patch.impact = reader.OptString("impact", 64);
    patch.urgency = reader.OptString("urgency", 64);
    if (auto priority = reader.OptInt("priority", 1, 9)) patch.priority = static_cast<int>(*priority);
    const auto as = []<typename IdType>(const std::optional<std::optional<std::int64_t>>& raw, IdType) {
        std::optional<std::optional<IdType>> out;
        if (raw) out = *raw ? std::optional<IdType>{IdType{**raw}} : std::optional<IdType>{};
        return out;
    };
    patch.group = as(reader.OptNullableId("group"), GroupId{});
    patch.assignee = as(reader.OptNullableId("assignee"), UserId{});
    patch.service = as(reader.OptNullableId("service"), ServiceId{});
    patch.category = as(reader.OptNullableId("category"), CategoryId{});
    patch.tags = reader.OptStringList("tags", 30, 64);
    patch.expected_version = reader.OptInt("version", 1, kMaxId);
    SLADESK_TRY(reader.Finish());
    return patch;
}

Result<service::NewArticle> ParseNewArticle(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    service::NewArticle article;
    article.body = reader.String("body", kMaxBodyBytes);
    article.internal = reader.OptBool("internal").value_or(false);
    if (auto channel = reader.OptEnum("channel", kChannelNames)) article.channel = *channel;
    article.attachments = ReadAttachments(reader);
    SLADESK_TRY(reader.Finish());
    return article;
}

Result<TicketLink> ParseTicketLink(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    const auto kind = reader.OptEnum("kind", kLinkKindNames);
    const auto target = reader.OptInt("target", 1, kMaxId);
    if (!kind) reader.Fail("kind", "is required");
    if (!target) reader.Fail("target", "is required");
    SLADESK_TRY(reader.Finish());
    return TicketLink{*kind, TicketId{*target}};
}

Result<std::string> ParseReason(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    ObjectReader reader(object);
    std::string reason = reader.String("reason", kMaxBodyBytes);
    SLADESK_TRY(reader.Finish());
    return reason;
}

}  // namespace sladesk::http::json
