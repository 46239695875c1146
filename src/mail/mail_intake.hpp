// The inbound use case: one raw message from the mailgate (or IMAP) becomes a new email ticket or a public
// article on the ticket it answers, exactly once per Message-ID.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mime_parser.hpp"
#include "service/ticket_service.hpp"
#include "store/store.hpp"

namespace sladesk::mail {

enum class UnknownSenders { kCreateCustomer, kReject };

/// Deployment options of the intake; filled from `sladesk serve` flags in cli/.
struct IntakeOptions {
    UnknownSenders unknown_senders = UnknownSenders::kCreateCustomer;  // default: a customer account is created
    int rate_limit = 30;                      // messages accepted per sender per window; default 30
    std::chrono::seconds rate_window{3600};   // default 1 h
    MailLimits limits;                        // sizes; see MailLimits
    std::vector<std::string> own_addresses;   // the desk's own addresses (lower-case): mail from them is a loop
    std::size_t max_body_bytes = 200 * 1024;  // longer text is cut and kept whole as message.txt; TicketLimits'
};

/// What Accept() did. `outcome`: created (a new ticket), appended (an article on an existing ticket), confirmed
/// (the customer closed their resolved ticket with a one-line confirmation, see IsConfirmation), bounce (a
/// delivery failure recorded on the users in `bounced_users`), ignored (machine-sent or our own mail: stored
/// nowhere but in the inbound log, never answered).
struct IntakeResult {
    std::string outcome;
    std::string message_id;
    std::optional<TicketId> ticket_id;
    std::optional<ArticleId> article_id;
    std::string reason;  // why ignored, or the bounce status
    std::vector<UserId> bounced_users;
    bool duplicate = false;  // the message was accepted before; nothing new was stored
};

/// Thread-safe; the references must outlive it. Does no network I/O; writes through `store` and `tickets`.
class MailIntake {
 public:
    MailIntake(store::Store& store, service::TicketService& tickets, const Clock& clock, IntakeOptions options);

    /// Stores `raw` (one RFC 5322 message). Threading: the subject's [#id] tag, then In-Reply-To and References
    /// against the ids of mail received and sent for tickets; never the subject alone. A reply the sender may not
    /// see, or on a closed ticket, opens a new ticket. A customer's one-line confirmation (IsConfirmation) on their
    /// resolved ticket closes it. Returns the same result (duplicate = true) for a message
    /// id accepted before. Errors: kInvalidArgument / kTooLarge for a message that cannot be stored (the reason
    /// names the part), kPermissionDenied for an unknown sender under kReject, kRateLimited when the sender is over
    /// the limit (retrying later helps), kUnavailable when the store is.
    Result<IntakeResult> Accept(std::string_view raw);

 private:
    Result<Actor> SenderActor(const ParsedMail& mail);
    Result<IntakeResult> RecordBounce(const ParsedMail& mail);
    Result<IntakeResult> RecordIgnored(const ParsedMail& mail, const std::string& reason);
    /// The ticket the mail answers (closed ones included), if the sender may see it.
    Result<std::optional<Ticket>> FindThread(const ParsedMail& mail, const Actor& actor);
    Result<IntakeResult> Store(const ParsedMail& mail, const Actor& actor);

    store::Store& store_;
    service::TicketService& tickets_;
    const Clock& clock_;
    const IntakeOptions options_;
};

}  // namespace sladesk::mail
