#include "notify/http_client.hpp"

#include <curl/curl.h>

#include <memory>

namespace sladesk::notify {
namespace {

constexpr std::size_t kMaxResponseBytes = 64 * 1024;

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

/// This thread's handle: curl keeps its connection cache in the handle, so reusing it keeps connections alive.
CURL* ThreadHandle() {
    thread_local std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
    if (handle) curl_easy_reset(handle.get());
    return handle.get();
}

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    const std::size_t bytes = size * count;
    if (body->size() < kMaxResponseBytes) body->append(data, std::min(bytes, kMaxResponseBytes - body->size()));
    return bytes;
}

}  // namespace

std::string RedactUrl(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return "(url)";
    auto end = url.find_first_of("/?#", scheme + 3);
    std::string origin = url.substr(0, end);
    // Drop user:password@ if someone put credentials in the URL.
    if (const auto at = origin.find('@', scheme + 3); at != std::string::npos) {
        origin = origin.substr(0, scheme + 3) + origin.substr(at + 1);
    }
    return origin;
}

Result<HttpResponse> HttpPost(const HttpRequest& request) {
    CURL* curl = ThreadHandle();
    if (curl == nullptr) return Error::Internal("curl_easy_init failed");
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    for (const std::string& header : request.headers) {
        curl_slist* appended = curl_slist_append(headers.get(), header.c_str());
        if (appended == nullptr) return Error::Internal("curl_slist_append failed");
        headers.release();
        headers.reset(appended);
    }
    HttpResponse response;
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    if (code != CURLE_OK) {
        // Only curl's fixed text for the code: its detailed messages may quote the URL.
        return Error::Unavailable("POST " + RedactUrl(request.url) + ": " + curl_easy_strerror(code));
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

DeliveryResult FromHttpStatus(const HttpResponse& response, const std::string& what) {
    const int status = response.status;
    if (status >= 200 && status < 300) return DeliveryResult::Ok(status);
    const bool retry = status == 408 || status == 429 || status >= 500 || status < 200;
    return DeliveryResult::Fail(what + " answered HTTP " + std::to_string(status), status, !retry);
}

}  // namespace sladesk::notify

namespace sladesk::notify {

Status InitHttp() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return Error::Internal("curl_global_init failed");
    return OkStatus();
}

}  // namespace sladesk::notify
