#include "http/json/outbox_json.hpp"

#include "core/utc_time.hpp"

namespace sladesk::http::json {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const service::ChannelSummary& channel) {
    return {{"name", channel.name},
            {"kind", channel.kind},
            {"events", channel.events},
            {"groups", channel.groups},
            {"messages", channel.messages}};
}

nlohmann::json ToJson(const store::OutboxMessage& message) {
    return {{"id", message.id},
            {"message_id", message.message_uid},
            {"event", message.event},
            {"channel", message.channel},
            {"recipient", message.recipient},
            {"user", message.user_id ? nlohmann::json(message.user_id->value) : nlohmann::json(nullptr)},
            {"ticket", message.ticket_id ? nlohmann::json(message.ticket_id->value) : nlohmann::json(nullptr)},
            {"language", message.language},
            {"subject", message.subject},
            {"urgent", message.urgent},
            {"state", store::kOutboxStateNames.Name(message.state)},
            {"attempts", message.attempts},
            {"next_attempt_at", FormatIso8601(message.next_attempt_at)},
            {"last_error", OrNull(message.last_error)},
            {"created_at", FormatIso8601(message.created_at)},
            {"sent_at", message.sent_at ? nlohmann::json(FormatIso8601(*message.sent_at)) : nlohmann::json(nullptr)}};
}

nlohmann::json ToJson(const store::OutboxAttempt& attempt) {
    return {{"attempt", attempt.attempt},
            {"node", attempt.node},
            {"started_at", FormatIso8601(attempt.started_at)},
            {"duration_ms", attempt.duration.count()},
            {"outcome", store::kAttemptOutcomeNames.Name(attempt.outcome)},
            {"response_code", OrNull(attempt.response_code)},
            {"error", OrNull(attempt.error)}};
}

}  // namespace sladesk::http::json
