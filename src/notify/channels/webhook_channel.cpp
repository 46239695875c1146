#include "notify/channels/webhook_channel.hpp"

#include <nlohmann/json.hpp>

#include "notify/signing.hpp"

namespace sladesk::notify {

std::string WebhookBody(const store::OutboxMessage& message) {
    nlohmann::ordered_json body;
    body["id"] = message.message_uid;
    body["event"] = message.event;
    body["channel"] = message.channel;
    body["recipient"] = message.recipient;
    body["language"] = message.language;
    body["subject"] = message.subject;
    body["text"] = message.body_text;
    body["ticket_id"] = message.ticket_id ? nlohmann::ordered_json(message.ticket_id->value) : nullptr;
    body["urgent"] = message.urgent;
    body["created_at"] = FormatIso8601(message.created_at);
    body["data"] = nlohmann::ordered_json::parse(message.data, nullptr, false);
    if (body["data"].is_discarded()) body["data"] = nlohmann::ordered_json::object();
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string WebhookSignature(const std::string& secret, std::int64_t timestamp, const std::string& body) {
    return "sha256=" + Hex(HmacSha256(secret, std::to_string(timestamp) + "." + body));
}

HttpRequest BuildWebhookRequest(const WebhookConfig& config, const store::OutboxMessage& message, UtcTime now) {
    HttpRequest request;
    request.url = config.url;
    request.timeout = config.timeout;
    request.body = WebhookBody(message);
    const std::int64_t timestamp = ToEpochSeconds(now);
    request.headers = {"Content-Type: application/json; charset=utf-8", "Idempotency-Key: " + message.message_uid,
                       "X-Sladesk-Event: " + message.event,
                       std::string(kTimestampHeader) + ": " + std::to_string(timestamp)};
    if (!config.secret.empty()) {
        request.headers.push_back(std::string(kSignatureHeader) + ": " +
                                  WebhookSignature(config.secret, timestamp, request.body));
    }
    return request;
}

DeliveryResult WebhookChannel::Deliver(const store::OutboxMessage& message, UtcTime now) {
    auto response = HttpPost(BuildWebhookRequest(config_, message, now));
    if (!response) return DeliveryResult::Fail(response.error().message());
    return FromHttpStatus(*response, "webhook " + RedactUrl(config_.url));
}

}  // namespace sladesk::notify
