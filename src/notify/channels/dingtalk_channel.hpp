// DingTalk (钉钉) custom robot: POST {"msgtype":"markdown","markdown":{"title","text"},"at":{...}} to
// https://oapi.dingtalk.com/robot/send?access_token=TOKEN. With a signing secret ("加签") the URL also carries
// &timestamp=T&sign=S, where T is epoch milliseconds and S = UrlEncode(Base64(HMAC-SHA256(key = secret,
// message = T + "\n" + secret))); DingTalk refuses a T more than an hour off. The reply is {"errcode":0,...}.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "notify/channel.hpp"
#include "notify/http_client.hpp"

namespace sladesk::notify {

struct DingTalkConfig {
    std::string url;                          // the robot's webhook URL with ?access_token=
    std::string secret;                       // "SEC..." signing secret; empty: unsigned
    std::vector<std::string> at_mobiles;      // @-mentions by mobile number
    bool at_all = false;
    std::chrono::milliseconds timeout{10000};
};

/// S for timestamp `timestamp_ms` (already URL-encoded). Pure.
std::string DingTalkSign(const std::string& secret, std::int64_t timestamp_ms);
/// The webhook URL with &timestamp=...&sign=... appended (unchanged without a secret). Pure.
std::string DingTalkSignedUrl(const DingTalkConfig& config, std::int64_t timestamp_ms);
std::string DingTalkBody(const DingTalkConfig& config, const store::OutboxMessage& message);
/// The request at `now` (the timestamp is now in milliseconds). Pure.
HttpRequest BuildDingTalkRequest(const DingTalkConfig& config, const store::OutboxMessage& message, UtcTime now);

/// Thread-safe.
class DingTalkChannel final : public Channel {
 public:
    explicit DingTalkChannel(DingTalkConfig config) : config_(std::move(config)) {}
    DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) override;

 private:
    const DingTalkConfig config_;
};

}  // namespace sladesk::notify
