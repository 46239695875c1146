// Small helpers shared by route handlers: JSON responses, path ids, idempotency keys.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/json_writer.hpp"
#include "http/error_body.hpp"
#include "http/http_types.hpp"
#include "service/ticket_inputs.hpp"

namespace sladesk::http {

struct ApiContext;

/// Answers an asynchronous request, once, from any thread (the store's writer included): `make` builds the response
/// and runs on a handler thread, never on the caller's, then the response is sent.
using Responder = std::function<void(std::function<Response()> make)>;

/// A route handler that may answer after it returns (e.g. once a group commit is durable), so no handler thread
/// waits for the disk. It is stored in a Route's Handler: the server recognises it and calls `start`; calling it
/// as a plain Handler runs `start` and waits for the answer.
struct AsyncHandler {
    std::function<void(const ApiContext&, std::shared_ptr<const Request>, Responder)> start;

    Response operator()(const ApiContext& api, const Request& request) const;
};

/// A JSON body with `status`. Strings that are not valid UTF-8 are replaced, never thrown on.
Response JsonResponse(int status, const nlohmann::json& body);

/// The positive integer path parameter `name` as an id; kNotFound if it does not fit (the route template
/// already guarantees digits).
template <typename IdType>
Result<IdType> PathId(const Request& request, const std::string& name) {
    auto found = request.path_params.find(name);
    if (found == request.path_params.end() || found->second.size() > 18) return Error::NotFound("no such resource");
    return IdType{std::stoll(found->second)};
}

/// The request's Idempotency-Key (with a digest of method, path and body), nullopt if none was sent;
/// kInvalidArgument if the key is empty or longer than 200 bytes.
Result<std::optional<service::IdempotencyKey>> IdempotencyOf(const Request& request);

/// Parses a non-negative integer query parameter; kInvalidArgument naming it when malformed or out of range.
Result<std::optional<std::int64_t>> QueryInt(const Request& request, const std::string& name, std::int64_t low,
                                             std::int64_t high);

}  // namespace sladesk::http
