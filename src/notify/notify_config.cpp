#include "notify/notify_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

namespace sladesk::notify {
namespace {

class Parser {
 public:
    explicit Parser(const EnvLookup& env) : env_(env) {}

    Status Fail(const YAML::Node& node, const std::string& what) {
        return Error::InvalidArgument("notify config line " + std::to_string(node.Mark().line + 1) + ": " + what);
    }

    /// The node's scalar with ${VAR} expanded.
    Result<std::string> String(const YAML::Node& node, const std::string& key) {
        if (!node.IsScalar()) return Fail(node, key + " must be a string").error();
        const std::string raw = node.Scalar();
        std::string out;
        std::size_t at = 0;
        while (at < raw.size()) {
            const auto open = raw.find("${", at);
            if (open == std::string::npos) {
                out.append(raw, at);
                break;
            }
            out.append(raw, at, open - at);
            const auto close = raw.find('}', open);
            if (close == std::string::npos) return Fail(node, key + ": unclosed ${").error();
            const std::string name = raw.substr(open + 2, close - open - 2);
            auto value = env_(name);
            if (!value) return Fail(node, key + ": environment variable " + name + " is not set").error();
            out += *value;
            at = close + 1;
        }
        return out;
    }

    Result<std::vector<std::string>> List(const YAML::Node& node, const std::string& key) {
        if (!node.IsSequence()) return Fail(node, key + " must be a list").error();
        std::vector<std::string> out;
        for (const auto& item : node) {
            SLADESK_ASSIGN_OR_RETURN(std::string value, String(item, key));
            out.push_back(std::move(value));
        }
        return out;
    }

    Result<bool> Bool(const YAML::Node& node, const std::string& key) {
        try {
            return node.as<bool>();
        } catch (const YAML::Exception&) {
            return Fail(node, key + " must be true or false").error();
        }
    }

    Result<std::chrono::milliseconds> Seconds(const YAML::Node& node, const std::string& key) {
        try {
            const double seconds = node.as<double>();
            if (seconds <= 0 || seconds > 600) return Fail(node, key + " must be 0..600 seconds").error();
            return std::chrono::milliseconds{static_cast<long long>(seconds * 1000)};
        } catch (const YAML::Exception&) {
            return Fail(node, key + " must be a number of seconds").error();
        }
    }

    /// Checks that `node` is a map with only `allowed` keys.
    Status Keys(const YAML::Node& node, const std::string& what, std::set<std::string> allowed) {
        if (!node.IsMap()) return Fail(node, what + " must be a map");
        for (const auto& entry : node) {
            const std::string key = entry.first.as<std::string>();
            if (!allowed.contains(key)) return Fail(entry.first, "unknown key '" + key + "' in " + what);
        }
        return OkStatus();
    }

    Status RouteOf(const YAML::Node& node, Route& route) {
        if (node["events"]) {
            SLADESK_ASSIGN_OR_RETURN(route.events, List(node["events"], "events"));
        }
        if (node["groups"]) {
            SLADESK_ASSIGN_OR_RETURN(route.groups, List(node["groups"], "groups"));
        }
        if (node["language"]) {
            SLADESK_ASSIGN_OR_RETURN(route.language, String(node["language"], "language"));
        }
        return OkStatus();
    }

