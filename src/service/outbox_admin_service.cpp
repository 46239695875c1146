#include "service/outbox_admin_service.hpp"

#include <algorithm>

namespace sladesk::service {
namespace {

Status RequireAdmin(const Actor& actor) {
    if (actor.role == Role::kAdmin) return OkStatus();
    return Error::PermissionDenied("notification delivery is visible to admins only");
}

ChannelSummary Summary(std::string name, std::string kind, const notify::Route& route) {
    return {std::move(name), std::move(kind), route.events, route.groups, {}};
}

std::string KindOf(notify::RobotKind kind) {
    switch (kind) {
        case notify::RobotKind::kWebhook: return "webhook";
        case notify::RobotKind::kWeCom: return "wecom";
        case notify::RobotKind::kDingTalk: return "dingtalk";
        case notify::RobotKind::kFeishu: return "feishu";
    }
    return "webhook";
}

}  // namespace

Result<std::vector<ChannelSummary>> OutboxAdminService::Channels(const Actor& actor) {
    SLADESK_TRY(RequireAdmin(actor));
    std::vector<ChannelSummary> channels;
    if (config_.email) channels.push_back(Summary(notify::kEmailChannel, "email", config_.email_route));
    if (config_.sms) channels.push_back(Summary(notify::kSmsChannel, "sms", config_.sms_route));
    for (const notify::RobotChannel& robot : config_.robots) {
        channels.push_back(Summary(robot.ChannelName(), KindOf(robot.kind), robot.route));
    }
    std::vector<store::OutboxCount> counts;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(counts, store::OutboxRepo::Counts(db));
        return OkStatus();
    }));
    for (const store::OutboxCount& count : counts) {
        auto found = std::find_if(channels.begin(), channels.end(),
                                  [&](const ChannelSummary& each) { return each.name == count.channel; });
        if (found == channels.end()) {  // a channel removed from the config since its messages were written
            channels.push_back({count.channel, "unconfigured", {}, {}, {}});
            found = channels.end() - 1;
        }
        found->messages[std::string(store::kOutboxStateNames.Name(count.state))] += count.count;
    }
    return channels;
}

Result<std::vector<store::OutboxMessage>> OutboxAdminService::Messages(const Actor& actor,
                                                                       const store::OutboxListQuery& query) {
    SLADESK_TRY(RequireAdmin(actor));
    if (query.limit < 1 || query.limit > 200) return Error::InvalidArgument("limit must be 1..200");
    std::vector<store::OutboxMessage> messages;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(messages, store::OutboxRepo::List(db, query));
        return OkStatus();
    }));
    return messages;
}

Result<std::vector<store::OutboxAttempt>> OutboxAdminService::Attempts(const Actor& actor, std::int64_t id) {
    SLADESK_TRY(RequireAdmin(actor));
    std::vector<store::OutboxAttempt> attempts;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(store::OutboxRepo::Get(db, id));  // kNotFound for an unknown message
        SLADESK_ASSIGN_OR_RETURN(attempts, store::OutboxRepo::Attempts(db, id));
        return OkStatus();
    }));
    return attempts;
}

Status OutboxAdminService::Requeue(const Actor& actor, std::int64_t id) {
    SLADESK_TRY(RequireAdmin(actor));
    const UtcTime now = clock_.Now();
    return store_.Write([&](store::SqlConnection& db) { return store::OutboxRepo::Requeue(db, id, now); });
}

}  // namespace sladesk::service
