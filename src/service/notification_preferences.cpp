#include "service/notification_preferences.hpp"

#include <nlohmann/json.hpp>

#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {
namespace {

// Kept in the settings table (one small row per person who changed anything), not a table of its own: the
// preferences are read by key only and never queried across people.
std::string SettingKey(UserId user) { return "notification_preferences/" + std::to_string(user.value); }

std::string Encode(const rules::NotificationPreferences& preferences) {
    nlohmann::json json{{"events", preferences.events}, {"channels", preferences.channels}, {"calendar", nullptr}};
    if (preferences.calendar) json["calendar"] = *preferences.calendar;
    return json.dump();
}

Status Authorise(const Actor& actor, UserId user) {
    if (actor.id == user || actor.role == Role::kAdmin) return OkStatus();
    return Error::PermissionDenied("only the user themselves or an admin may see or change their notification "
                                   "preferences");
}

}  // namespace

Result<rules::NotificationPreferences> LoadPreferences(store::SqlConnection& db, UserId user) {
    SLADESK_ASSIGN_OR_RETURN(std::optional<std::string> text, store::AuthRepo::GetSetting(db, SettingKey(user)));
    rules::NotificationPreferences preferences;
    if (!text) return preferences;
    try {
        const auto json = nlohmann::json::parse(*text);
        preferences.events = json.at("events").get<std::vector<std::string>>();
        preferences.channels = json.at("channels").get<std::vector<std::string>>();
        if (!json.at("calendar").is_null()) preferences.calendar = json.at("calendar").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        return Error::Internal("stored notification preferences of user " + std::to_string(user.value) +
                               " are damaged: " + e.what());
    }
    return preferences;
}

Result<rules::NotificationPreferences> PreferenceService::Get(const Actor& actor, UserId user) {
    SLADESK_TRY(Authorise(actor, user));
    rules::NotificationPreferences stored;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(store::DirectoryRepo::GetUser(db, user));
        SLADESK_ASSIGN_OR_RETURN(stored, LoadPreferences(db, user));
        return OkStatus();
    }));
    return stored;
}

Result<rules::NotificationPreferences> PreferenceService::Put(const Actor& actor, UserId user,
                                                              const rules::NotificationPreferences& preferences) {
    SLADESK_TRY(Authorise(actor, user));
    SLADESK_TRY(rules::ValidatePreferences(preferences));
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(store::DirectoryRepo::GetUser(db, user));
        if (preferences.calendar) {
            SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
            if (policy->book.FindCalendar(*preferences.calendar) == nullptr) {
                return Error::InvalidArgument("calendar: the policy has no calendar '" + *preferences.calendar + "'");
            }
        }
        return store::AuthRepo::PutSetting(db, SettingKey(user), Encode(preferences));
    }));
    return preferences;
}

}  // namespace sladesk::service