    Status Email(const YAML::Node& node, NotifyConfig& config) {
        SLADESK_TRY(Keys(node, "email", {"url", "from", "user", "password", "starttls", "verify_tls", "ca_file",
                                         "timeout", "events"}));
        SmtpConfig smtp;
        if (!node["url"]) return Fail(node, "email.url is required (smtp://host:port or smtps://host:port)");
        SLADESK_ASSIGN_OR_RETURN(smtp.url, String(node["url"], "email.url"));
        if (!smtp.url.starts_with("smtp://") && !smtp.url.starts_with("smtps://")) {
            return Fail(node["url"], "email.url must start with smtp:// or smtps://");
        }
        if (node["from"]) {
            SLADESK_ASSIGN_OR_RETURN(smtp.from, String(node["from"], "email.from"));
        }
        if (node["user"]) {
            SLADESK_ASSIGN_OR_RETURN(smtp.user, String(node["user"], "email.user"));
        }
        if (node["password"]) {
            SLADESK_ASSIGN_OR_RETURN(smtp.password, String(node["password"], "email.password"));
        }
        if (node["starttls"]) {
            SLADESK_ASSIGN_OR_RETURN(std::string mode, String(node["starttls"], "email.starttls"));
            if (mode == "off" || mode == "false") {
                smtp.starttls = StartTls::kOff;
            } else if (mode == "try") {
                smtp.starttls = StartTls::kTry;
            } else if (mode == "require" || mode == "true") {
                smtp.starttls = StartTls::kRequire;
            } else {
                return Fail(node["starttls"], "email.starttls must be off, try or require");
            }
        }
        if (node["verify_tls"]) {
            SLADESK_ASSIGN_OR_RETURN(smtp.verify_tls, Bool(node["verify_tls"], "email.verify_tls"));
        }
        if (node["ca_file"]) {
            SLADESK_ASSIGN_OR_RETURN(smtp.ca_file, String(node["ca_file"], "email.ca_file"));
        }
        if (node["timeout"]) {
            SLADESK_ASSIGN_OR_RETURN(smtp.timeout, Seconds(node["timeout"], "email.timeout"));
        }
        SLADESK_TRY(RouteOf(node, config.email_route));
        config.email = std::move(smtp);
        return OkStatus();
    }

    Status Sms(const YAML::Node& node, NotifyConfig& config) {
        SLADESK_TRY(Keys(node, "sms", {"url", "body", "headers", "timeout", "events"}));
        SmsConfig sms;
        if (!node["url"]) return Fail(node, "sms.url is required");
        SLADESK_ASSIGN_OR_RETURN(sms.url_template, String(node["url"], "sms.url"));
        if (node["body"]) {
            SLADESK_ASSIGN_OR_RETURN(sms.body_template, String(node["body"], "sms.body"));
        }
        if (node["headers"]) {
            SLADESK_ASSIGN_OR_RETURN(sms.headers, List(node["headers"], "sms.headers"));
        }
        if (node["timeout"]) {
            SLADESK_ASSIGN_OR_RETURN(sms.timeout, Seconds(node["timeout"], "sms.timeout"));
        }
        config.sms_route.events = {"sla_breach"};
        SLADESK_TRY(RouteOf(node, config.sms_route));
        config.sms = std::move(sms);
        return OkStatus();
    }

    Status Robot(const YAML::Node& node, NotifyConfig& config) {
        SLADESK_TRY(Keys(node, "a webhook", {"name", "kind", "url", "secret", "events", "groups", "language",
                                             "timeout", "mention_mobiles", "at_mobiles", "at_all"}));
        RobotChannel robot;
        if (!node["name"] || !node["url"]) return Fail(node, "a webhook needs a name and a url");
        SLADESK_ASSIGN_OR_RETURN(robot.name, String(node["name"], "name"));
        std::string kind = "webhook";
        if (node["kind"]) {
            SLADESK_ASSIGN_OR_RETURN(kind, String(node["kind"], "kind"));
        }
        std::string url;
        std::string secret;
        SLADESK_ASSIGN_OR_RETURN(url, String(node["url"], "url"));
        if (!url.starts_with("http://") && !url.starts_with("https://")) {
            return Fail(node["url"], "webhook url must start with http:// or https://");
        }
        if (node["secret"]) {
            SLADESK_ASSIGN_OR_RETURN(secret, String(node["secret"], "secret"));
        }
        std::chrono::milliseconds timeout{10000};
        if (node["timeout"]) {
            SLADESK_ASSIGN_OR_RETURN(timeout, Seconds(node["timeout"], "timeout"));
        }
        SLADESK_TRY(RouteOf(node, robot.route));
        if (kind == "webhook") {
            robot.kind = RobotKind::kWebhook;
            robot.webhook = {url, secret, timeout};
        } else if (kind == "wecom") {
            robot.kind = RobotKind::kWeCom;
            robot.wecom.url = url;
            robot.wecom.timeout = timeout;
            if (node["mention_mobiles"]) {
                SLADESK_ASSIGN_OR_RETURN(robot.wecom.mention_mobiles, List(node["mention_mobiles"], "mention_mobiles"));
            }
        } else if (kind == "dingtalk") {
            robot.kind = RobotKind::kDingTalk;
            robot.dingtalk.url = url;
            robot.dingtalk.secret = secret;
            robot.dingtalk.timeout = timeout;
            if (node["at_mobiles"]) {
                SLADESK_ASSIGN_OR_RETURN(robot.dingtalk.at_mobiles, List(node["at_mobiles"], "at_mobiles"));
            }
            if (node["at_all"]) {
                SLADESK_ASSIGN_OR_RETURN(robot.dingtalk.at_all, Bool(node["at_all"], "at_all"));
            }
        } else if (kind == "feishu" || kind == "lark") {
            robot.kind = RobotKind::kFeishu;
            robot.feishu = {url, secret, timeout};
        } else {
            return Fail(node["kind"], "kind must be webhook, wecom, dingtalk or feishu");
        }
        for (const RobotChannel& other : config.robots) {
            if (other.ChannelName() == robot.ChannelName()) return Fail(node, "duplicate webhook " + robot.ChannelName());
        }
        config.robots.push_back(std::move(robot));
        return OkStatus();
    }

