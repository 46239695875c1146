// WeCom (企业微信) group robot: POST {"msgtype":"markdown","markdown":{"content":...}} to the robot's webhook URL
// (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY). The key in the URL is the only credential; the reply
// is {"errcode":0,"errmsg":"ok"}. Markdown content is limited to 4096 bytes; a text message (used when someone is
// to be @-mentioned by mobile number) to 2048.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "notify/channel.hpp"
#include "notify/http_client.hpp"

namespace sladesk::notify {

struct WeComConfig {
    std::string url;                          // the full webhook URL with ?key=
    std::vector<std::string> mention_mobiles; // @-mentions by mobile ("@all" for everyone); non-empty: text message
    std::chrono::milliseconds timeout{10000};
};

/// The JSON body for `message`. Pure.
std::string WeComBody(const WeComConfig& config, const store::OutboxMessage& message);
HttpRequest BuildWeComRequest(const WeComConfig& config, const store::OutboxMessage& message);

/// Thread-safe.
class WeComChannel final : public Channel {
 public:
    explicit WeComChannel(WeComConfig config) : config_(std::move(config)) {}
    DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) override;

 private:
    const WeComConfig config_;
};

}  // namespace sladesk::notify
