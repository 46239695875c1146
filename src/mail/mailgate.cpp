#include "mail/mailgate.hpp"

#include <nlohmann/json.hpp>

namespace sladesk::mail {
namespace {

constexpr std::string_view kInboundPath = "/api/v1/mail/inbound";

/// "code: message" from the server's JSON error body, or the status alone.
std::string Reason(const notify::HttpResponse& response) {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
        const auto& error = body["error"];
        return "HTTP " + std::to_string(response.status) + " " + error.value("code", std::string()) + ": " +
               error.value("message", std::string());
    }
    return "HTTP " + std::to_string(response.status);
}

}  // namespace

std::string InboundUrl(std::string_view url) {
    std::string base(url);
    if (base.ends_with(kInboundPath)) return base;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + std::string(kInboundPath);
}

MailgateOutcome MailgateOutcomeFor(const Result<notify::HttpResponse>& answer) {
    if (!answer) return {kExitTempFail, "server unreachable, the MTA will retry: " + answer.error().message()};
    const int status = answer->status;
    if (status >= 200 && status < 300) {
        const auto body = nlohmann::json::parse(answer->body, nullptr, false);
        std::string outcome = body.is_object() ? body.value("outcome", std::string("stored")) : "stored";
        if (body.is_object() && body.value("duplicate", false)) outcome += " (duplicate)";
        return {kExitDelivered, outcome};
    }
    const std::string reason = Reason(*answer);
    if (status >= 500 || status == 408 || status == 409 || status == 429 || status == 404 || status == 401) {
        return {kExitTempFail, "not stored, the MTA will retry: " + reason};
    }
    if (status == 403) return {kExitNoPermission, "refused: " + reason};
    return {kExitDataError, "rejected: " + reason};
}

}  // namespace sladesk::mail
