// The generic webhook: a JSON POST per message, signed with HMAC-SHA256 over "timestamp.body", with the message's
// stable id in an Idempotency-Key header so a receiver can drop a duplicate delivery.
#pragma once

#include <chrono>
#include <string>

#include "notify/channel.hpp"
#include "notify/http_client.hpp"

namespace sladesk::notify {

inline constexpr const char* kSignatureHeader = "X-Sladesk-Signature";
inline constexpr const char* kTimestampHeader = "X-Sladesk-Timestamp";

struct WebhookConfig {
    std::string url;
    std::string secret;  // HMAC key; empty: requests are not signed
    std::chrono::milliseconds timeout{10000};
};

/// The JSON body: {"id","event","channel","recipient","language","subject","text","ticket_id","created_at","data"}.
/// Pure; the same message always gives the same bytes.
std::string WebhookBody(const store::OutboxMessage& message);
/// "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body): what the signature header carries. Pure.
std::string WebhookSignature(const std::string& secret, std::int64_t timestamp, const std::string& body);
/// The full request: body, Content-Type, Idempotency-Key, X-Sladesk-Event, X-Sladesk-Timestamp (epoch seconds of
/// `now`) and X-Sladesk-Signature. Pure.
HttpRequest BuildWebhookRequest(const WebhookConfig& config, const store::OutboxMessage& message, UtcTime now);

/// Thread-safe; 2xx is delivered, see FromHttpStatus for the rest.
class WebhookChannel final : public Channel {
 public:
    explicit WebhookChannel(WebhookConfig config) : config_(std::move(config)) {}
    DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) override;

 private:
    const WebhookConfig config_;
};

}  // namespace sladesk::notify
