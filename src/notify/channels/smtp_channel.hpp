// E-mail over SMTP (libcurl): smtp:// or smtps:// (implicit TLS), optional STARTTLS and AUTH, a
// multipart/alternative message with the text and HTML parts, a UTF-8 subject and a Message-ID derived from the
// outbox message's stable id.
#pragma once

#include <chrono>
#include <string>

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

/// The mail for `message` (recipient = the address). Pure.
MailContent MailFor(const SmtpConfig& config, const store::OutboxMessage& message);

/// Thread-safe (a curl handle per call). An SMTP 5xx reply is permanent; connection failures and 4xx are retried.
class SmtpChannel final : public Channel {
 public:
    explicit SmtpChannel(SmtpConfig config) : config_(std::move(config)) {}
    DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) override;

 private:
    const SmtpConfig config_;
};

}  // namespace sladesk::notify
