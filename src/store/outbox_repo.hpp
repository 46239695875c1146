// The notification outbox: messages written in the transaction of the change that causes them (an SLA warning, a
// breach), claimed and delivered later by the dispatcher (src/notify), with every delivery attempt logged.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/utc_time.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

enum class OutboxState { kPending, kSending, kSent, kDead };
inline constexpr EnumNames<OutboxState, 4> kOutboxStateNames{{{
    {OutboxState::kPending, "pending"},
    {OutboxState::kSending, "sending"},
    {OutboxState::kSent, "sent"},
    {OutboxState::kDead, "dead"},
}}};

/// One message to one recipient on one channel. Subject and bodies are rendered when the message is enqueued, so
/// every delivery of a message (a retry, a duplicate after a crash) carries the same content.
struct OutboxMessage {
    std::int64_t id = 0;
    std::string dedup_key;    // the caller's idempotency key, unique: enqueueing it again adds nothing
    std::string message_uid;  // stable id for receivers (Message-ID, Idempotency-Key), unique
    std::string event;        // e.g. "sla_warning"
    std::string channel;      // a configured channel name, e.g. "email", "webhook:ops"
    std::string recipient;    // e-mail address, phone number, or the channel's own target
    std::optional<UserId> user_id;
    std::optional<TicketId> ticket_id;
    std::string language = "zh-CN";
    std::string subject;
    std::string body_text;
    std::string body_html;     // may be empty (channels without HTML)
    std::string data = "{}";   // the template variables as a JSON object (webhook payloads)
    bool urgent = false;
    OutboxState state = OutboxState::kPending;
    int attempts = 0;                // delivery attempts started (a claim counts one)
    UtcTime next_attempt_at{};       // pending: earliest send time; sending: end of the claim's lease
    std::optional<std::string> claimed_by;
    std::optional<std::string> last_error;
    UtcTime created_at{};
    std::optional<UtcTime> sent_at;
};

enum class AttemptOutcome { kSent, kRetry, kDead };
inline constexpr EnumNames<AttemptOutcome, 3> kAttemptOutcomeNames{{{
    {AttemptOutcome::kSent, "sent"},
    {AttemptOutcome::kRetry, "retry"},
    {AttemptOutcome::kDead, "dead"},
}}};

/// One logged delivery attempt. `error` is the channel's error text, which never contains secrets (channels strip
/// URLs' query strings and never echo credentials).
struct OutboxAttempt {
    std::int64_t id = 0;
    std::int64_t message_id = 0;
    int attempt = 0;
    std::string node;
    UtcTime started_at{};
    std::chrono::milliseconds duration{0};
    AttemptOutcome outcome = AttemptOutcome::kSent;
    std::optional<int> response_code;  // HTTP status or SMTP reply code, when there was one
    std::optional<std::string> error;
};

/// How a delivery went, as the dispatcher reports it to Finish().
struct DeliveryReport {
    std::int64_t message_id = 0;
    int attempt = 0;             // the message's attempts after the claim
    bool delivered = false;
    bool permanent = false;      // a failure that no retry can fix (bad address, unknown channel): dead at once
    std::optional<int> response_code;
    std::string error;           // empty when delivered
    UtcTime started_at{};
    std::chrono::milliseconds duration{0};
};

/// Retries: the wait after the n-th failed attempt is base * 2^(n-1), at most `cap`; after `max_attempts` failed
/// attempts the message is dead.
struct RetryPolicy {
    std::chrono::seconds base{30};
    std::chrono::seconds cap{3600};
    int max_attempts = 8;
};

/// The wait before the next attempt after `failed_attempts` failures (>= 1). Pure.
std::chrono::seconds OutboxBackoff(int failed_attempts, const RetryPolicy& policy);

struct OutboxCount {
    std::string channel;
    OutboxState state = OutboxState::kPending;
    std::int64_t count = 0;
};

/// A page of messages for admins, by id; empty filters match everything.
struct OutboxListQuery {
    std::optional<OutboxState> state;
    std::optional<std::string> channel;
    std::optional<TicketId> ticket_id;
    std::int64_t after_id = 0;  // paging cursor: the last id of the previous page
    int limit = 100;
};

/// What Finish() did with one batch.
struct FinishCounts {
    int sent = 0;
    int retried = 0;
    int dead = 0;
    int lease_lost = 0;  // the claim had passed to another node; the attempt is logged, the state left to that claim
};

/// Stateless; every function runs on the connection (and transaction) it is given. Times are UTC epoch seconds.
///
/// A message is claimable at `now` when it is pending or sending and next_attempt_at <= now (for sending: the lease
/// of a node that died mid-delivery has ended). Claim sets sending, claimed_by and the lease, and counts the attempt;
/// on PostgreSQL it locks its rows with FOR UPDATE SKIP LOCKED, so dispatchers on several nodes never claim the same
/// message at once; on SQLite the single writer serialises claims.
class OutboxRepo {
 public:
    /// Inserts `message` as pending (next_attempt_at as given, created_at as given) unless its dedup_key exists;
    /// returns the new id, or nullopt when the key was already there (nothing changed). Run it in the caller's
    /// write transaction. kConflict if only the message_uid collides.
    static Result<std::optional<std::int64_t>> Enqueue(SqlConnection& db, const OutboxMessage& message);

    /// Claims up to `limit` messages claimable at `now` (oldest due first) for `node_id` until now + `lease`; returns them by
    /// id. Run it in a write transaction.
    static Result<std::vector<OutboxMessage>> Claim(SqlConnection& db, const std::string& node_id, UtcTime now,
                                                    std::chrono::seconds lease, int limit);
    /// Records the outcomes of delivered or failed messages claimed by `node_id`, one attempt row each: delivered ->
    /// sent at `now`; failed -> pending again after OutboxBackoff, or dead once `policy.max_attempts` attempts failed
    /// (or at once for a permanent failure). Run it in a write transaction.
    static Result<FinishCounts> Finish(SqlConnection& db, const std::string& node_id,
                                       std::span<const DeliveryReport> reports, const RetryPolicy& policy,
                                       UtcTime now);
    /// Gives back claimed messages that were not attempted (shutdown): pending again, the attempt not counted.
    static Status Release(SqlConnection& db, const std::string& node_id, std::span<const std::int64_t> ids);
    /// Puts a dead message back to pending, due at `now`, attempts reset (admin action). kNotFound if `id` is not
    /// a dead message.
    static Status Requeue(SqlConnection& db, std::int64_t id, UtcTime now);

    /// When the next message becomes claimable: the earliest next_attempt_at of pending and sending messages (a
    /// sending message's is its lease end); nullopt if there are none. Reads an index prefix only.
    static Result<std::optional<UtcTime>> NextAttemptAt(SqlConnection& db);
    static Result<OutboxMessage> Get(SqlConnection& db, std::int64_t id);
    /// The messages matching `query`, by id (admin list).
    static Result<std::vector<OutboxMessage>> List(SqlConnection& db, const OutboxListQuery& query);
    /// Every attempt of message `id`, oldest first.
    static Result<std::vector<OutboxAttempt>> Attempts(SqlConnection& db, std::int64_t message_id);
    /// Message counts per channel and state (admin and metrics; scans the table).
    static Result<std::vector<OutboxCount>> Counts(SqlConnection& db);
};

}  // namespace sladesk::store
