#include "http/json/mail_json.hpp"

namespace sladesk::http::json {
namespace {

template <typename IdType>
nlohmann::json IdOrNull(const std::optional<IdType>& id) {
    return id ? nlohmann::json(id->value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const mail::IntakeResult& result) {
    nlohmann::json bounced = nlohmann::json::array();
    for (UserId user : result.bounced_users) bounced.push_back(user.value);
    return {{"outcome", result.outcome},
            {"message_id", result.message_id},
            {"ticket_id", IdOrNull(result.ticket_id)},
            {"article_id", IdOrNull(result.article_id)},
            {"reason", result.reason},
            {"bounced_users", bounced},
            {"duplicate", result.duplicate}};
}

}  // namespace sladesk::http::json
