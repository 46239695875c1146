#include "notify/channels/smtp_channel.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <memory>

#include "notify/http_client.hpp"

namespace sladesk::notify {
namespace {

struct Upload {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t left = upload->data->size() - upload->offset;
    const std::size_t bytes = std::min(left, size * count);
    std::memcpy(buffer, upload->data->data() + upload->offset, bytes);
    upload->offset += bytes;
    return bytes;
}

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

Result<MailContent> MailFor(const SmtpConfig& config, const store::OutboxMessage& message) {
    MailContent mail;
    mail.from = config.from;
    mail.to = {message.recipient};
    mail.subject = message.subject;
    mail.text = message.body_text;
    mail.html = message.body_html;
    mail.language = message.language;
    mail.date = message.created_at;
    const auto data = nlohmann::json::parse(message.data, nullptr, false);
    if (data.is_discarded()) return Error::InvalidArgument("outbox data is not JSON");
    if (data.is_object() && data.contains("mail")) {
        try {
            const auto& extra = data.at("mail");
            mail.from = extra.value("from", config.from);
            mail.in_reply_to = extra.value("in_reply_to", std::string());
            mail.references = extra.value("references", std::vector<std::string>{});
            mail.auto_submitted = extra.value("auto_submitted", true);
            for (const auto& file : extra.value("attachments", nlohmann::json::array())) {
                // The bytes come later (Deliver): `data` carries the hash in their place.
                mail.attachments.push_back({file.at("filename").get<std::string>(),
                                            file.at("content_type").get<std::string>(),
                                            file.at("sha256").get<std::string>()});
            }
        } catch (const nlohmann::json::exception& e) {
            return Error::InvalidArgument(std::string("outbox data: malformed mail object: ") + e.what());
        }
    }
    mail.message_id = MessageIdFor(message.message_uid, mail.from);
    return mail;
}

DeliveryResult SmtpChannel::Deliver(const store::OutboxMessage& message, UtcTime /*now*/) {
    auto mail = MailFor(config_, message);
    if (!mail) return DeliveryResult::Fail(mail.error().message(), std::nullopt, true);
    for (MailFile& file : mail->attachments) {
        if (!attachments_) return DeliveryResult::Fail("attachments cannot be loaded here", std::nullopt, true);
        auto bytes = attachments_(file.data);
        if (!bytes) return DeliveryResult::Fail("attachment: " + bytes.error().message(), std::nullopt, true);
        file.data = std::move(*bytes);
    }
    const std::string payload = BuildMimeMessage(*mail);
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return DeliveryResult::Fail("curl_easy_init failed");
    CURL* handle = curl.get();
    const std::string from = "<" + AddressOf(config_.from) + ">";
    const std::string to = "<" + message.recipient + ">";
    std::unique_ptr<curl_slist, SlistDeleter> recipients(curl_slist_append(nullptr, to.c_str()));
    Upload upload{&payload};
    curl_easy_setopt(handle, CURLOPT_URL, config_.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(payload.size()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    if (config_.starttls != StartTls::kOff) {
        curl_easy_setopt(handle, CURLOPT_USE_SSL,
                         config_.starttls == StartTls::kRequire ? static_cast<long>(CURLUSESSL_ALL)
                                                                : static_cast<long>(CURLUSESSL_TRY));
    }
    if (!config_.verify_tls) {
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!config_.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, config_.ca_file.c_str());
    if (!config_.user.empty()) {
        curl_easy_setopt(handle, CURLOPT_USERNAME, config_.user.c_str());
        curl_easy_setopt(handle, CURLOPT_PASSWORD, config_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(handle);
    long reply = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply);
    const std::optional<int> reply_code = reply > 0 ? std::optional<int>(static_cast<int>(reply)) : std::nullopt;
    if (code == CURLE_OK) return DeliveryResult::Ok(reply_code);
    // A 5xx reply (unknown recipient, refused sender) will not change on a retry; 4xx and lost connections may.
    const bool permanent = reply >= 500 && reply < 600 && code != CURLE_LOGIN_DENIED;
    return DeliveryResult::Fail("SMTP " + RedactUrl(config_.url) + ": " + curl_easy_strerror(code) +
                                    (reply_code ? " (reply " + std::to_string(reply) + ")" : std::string()),
                                reply_code, permanent);
}

}  // namespace sladesk::notify
