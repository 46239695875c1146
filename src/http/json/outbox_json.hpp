// JSON mapping for the admin view of notification delivery: channels, outbox messages (without their bodies) and
// delivery attempts.
#pragma once

#include <nlohmann/json.hpp>

#include "service/outbox_admin_service.hpp"
#include "store/outbox_repo.hpp"

namespace sladesk::http::json {

nlohmann::json ToJson(const service::ChannelSummary& channel);
nlohmann::json ToJson(const store::OutboxMessage& message);
nlohmann::json ToJson(const store::OutboxAttempt& attempt);

}  // namespace sladesk::http::json
