// Problem notices, their linked tickets and their timelines. SQL written once for both backends.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/notice.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// A recent ticket a burst rule may count: what the rule needs to know of it.
struct WindowTicket {
    TicketId id;
    TicketKind kind = TicketKind::kIncident;
    std::optional<ServiceId> service_id;
    std::string category_path;
    std::optional<std::string> customer_grade;
};

/// A list request; empty filters match everything. Newest first, keyset paging by id.
struct NoticeQuery {
    std::vector<NoticeState> states;
    std::optional<int> grade;
    std::optional<std::int64_t> before_id;
    int limit = 50;
};

/// Stateless; every function runs on the connection (and transaction) it is given. Times are UTC epoch seconds.
///
/// Exactly one notice per burst: the notices table has a unique partial index on rule_name over the active states
/// (open, acknowledged, mitigated), and InsertForRule inserts with ON CONFLICT DO NOTHING on it, so a second active
/// notice of a rule can never be stored. The index alone would let two concurrent transactions each miss the
/// other's uncommitted tickets and both stay under the threshold; LockRule closes that gap (see there).
class NoticeRepo {
 public:
    /// Serialises, until the caller's transaction ends, every transaction that counts or opens notices for burst
    /// rule `rule`. PostgreSQL: pg_advisory_xact_lock on a key derived from the name. A transaction that takes it
    /// after another one committed reads, READ COMMITTED, a new snapshot per statement, so its window query sees
    /// the other's tickets and notice. SQLite: nothing to do, the single writer transaction already serialises.
    static Status LockRule(SqlConnection& db, const std::string& rule);
    /// The active notice of `rule`, if any.
    static Result<std::optional<Notice>> FindActiveForRule(SqlConnection& db, const std::string& rule);
    /// Inserts `notice` (whose rule is set) unless the rule already has an active notice; returns the new id, or
    /// nullopt when the rule's active notice exists (the caller links to that one instead).
    static Result<std::optional<NoticeId>> InsertForRule(SqlConnection& db, const Notice& notice);
    /// Inserts a notice opened by hand; returns its id.
    static Result<NoticeId> Insert(SqlConnection& db, const Notice& notice);
    /// kNotFound naming the notice.
    static Result<Notice> Get(SqlConnection& db, NoticeId id);
    static Result<std::vector<Notice>> List(SqlConnection& db, const NoticeQuery& query);
    /// Writes every changeable field (not ticket_count) if the stored version is still `notice.version`; returns
    /// the new version. kPreconditionFailed if another change came first.
    static Result<std::int64_t> Update(SqlConnection& db, const Notice& notice);

    /// Links `ticket`; returns false if it was linked already. Adds one to the notice's ticket_count when new.
    static Result<bool> LinkTicket(SqlConnection& db, NoticeId notice, TicketId ticket, UtcTime at);
    /// The linked tickets, by id.
    static Result<std::vector<TicketId>> LinkedTickets(SqlConnection& db, NoticeId notice);
    /// The notices `ticket` is linked to, active first, then most severe, then newest.
    static Result<std::vector<Notice>> ForTicket(SqlConnection& db, TicketId ticket);

    /// Tickets created at or after `from` in the category subtree `category` that are not linked to a notice of
    /// burst rule `rule`, by id.
    static Result<std::vector<WindowTicket>> WindowTickets(SqlConnection& db, const std::string& rule,
                                                           const std::string& category, UtcTime from);

    static Status AddEvent(SqlConnection& db, const NoticeEvent& event);
    /// The timeline, oldest first.
    static Result<std::vector<NoticeEvent>> Events(SqlConnection& db, NoticeId notice);
};

/// The advisory-lock key of a burst rule: FNV-1a of the name folded to 31 bits. Pure.
std::int32_t RuleLockKey(const std::string& rule);

}  // namespace sladesk::store
