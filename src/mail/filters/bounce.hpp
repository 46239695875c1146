// Filter: is this mail a bounce (a delivery status notification), and which of our recipients failed? Pure.
#pragma once

#include <optional>
#include <string_view>

#include "mail/mail_headers.hpp"
#include "mail/parsed_mail.hpp"

namespace sladesk::mail {

/// A bounce when the top-level type is multipart/report with report-type=delivery-status (RFC 3464), or when the
/// sender is a mailer daemon / postmaster. `delivery_status` is the text of the message/delivery-status part
/// (empty if there was none): its Final-Recipient / Original-Recipient fields give the failed addresses, and its
/// first Status field the status. nullopt when it is not a bounce, or when the report says every recipient was
/// delivered, relayed or expanded (a success notice is not a bounce).
std::optional<Bounce> DetectBounce(const MailHeaders& headers, std::string_view from_address,
                                   std::string_view delivery_status);

}  // namespace sladesk::mail
