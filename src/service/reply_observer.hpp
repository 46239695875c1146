// A hook the ticket service calls inside the transaction of a public staff reply: the email channel uses it to
// put the reply into the outbox, so the mail goes out if and only if the reply is stored.
#pragma once

#include "core/article.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"
#include "store/sql.hpp"

namespace sladesk::service {

/// Implementations are thread-safe and do no network I/O (they only write rows on `db`).
class ReplyObserver {
 public:
    virtual ~ReplyObserver() = default;
    /// Called once per public staff article on `ticket`, after the article (with attachment ids) is inserted, in
    /// the same transaction. An error rolls the reply back.
    virtual Status OnStaffReply(store::SqlConnection& db, const Ticket& ticket, const Article& article,
                                UtcTime now) const = 0;
};

}  // namespace sladesk::service
