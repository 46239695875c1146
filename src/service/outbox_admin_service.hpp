// What admins see of notification delivery: the configured channels with their message counts per state, the
// outbox messages, each message's delivery attempts, and putting a dead message back in the queue.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "notify/notify_config.hpp"
#include "store/outbox_repo.hpp"
#include "store/store.hpp"

namespace sladesk::service {

/// One configured channel as admins see it: never its URL, key or secret.
struct ChannelSummary {
    std::string name;                  // the outbox's channel name: "email", "sms", "webhook:ops", "wecom:l2" ...
    std::string kind;                  // email, sms, webhook, wecom, dingtalk, feishu
    std::vector<std::string> events;   // the route's events; empty: every event
    std::vector<std::string> groups;   // the route's groups; empty: every group
    std::map<std::string, std::int64_t> messages;  // state name -> count (states with none left out)
};

/// Thread-safe; references must outlive it. Every method is for admins only (kPermissionDenied otherwise).
class OutboxAdminService {
 public:
    OutboxAdminService(store::Store& store, const Clock& clock, const notify::NotifyConfig& config)
        : store_(store), clock_(clock), config_(config) {}

    /// The configured channels, plus any channel that only old messages name (kind "unconfigured"). Reads the store.
    Result<std::vector<ChannelSummary>> Channels(const Actor& actor);
    /// A page of messages (OutboxRepo::List). kInvalidArgument for a limit outside 1..200.
    Result<std::vector<store::OutboxMessage>> Messages(const Actor& actor, const store::OutboxListQuery& query);
    /// Every delivery attempt of message `id`, oldest first. kNotFound for an unknown message.
    Result<std::vector<store::OutboxAttempt>> Attempts(const Actor& actor, std::int64_t id);
    /// Puts dead message `id` back to pending, due now, attempts reset. kNotFound unless it is a dead message.
    Status Requeue(const Actor& actor, std::int64_t id);

 private:
    store::Store& store_;
    const Clock& clock_;
    const notify::NotifyConfig& config_;
};

}  // namespace sladesk::service
