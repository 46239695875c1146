#include "http/json/preference_json.hpp"

#include "http/json/object_reader.hpp"

namespace sladesk::http::json {

nlohmann::json ToJson(const rules::NotificationPreferences& preferences) {
    return {{"events", preferences.events},
            {"channels", preferences.channels},
            {"calendar", preferences.calendar ? nlohmann::json(*preferences.calendar) : nlohmann::json(nullptr)}};
}

Result<rules::NotificationPreferences> ParsePreferences(const std::string& body) {
    SLADESK_ASSIGN_OR_RETURN(nlohmann::json object, ParseObject(body));
    if (auto calendar = object.find("calendar"); calendar != object.end() && calendar->is_null()) {
        object.erase(calendar);  // null: any time, the same as leaving it out
    }
    ObjectReader reader(object);
    rules::NotificationPreferences preferences;
    preferences.events = reader.OptStringList("events", 16, 64).value_or(std::vector<std::string>{});
    preferences.channels = reader.OptStringList("channels", 16, 64).value_or(std::vector<std::string>{});
    preferences.calendar = reader.OptString("calendar", 200);
    SLADESK_TRY(reader.Finish());
    return preferences;
}

}  // namespace sladesk::http::json
