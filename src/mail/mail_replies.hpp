// Outbound mail for agents' public replies on email tickets: an outbox row for the SMTP channel with the ticket tag
// in the subject, threading headers over every message id of the ticket, the queue's From address and the reply's
// attachments; the new Message-ID is recorded so the customer's answer threads back.
#pragma once

#include <string>

#include "service/reply_observer.hpp"

namespace sladesk::mail {

/// The event name of reply mails in the outbox; the SMTP channel reads their threading from `data`.
inline constexpr const char* kTicketReplyEvent = "ticket_reply";

/// Immutable; thread-safe. Does no network I/O.
class MailReplies final : public service::ReplyObserver {
 public:
    /// `desk_from`: the e-mail channel's From ("服务台 <desk@example.com>"), used when the ticket's group has no
    /// address of its own, and whose domain names the Message-IDs.
    explicit MailReplies(std::string desk_from) : desk_from_(std::move(desk_from)) {}

    /// Enqueues the reply mail when `ticket` came in by e-mail and its customer has an address; otherwise does
    /// nothing. Keyed by the article, so it is enqueued once.
    Status OnStaffReply(store::SqlConnection& db, const Ticket& ticket, const Article& article,
                        UtcTime now) const override;

 private:
    const std::string desk_from_;
};

}  // namespace sladesk::mail
