// Burst detection at ticket intake: inside the transaction that creates a ticket, counts it toward every burst rule
// it matches, opens a graded notice when a rule's window reaches its threshold (linking every ticket of the window),
// links it to a rule's active notice, and raises the notice's grade as the count grows.
#pragma once

#include "core/notice.hpp"
#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"
#include "service/policy.hpp"
#include "store/sql.hpp"

namespace sladesk::service {

/// The due-job kind that checks a notice's acknowledgement deadline; its job_key is "notice:<id>".
inline constexpr const char* kNoticeAcknowledgeJob = "notice_acknowledge";

/// Stateless; every function runs on the connection and transaction it is given.
class NoticeKeeper {
 public:
    /// Call right after inserting `ticket` (of `customer`). Does nothing (no reads) when the policy has no burst
    /// rules or the ticket has no category. Otherwise reads the ticket's category path and, per matching rule,
    /// the rule's active notice; only a rule without one takes the rule's lock (store::NoticeRepo::LockRule) and
    /// reads its window. Errors: the store's.
    static Status OnTicketCreated(store::SqlConnection& db, const Policy& policy, const Ticket& ticket,
                                  const User& customer, UtcTime now);

    /// Links `ticket` to `notice` (nothing if linked already), records it in the timeline and raises the grade
    /// the rule's table gives for the new count (`rule` null: a notice opened by hand keeps its grade).
    static Status Link(store::SqlConnection& db, const rules::BurstRule* rule, NoticeId notice, TicketId ticket,
                       std::optional<UserId> actor, UtcTime now);

    /// Schedules the acknowledgement check of `notice` at opened_at + its grade's acknowledge_within (nothing when
    /// the grade is not in the policy). Called when a notice opens and when its grade changes (a more severe
    /// grade's deadline may be earlier; the check itself reads the grade it finds, so extra checks are harmless).
    static Status ScheduleAcknowledgeCheck(store::SqlConnection& db, const Policy& policy, const Notice& notice,
                                           UtcTime now);

    /// Appends one timeline entry.
    static Status Record(store::SqlConnection& db, NoticeId notice, std::optional<UserId> actor, UtcTime at,
                         const std::string& kind, const std::string& detail);
};

}  // namespace sladesk::service
