// JSON mapping for per-person notification preferences: {"events": [...], "channels": [...], "calendar": name|null}.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "rules/notification_preferences.hpp"

namespace sladesk::http::json {

nlohmann::json ToJson(const rules::NotificationPreferences& preferences);
/// The body of PUT .../notification-preferences; every field optional (absent: empty list, no calendar).
/// kInvalidArgument naming the field for a wrong type, too many or too long values, or an unknown key.
Result<rules::NotificationPreferences> ParsePreferences(const std::string& body);

}  // namespace sladesk::http::json
