// The channels of `sladesk serve` and who receives what: parsed from a YAML file named on the command line
// (`--notify-config`), with ${ENV_VAR} references for secrets so they need not sit in the file.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "notify/channel.hpp"
#include "notify/channels/dingtalk_channel.hpp"
#include "notify/channels/feishu_channel.hpp"
#include "notify/channels/sms_channel.hpp"
#include "notify/channels/smtp_channel.hpp"
#include "notify/channels/webhook_channel.hpp"
#include "notify/channels/wecom_channel.hpp"

namespace sladesk::notify {

inline constexpr const char* kEmailChannel = "email";
inline constexpr const char* kSmsChannel = "sms";

/// Which events go out on a channel, and for which groups' tickets. Empty lists match everything.
struct Route {
    std::vector<std::string> events;
    std::vector<std::string> groups;  // group names (robots usually post for one team)
    std::string language = "zh-CN";   // the language of messages to the channel (person channels use the user's)
    bool Matches(const std::string& event, const std::optional<std::string>& group) const;
};

enum class RobotKind { kWebhook, kWeCom, kDingTalk, kFeishu };

/// One webhook or group robot: its channel name is "<kind>:<name>" (webhook:ops, dingtalk:desk ...).
struct RobotChannel {
    std::string name;
    RobotKind kind = RobotKind::kWebhook;
    Route route;
    WebhookConfig webhook;    // kWebhook
    WeComConfig wecom;        // kWeCom
    DingTalkConfig dingtalk;  // kDingTalk
    FeishuConfig feishu;      // kFeishu
    std::string ChannelName() const;
};

/// Everything the notification side of `serve` is configured with. Secrets live in here once parsed: never log it.
struct NotifyConfig {
    std::optional<SmtpConfig> email;  // mail to people with an address
    Route email_route;
    std::optional<SmsConfig> sms;     // SMS to people with a phone number
    Route sms_route;                  // default: sla_breach only
    std::vector<RobotChannel> robots;
    std::string timezone = "Asia/Shanghai";  // how due times are shown in messages
    std::string public_url;                  // base of ticket links, e.g. https://desk.example.com; empty: none
};

/// Looks up an environment variable (injected: nothing below cli/ reads the environment).
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// Parses the YAML text of a notify config. Strings may contain ${NAME}, replaced by env(NAME). kInvalidArgument
/// naming the key (and line) on a bad value, an unknown key or an unset variable. The format is in
/// src/notify/README.md.
Result<NotifyConfig> ParseNotifyConfig(const std::string& yaml_text, const EnvLookup& env);

/// The channels `config` describes, by channel name. `attachments` loads the files of mails that carry some (agents'
/// replies); without it such mails fail.
std::map<std::string, std::unique_ptr<Channel>> BuildChannels(const NotifyConfig& config,
                                                              const AttachmentLoader& attachments = {});

}  // namespace sladesk::notify
