// A delivery channel: turns one outbox message into a request to the outside (mail, webhook, robot, SMS).
#pragma once

#include <optional>
#include <string>

#include "core/utc_time.hpp"
#include "store/outbox_repo.hpp"

namespace sladesk::notify {

/// How one delivery attempt ended.
struct DeliveryResult {
    bool delivered = false;
    bool permanent = false;            // retrying cannot help (bad recipient, 4xx refusal): dead at once
    std::optional<int> response_code;  // HTTP status or SMTP reply code
    std::string error;                 // empty when delivered; never holds secrets, tokens or full URLs

    static DeliveryResult Ok(std::optional<int> code) { return {true, false, code, {}}; }
    static DeliveryResult Fail(std::string error, std::optional<int> code = std::nullopt, bool permanent = false) {
        return {false, permanent, code, std::move(error)};
    }
};

/// Implementations are thread-safe: the dispatcher calls Deliver from several worker threads at once. Deliver does
/// network I/O and blocks for at most the channel's timeout. `now` stamps signatures (UTC).
class Channel {
 public:
    virtual ~Channel() = default;
    virtual DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) = 0;
};

}  // namespace sladesk::notify
