#include "notify/channels/sms_channel.hpp"

#include <cstdio>
#include <map>

#include "notify/signing.hpp"
#include "rules/canned_response.hpp"

namespace sladesk::notify {
namespace {

std::map<std::string, std::string> Variables(const store::OutboxMessage& message) {
    return {{"phone", message.recipient},       {"subject", message.subject}, {"text", message.body_text},
            {"message_id", message.message_uid}, {"event", message.event},     {"language", message.language}};
}

}  // namespace

std::string JsonEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned>(c));
                    out += buffer;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

Result<HttpRequest> BuildSmsRequest(const SmsConfig& config, const store::OutboxMessage& message) {
    auto variables = Variables(message);
    std::map<std::string, std::string> in_url;
    std::map<std::string, std::string> in_body;
    for (const auto& [name, value] : variables) {
        in_url[name] = UrlEncode(value);
        in_body[name] = JsonEscape(value);
    }
    HttpRequest request;
    SLADESK_ASSIGN_OR_RETURN(request.url, rules::RenderCannedResponse(config.url_template, in_url));
    SLADESK_ASSIGN_OR_RETURN(request.body, rules::RenderCannedResponse(config.body_template, in_body));
    request.headers = config.headers;
    request.headers.push_back("Content-Type: application/json; charset=utf-8");
    request.headers.push_back("Idempotency-Key: " + message.message_uid);
    request.timeout = config.timeout;
    return request;
}

DeliveryResult SmsChannel::Deliver(const store::OutboxMessage& message, UtcTime /*now*/) {
    auto request = BuildSmsRequest(config_, message);
    if (!request) return DeliveryResult::Fail("SMS template: " + request.error().message(), std::nullopt, true);
    auto response = HttpPost(*request);
    if (!response) return DeliveryResult::Fail(response.error().message());
    return FromHttpStatus(*response, "SMS gateway " + RedactUrl(request->url));
}

}  // namespace sladesk::notify
