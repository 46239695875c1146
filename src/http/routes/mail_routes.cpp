// /api/v1/mail/inbound: raw mail from `sladesk mailgate` (or any MTA hook) into the mail intake.
#include <spdlog/spdlog.h>

#include "http/api_context.hpp"
#include "http/json/mail_json.hpp"
#include "http/respond.hpp"

namespace sladesk::http {
namespace {

Response Inbound(const ApiContext& api, const Request& request) {
    if (api.mail == nullptr) return ErrorResponse(Error::NotFound("mail intake is not configured on this server"));
    if (const Status allowed = api.mail->token.Check(request.Header("authorization")); !allowed) {
        return ErrorResponse(allowed.error());
    }
    if (request.body.empty()) return ErrorResponse(Error::InvalidArgument("the body must be one RFC 5322 message"));
    auto result = api.mail->intake.Accept(request.body);
    if (!result) {
        // Only the kind: the reason may name an attachment, and addresses and bodies never go to the log.
        spdlog::info(R"({{"event":"mail_rejected","code":"{}"}})", ErrorCodeName(result.error().code()));
        return ErrorResponse(result.error());
    }
    spdlog::info(R"({{"event":"mail_accepted","outcome":"{}","ticket":{},"duplicate":{}}})", result->outcome,
                 result->ticket_id ? result->ticket_id->value : 0, result->duplicate);
    return JsonResponse(200, json::ToJson(*result));
}

}  // namespace

void AddMailRoutes(std::vector<Route>& routes) {
    // Not authenticated by the server's user tokens: the handler checks the mailgate token itself.
    routes.push_back({"POST", "/api/v1/mail/inbound", false, Inbound});
}

}  // namespace sladesk::http
