#include "http/json/ticket_json.hpp"

#include <sodium.h>

#include "http/json/clock_json.hpp"
#include "http/json/notice_json.hpp"
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

void Write(JsonWriter& out, const Attachment& attachment) {
    out.BeginObject();
    out.Key("content_type").String(attachment.content_type);
    out.Key("filename").String(attachment.filename);
    out.Key("id").Int(attachment.id.value);
    out.Key("sha256").String(attachment.sha256);
    out.Key("size").Int(attachment.size);
    out.Key("url").String("/api/v1/attachments/" + std::to_string(attachment.id.value));
    out.EndObject();
}

void Write(JsonWriter& out, const Article& article) {
    out.BeginObject();
    out.Key("attachments").BeginArray();
    for (const Attachment& attachment : article.attachments) Write(out, attachment);
    out.EndArray();
    out.Key("author").Int(article.author_id.value);
    out.Key("body").String(article.body);
    out.Key("channel").String(kChannelNames.Name(article.channel));
    out.Key("created_at").Time(article.created_at);
    out.Key("id").Int(article.id.value);
    out.Key("internal").Bool(article.internal);
    out.Key("ticket").Int(article.ticket_id.value);
    out.EndObject();
}

/// What a ticket shows of its notice, keys in std::map order as json::ToJson(TicketNotice) has them.
void Write(JsonWriter& out, const service::TicketNotice& seen) {
    out.BeginObject();
    if (seen.notice) out.Key("grade").Int(seen.notice->grade).Key("id").Int(seen.notice->id.value);
    out.Key("published_at").Time(seen.statement_published_at);
    if (seen.notice) out.Key("state").String(kNoticeStateNames.Name(seen.notice->state));
    out.Key("statement");
    if (seen.statement.empty()) {
        out.Null();
    } else {
        out.String(seen.statement);
    }
    if (seen.notice) {
        out.Key("statement_state").String(kStatementStateNames.Name(seen.notice->statement_state));
        out.Key("title").String(seen.notice->title);
    }
    out.EndObject();
}

/// The ticket's members in std::map order; a view's "articles" and "links" go in their places.
void Write(JsonWriter& out, const Ticket& ticket, std::span<const sla::ClockFigure> clocks,
           const service::TicketView* view) {
    out.BeginObject();
    if (view != nullptr) {
        out.Key("articles").BeginArray();
        for (const Article& article : view->articles) Write(out, article);
        out.EndArray();
    }
    out.Key("assignee").Id(ticket.assignee_id);
    out.Key("category").Id(ticket.category_id);
    out.Key("channel").String(kChannelNames.Name(ticket.channel));
    out.Key("closed_at").Time(ticket.closed_at);
    out.Key("created_at").Time(ticket.created_at);
    out.Key("created_by").Int(ticket.created_by.value);
    out.Key("customer").Int(ticket.customer_id.value);
    out.Key("group").Id(ticket.group_id);
    out.Key("id").Int(ticket.id.value);
    out.Key("impact").String(ticket.impact);
    out.Key("kind").String(kTicketKindNames.Name(ticket.kind));
    if (view != nullptr) {
        out.Key("links").BeginArray();
        for (const TicketLink& link : view->links) {
            out.BeginObject().Key("kind").String(kLinkKindNames.Name(link.kind));
            out.Key("target").Int(link.target.value).EndObject();
        }
        out.EndArray();
        out.Key("notice");
        if (view->notice) {
            Write(out, *view->notice);
        } else {
            out.Null();
        }
    }
    out.Key("organisation").Id(ticket.organisation_id);
    out.Key("priority").Int(ticket.priority);
    out.Key("resolved_at").Time(ticket.resolved_at);
    out.Key("service").Id(ticket.service_id);
    out.Key("sla");
    json::Write(out, clocks);
    out.Key("status").String(kTicketStatusNames.Name(ticket.status));
    out.Key("tags").BeginArray();
    for (const std::string& tag : ticket.tags) out.String(tag);
    out.EndArray();
    out.Key("title").String(ticket.title);
    out.Key("updated_at").Time(ticket.updated_at);
    out.Key("urgency").String(ticket.urgency);
    out.Key("version").Int(ticket.version);
    out.EndObject();
}

}  // namespace

std::string Dump(const Ticket& ticket, std::span<const sla::ClockFigure> clocks) {
    std::string text;
    text.reserve(1024 + clocks.size() * 512);
    JsonWriter out(text);
    Write(out, ticket, clocks, nullptr);
    return text;
}

std::string Dump(const service::TicketView& view) {
    std::string text;
    std::size_t reserve = 1024 + view.clocks.size() * 512;
    for (const Article& article : view.articles) reserve += 256 + article.body.size() + article.attachments.size() * 256;
    text.reserve(reserve);
    JsonWriter out(text);
    Write(out, view.ticket, view.clocks, &view);
    return text;
}

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
    body["notice"] = view.notice ? ToJson(*view.notice) : nlohmann::json(nullptr);
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
