#include "http/respond.hpp"

#include <charconv>
#include <condition_variable>
#include <mutex>

#include "service/passwords.hpp"

namespace sladesk::http {
Response JsonResponse(int status, const nlohmann::json& body) {
    return Response{status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json", {}};
}

Response AsyncHandler::operator()(const ApiContext& api, const Request& request) const {
    struct Waiter {
        std::mutex mu;
        std::condition_variable cv;
        std::optional<Response> response;
    };
    auto waiter = std::make_shared<Waiter>();
    start(api, std::make_shared<const Request>(request), [waiter](std::function<Response()> make) {
        Response response = make();
        std::lock_guard lock(waiter->mu);
        waiter->response = std::move(response);
        waiter->cv.notify_one();
    });
    std::unique_lock lock(waiter->mu);
    waiter->cv.wait(lock, [&] { return waiter->response.has_value(); });
    return std::move(*waiter->response);
}

Result<std::optional<service::IdempotencyKey>> IdempotencyOf(const Request& request) {
    auto key = request.Header("idempotency-key");
    if (!key) return std::optional<service::IdempotencyKey>{};
    if (key->empty() || key->size() > 200) return Error::InvalidArgument("Idempotency-Key must be 1 to 200 bytes");
    const std::string digest = service::Sha256Hex(request.method + " " + request.path + "\n" + request.body);
    return std::optional<service::IdempotencyKey>{service::IdempotencyKey{*key, digest}};
}

Result<std::optional<std::int64_t>> QueryInt(const Request& request, const std::string& name, std::int64_t low,
                                             std::int64_t high) {
    auto text = request.Query(name);
    if (!text) return std::optional<std::int64_t>{};
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size() || value < low || value > high) {
        return Error::InvalidArgument("query parameter '" + name + "' must be an integer between " +
                                      std::to_string(low) + " and " + std::to_string(high));
    }
    return std::optional<std::int64_t>{value};
}

}  // namespace sladesk::http
