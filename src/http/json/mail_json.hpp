// JSON for the mail intake's answers.
#pragma once

#include <nlohmann/json.hpp>

#include "mail/mail_intake.hpp"

namespace sladesk::http::json {

/// {"outcome","message_id","ticket_id","article_id","reason","bounced_users","duplicate"}; ids null when absent.
nlohmann::json ToJson(const mail::IntakeResult& result);

}  // namespace sladesk::http::json
