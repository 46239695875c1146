#include "notify/detail/robot_reply.hpp"

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"

namespace sladesk::notify::detail {

DeliveryResult RobotReply(const HttpResponse& response, std::string_view code_field, const std::string& what) {
    if (response.status < 200 || response.status >= 300) return FromHttpStatus(response, what);
    const auto reply = nlohmann::json::parse(response.body, nullptr, false);
    if (reply.is_discarded() || !reply.is_object()) {
        return DeliveryResult::Fail(what + " answered HTTP " + std::to_string(response.status) + " without JSON",
                                    response.status);
    }
    const auto code = reply.find(std::string(code_field));
    if (code == reply.end() || !code->is_number_integer() || code->get<long long>() == 0) {
        return DeliveryResult::Ok(response.status);
    }
    std::string message;
    for (const char* field : {"errmsg", "msg", "StatusMessage"}) {
        if (auto it = reply.find(field); it != reply.end() && it->is_string()) {
            message = it->get<std::string>();
            break;
        }
    }
    return DeliveryResult::Fail(what + " refused the message: " + std::string(code_field) + " " +
                                    std::to_string(code->get<long long>()) + " " + std::string(TruncateUtf8(message, 200)),
                                response.status);
}

}  // namespace sladesk::notify::detail
