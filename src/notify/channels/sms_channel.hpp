// SMS through a gateway's HTTP API, configured rather than coded: a URL template and a JSON body template with
// {{phone}}, {{subject}}, {{text}}, {{message_id}}, {{event}} and {{language}} (values URL-encoded in the URL,
// JSON-escaped in the body), plus fixed headers (e.g. an API key from the environment).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "notify/channel.hpp"
#include "notify/http_client.hpp"

namespace sladesk::notify {

struct SmsConfig {
    std::string url_template;            // e.g. "https://sms.example.com/send?to={{phone}}"
    std::string body_template;           // e.g. {"to":"{{phone}}","text":"{{subject}}"}; empty: empty body
    std::vector<std::string> headers;    // "Name: value"; may hold credentials, never logged
    std::chrono::milliseconds timeout{10000};
};

/// `text` escaped for the inside of a JSON string (quotes, backslashes, control characters). Pure.
std::string JsonEscape(const std::string& text);
/// The request for `message` (recipient = phone number). kInvalidArgument if a template names an unknown variable.
Result<HttpRequest> BuildSmsRequest(const SmsConfig& config, const store::OutboxMessage& message);

/// Thread-safe; 2xx is delivered.
class SmsChannel final : public Channel {
 public:
    explicit SmsChannel(SmsConfig config) : config_(std::move(config)) {}
    DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) override;

 private:
    const SmsConfig config_;
};

}  // namespace sladesk::notify
