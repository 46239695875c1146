// The email channel's records: inbound messages by Message-ID (idempotency and the per-sender rate limit), the
// message ids that thread mail to tickets, and bounces recorded on users.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/utc_time.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// What became of one inbound message.
struct InboundRecord {
    std::string message_id;  // without angle brackets
    std::string sender;      // lower-case address
    UtcTime received_at{};
    std::string outcome;  // created | appended | bounce | ignored
    std::optional<TicketId> ticket_id;
    std::optional<ArticleId> article_id;
    std::optional<std::string> reason;
};

struct BounceRecord {
    UserId user_id;
    std::string address;
    std::string status;
    std::string message_id;
    UtcTime created_at{};
};

enum class MailDirection { kIn, kOut };

/// Stateless; every function runs on the connection (and transaction) it is given.
class MailRepo {
 public:
    /// The record of `message_id`, or nullopt if it was never accepted.
    static Result<std::optional<InboundRecord>> FindInbound(SqlConnection& db, const std::string& message_id);
    /// kConflict if the message id is recorded already.
    static Status RecordInbound(SqlConnection& db, const InboundRecord& record);
    /// How many messages from `sender` were accepted after `since` (a window of length now - since).
    static Result<std::int64_t> CountInboundSince(SqlConnection& db, const std::string& sender, UtcTime since);

    /// Records that `message_id` belongs to `ticket`; does nothing if the id is known already.
    static Status AddThreadId(SqlConnection& db, const std::string& message_id, TicketId ticket,
                              MailDirection direction, UtcTime at);
    /// The ticket of the first of `message_ids` that is recorded, in the order given; nullopt if none is.
    static Result<std::optional<TicketId>> FindThread(SqlConnection& db, std::span<const std::string> message_ids);
    /// Every message id recorded for `ticket`, oldest first (the References of a reply).
    static Result<std::vector<std::string>> ThreadIds(SqlConnection& db, TicketId ticket);

    /// The active user whose e-mail address is `address` (compared case-insensitively), lowest id first.
    static Result<std::optional<UserId>> FindUserByEmail(SqlConnection& db, const std::string& address);
    static Status RecordBounce(SqlConnection& db, const BounceRecord& bounce);
    /// The user's bounces, oldest first.
    static Result<std::vector<BounceRecord>> BouncesOf(SqlConnection& db, UserId user);
};

}  // namespace sladesk::store
