// E-mail over SMTP (libcurl): smtp:// or smtps:// (implicit TLS), optional STARTTLS and AUTH, a
// multipart/alternative message with the text and HTML parts, a UTF-8 subject and a Message-ID derived from the
// outbox message's stable id.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/result.hpp"

#include "notify/channel.hpp"
#include "notify/mime.hpp"

namespace sladesk::notify {

enum class StartTls { kOff, kTry, kRequire };

struct SmtpConfig {
    std::string url = "smtp://127.0.0.1:25";  // smtp://host:port or smtps://host:port
    std::string from = "sladesk <sladesk@localhost>";
    std::string user;                          // AUTH user; empty: no AUTH
    std::string password;                      // never logged
    StartTls starttls = StartTls::kOff;        // smtp:// only: upgrade with STARTTLS (try, or require it)
    bool verify_tls = true;                    // check the server's certificate and host name
    std::string ca_file;                       // extra CA bundle (PEM); empty: the system's
    std::chrono::milliseconds timeout{30000};
};

/// The bytes of a stored attachment by its SHA-256 (the service's BlobStore, injected by cli/); kNotFound if gone.
using AttachmentLoader = std::function<Result<std::string>(const std::string& sha256)>;

/// The mail for `message` (recipient = the address). Pure. When the message's `data` has a "mail" object (an
/// agent's reply, see mail::MailReplies) it sets From ("from"), In-Reply-To ("in_reply_to"), References
/// ("references"), the attachments' metadata ("attachments": filename, content_type, sha256; their bytes are
/// filled in by the channel) and whether the mail is Auto-Submitted ("auto_submitted", default true). The
/// Message-ID's domain is the From's. kInvalidArgument if `data` is not JSON or the "mail" object is malformed.
Result<MailContent> MailFor(const SmtpConfig& config, const store::OutboxMessage& message);

/// Thread-safe (a curl handle per call). An SMTP 5xx reply is permanent; connection failures and 4xx are retried.
/// A missing attachment (or malformed data) is permanent too: no retry brings it back.
class SmtpChannel final : public Channel {
 public:
    explicit SmtpChannel(SmtpConfig config, AttachmentLoader attachments = {})
        : config_(std::move(config)), attachments_(std::move(attachments)) {}
    DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) override;

 private:
    const SmtpConfig config_;
    const AttachmentLoader attachments_;  // empty: mails with attachments fail permanently
};

}  // namespace sladesk::notify
