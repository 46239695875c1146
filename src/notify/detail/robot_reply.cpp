#include "notify/detail/robot_reply.hpp"

#include <nlohmann/json.hpp>

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
                                    std::to_string(code->get<long long>()) + " " + TruncateUtf8(message, 200),
                                response.status);
}

std::string TruncateUtf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = max_bytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the cut sequence.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    return std::string(text.substr(0, end));
}

}  // namespace sladesk::notify::detail