 private:
    const EnvLookup& env_;
};

}  // namespace

bool Route::Matches(const std::string& event, const std::optional<std::string>& group) const {
    if (!events.empty() && std::find(events.begin(), events.end(), event) == events.end()) return false;
    if (groups.empty()) return true;
    return group && std::find(groups.begin(), groups.end(), *group) != groups.end();
}

std::string RobotChannel::ChannelName() const {
    switch (kind) {
        case RobotKind::kWebhook: return "webhook:" + name;
        case RobotKind::kWeCom: return "wecom:" + name;
        case RobotKind::kDingTalk: return "dingtalk:" + name;
        case RobotKind::kFeishu: return "feishu:" + name;
    }
    return name;
}

Result<NotifyConfig> ParseNotifyConfig(const std::string& yaml_text, const EnvLookup& env) {
    NotifyConfig config;
    Parser parser(env);
    try {
        const YAML::Node root = YAML::Load(yaml_text);
        if (!root || root.IsNull()) return config;
        SLADESK_TRY(parser.Keys(root, "the notify config", {"email", "sms", "webhooks", "timezone", "public_url"}));
        if (root["timezone"]) {
            SLADESK_ASSIGN_OR_RETURN(config.timezone, parser.String(root["timezone"], "timezone"));
        }
        if (root["public_url"]) {
            SLADESK_ASSIGN_OR_RETURN(config.public_url, parser.String(root["public_url"], "public_url"));
            while (config.public_url.ends_with('/')) config.public_url.pop_back();
        }
        if (root["email"]) SLADESK_TRY(parser.Email(root["email"], config));
        if (root["sms"]) SLADESK_TRY(parser.Sms(root["sms"], config));
        if (const YAML::Node hooks = root["webhooks"]) {
            if (!hooks.IsSequence()) return parser.Fail(hooks, "webhooks must be a list").error();
            for (const auto& hook : hooks) SLADESK_TRY(parser.Robot(hook, config));
        }
        return config;
    } catch (const YAML::Exception& e) {
        return Error::InvalidArgument(std::string("notify config: ") + e.what());
    }
}

std::map<std::string, std::unique_ptr<Channel>> BuildChannels(const NotifyConfig& config,
                                                              const AttachmentLoader& attachments) {
    std::map<std::string, std::unique_ptr<Channel>> channels;
    if (config.email) channels[kEmailChannel] = std::make_unique<SmtpChannel>(*config.email, attachments);
    if (config.sms) channels[kSmsChannel] = std::make_unique<SmsChannel>(*config.sms);
    for (const RobotChannel& robot : config.robots) {
        std::unique_ptr<Channel> channel;
        switch (robot.kind) {
            case RobotKind::kWebhook: channel = std::make_unique<WebhookChannel>(robot.webhook); break;
            case RobotKind::kWeCom: channel = std::make_unique<WeComChannel>(robot.wecom); break;
            case RobotKind::kDingTalk: channel = std::make_unique<DingTalkChannel>(robot.dingtalk); break;
            case RobotKind::kFeishu: channel = std::make_unique<FeishuChannel>(robot.feishu); break;
        }
        channels[robot.ChannelName()] = std::move(channel);
    }
    return channels;
}

}  // namespace sladesk::notify
