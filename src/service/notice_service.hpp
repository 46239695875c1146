// Problem notice use cases: reading, opening by hand, the lifecycle (open -> acknowledged -> mitigated -> resolved
// -> reviewed), grade changes with a reason, the public statement (draft -> approved -> published). Each call is one
// transaction; every step is written to the notice's timeline.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/notice.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "service/policy.hpp"
#include "service/ticket_inputs.hpp"
#include "store/job_repo.hpp"
#include "store/notice_repo.hpp"
#include "store/store.hpp"

namespace sladesk::service {

/// A notice with its linked tickets and its timeline.
struct NoticeView {
    Notice notice;
    std::vector<TicketId> tickets;
    std::vector<NoticeEvent> events;
};

/// A notice opened by hand (the seeds: problems that touch login, ordering or funds are reported whatever the count).
struct NewNotice {
    std::string title;
    int grade = 0;
    std::optional<CategoryId> category_id;
    std::optional<ServiceId> service_id;
    std::vector<TicketId> tickets;  // linked at once
};

/// The post-incident review that closes a resolved notice.
struct NoticeReview {
    std::string cause;
    std::string timeline;
    std::string actions;
};

/// Thread-safe; references must outlive it. Staff may read notices; customers may not (kPermissionDenied) and see
/// only a published statement, on their tickets. Changes need a supervisor, service level manager or admin;
/// acknowledging, approving the statement and the review need the grade's accountable owner role or higher.
/// A notice that does not exist is kNotFound.
class NoticeService {
 public:
    NoticeService(store::Store& store, const Clock& clock, PolicyCache& policy)
        : store_(store), clock_(clock), policy_(policy) {}

    Result<std::vector<Notice>> List(const Actor& actor, const store::NoticeQuery& query);
    Result<NoticeView> Get(const Actor& actor, NoticeId id);
    /// kInvalidArgument for a blank title, a grade not in notice_grades or a ticket that does not exist.
    Result<Notice> Open(const Actor& actor, const NewNotice& input);
    /// One lifecycle step (rules::CheckNoticeTransition: kConflict otherwise). Resolving needs `resolution`
    /// (kInvalidArgument when blank) and resolves every linked ticket still open with it as a public reply.
    Result<Notice> Transition(const Actor& actor, NoticeId id, NoticeState to, const std::string& resolution);
    /// Sets the grade by hand; `reason` is required and recorded. kConflict once the notice is resolved.
    Result<Notice> SetGrade(const Actor& actor, NoticeId id, int grade, const std::string& reason);
    /// Replaces the statement text; it is a draft again until approved and published.
    Result<Notice> DraftStatement(const Actor& actor, NoticeId id, const std::string& text);
    /// kConflict unless a draft exists.
    Result<Notice> ApproveStatement(const Actor& actor, NoticeId id);
    /// kConflict unless the statement is approved. Customers see it on their linked tickets from now on.
    Result<Notice> PublishStatement(const Actor& actor, NoticeId id);
    /// Links a ticket by hand. kInvalidArgument if it does not exist; kConflict if the notice is no longer active.
    Result<Notice> LinkTicket(const Actor& actor, NoticeId id, TicketId ticket);
    /// Records the review and closes the notice (resolved -> reviewed). kInvalidArgument if a part is blank.
    Result<Notice> Review(const Actor& actor, NoticeId id, const NoticeReview& review);

    /// The handler of "notice_acknowledge" jobs (job_key "notice:<id>"): if the notice is still open when its
    /// grade's acknowledge deadline (opened_at + acknowledge_within) has passed, records "escalated" on the timeline
    /// once, naming the grade's escalate_to role; if the deadline is still ahead (the job ran early), plans another
    /// check at the deadline. Acknowledged, later or deleted notices are nothing to do. Idempotent.
    Status FireAcknowledgeJob(const store::DueJob& job);

    /// What a ticket's reader sees of its notices: the first of store::NoticeRepo::ForTicket; for a customer
    /// (`customer_view`) only its published statement, and nothing until one is published. Reads on the caller's
    /// connection.
    static Result<std::optional<TicketNotice>> ForTicket(store::SqlConnection& db, TicketId ticket, bool customer_view);

 private:
    /// Runs `change` on the stored notice in a write, saves it (version-checked) and returns it as saved.
    template <typename Change>
    Result<Notice> Change(const Actor& actor, NoticeId id, Change&& change);

    store::Store& store_;
    const Clock& clock_;
    PolicyCache& policy_;
};

}  // namespace sladesk::service
