#include "service/notice_service.hpp"

#include "rules/notice_lifecycle.hpp"
#include "rules/ticket_lifecycle.hpp"
#include "service/clock_keeper.hpp"
#include "service/detail/history.hpp"
#include "service/notice_keeper.hpp"
#include "store/article_repo.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::service {
namespace {

constexpr std::size_t kMaxTitleBytes = 500;
constexpr std::size_t kMaxTextBytes = 64 * 1024;

Status CheckText(const char* field, const std::string& value, std::size_t max_bytes) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Error::InvalidArgument(std::string(field) + " must not be empty");
    }
    if (value.size() > max_bytes) {
        return Error::InvalidArgument(std::string(field) + " is longer than " + std::to_string(max_bytes) + " bytes");
    }
    return OkStatus();
}

Status RequireStaff(const Actor& actor) {
    if (actor.IsStaff()) return OkStatus();
    return Error::PermissionDenied("customers see notices only as the published statement on their tickets");
}

/// The accountable owner role of `grade` (the policy's notice_grades); service level manager if unknown.
Role OwnerOf(const Policy& policy, int grade) {
    const rules::NoticeGrade* entry = rules::FindNoticeGrade(policy.notice_grades, grade);
    return entry != nullptr ? entry->owner_role : Role::kServiceLevelManager;
}

Status CheckGrade(const Policy& policy, int grade) {
    if (rules::FindNoticeGrade(policy.notice_grades, grade) != nullptr) return OkStatus();
    return Error::InvalidArgument("grade " + std::to_string(grade) + " is not one of the policy's notice grades");
}

std::string StateText(NoticeState state) { return std::string(kNoticeStateNames.Name(state)); }

/// Resolves every linked ticket still open with the notice's resolution as a public reply (customers still
/// confirm, as for any resolution). Returns how many.
Result<int> ResolveLinkedTickets(store::SqlConnection& db, const PolicyInForce& policy, const Notice& notice,
                                 UserId actor, UtcTime now) {
    SLADESK_ASSIGN_OR_RETURN(auto ids, store::NoticeRepo::LinkedTickets(db, notice.id));
    int resolved = 0;
    for (const TicketId id : ids) {
        SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, id));
        if (!rules::IsOpen(ticket.status)) continue;
        Article article{ArticleId{}, id, actor, false, Channel::kWeb, notice.resolution, now, {}};
        SLADESK_ASSIGN_OR_RETURN(ArticleId article_id, store::ArticleRepo::Insert(db, article));
        SLADESK_TRY(store::TicketRepo::IndexText(db, id, false, notice.resolution));
        SLADESK_TRY(detail::RecordChange(db, id, actor, now, "reply", std::nullopt, std::to_string(article_id.value)));
        SLADESK_TRY(detail::RecordChange(db, id, actor, now, "status",
                                         std::string(kTicketStatusNames.Name(ticket.status)), "resolved"));
        SLADESK_TRY(detail::RecordChange(db, id, actor, now, "notice_resolved", std::nullopt,
                                         std::to_string(notice.id.value)));
        ticket.status = TicketStatus::kResolved;
        ticket.resolved_at = now;
        ticket.updated_at = now;
        SLADESK_ASSIGN_OR_RETURN(ticket.version, store::TicketRepo::Update(db, ticket));
        SLADESK_TRY(ClockKeeper::Refresh(db, policy, ticket, now));
        ++resolved;
    }
    return resolved;
}

}  // namespace

template <typename ChangeFn>
Result<Notice> NoticeService::Change(const Actor& actor, NoticeId id, ChangeFn&& change) {
    SLADESK_TRY(RequireStaff(actor));
    const UtcTime now = clock_.Now();
    Notice result;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(Notice notice, store::NoticeRepo::Get(db, id));
        SLADESK_TRY(change(db, *policy, notice, now));
        notice.updated_at = now;
        SLADESK_ASSIGN_OR_RETURN(notice.version, store::NoticeRepo::Update(db, notice));
        result = std::move(notice);
        return OkStatus();
    }));
    return result;
}

Result<std::vector<Notice>> NoticeService::List(const Actor& actor, const store::NoticeQuery& query) {
    SLADESK_TRY(RequireStaff(actor));
    std::vector<Notice> notices;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(notices, store::NoticeRepo::List(db, query));
        return OkStatus();
    }));
    return notices;
}

Result<NoticeView> NoticeService::Get(const Actor& actor, NoticeId id) {
    SLADESK_TRY(RequireStaff(actor));
    NoticeView view;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(view.notice, store::NoticeRepo::Get(db, id));
        SLADESK_ASSIGN_OR_RETURN(view.tickets, store::NoticeRepo::LinkedTickets(db, id));
        SLADESK_ASSIGN_OR_RETURN(view.events, store::NoticeRepo::Events(db, id));
        return OkStatus();
    }));
    return view;
}

Result<Notice> NoticeService::Open(const Actor& actor, const NewNotice& input) {
    SLADESK_TRY(RequireStaff(actor));
    SLADESK_TRY(rules::RequireNoticeManager(actor.role, "open notices"));
    SLADESK_TRY(CheckText("title", input.title, kMaxTitleBytes));
    const UtcTime now = clock_.Now();
    Notice result;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_TRY(CheckGrade(policy->policy, input.grade));
        Notice notice;
        notice.title = input.title;
        notice.grade = input.grade;
        notice.grade_manual = true;
        notice.category_id = input.category_id;
        notice.service_id = input.service_id;
        notice.opened_by = actor.id;
        notice.opened_at = now;
        notice.updated_at = now;
        SLADESK_ASSIGN_OR_RETURN(notice.id, store::NoticeRepo::Insert(db, notice));
        SLADESK_TRY(NoticeKeeper::Record(db, notice.id, actor.id, now, "opened",
                                         "by hand; grade " + std::to_string(notice.grade)));
        SLADESK_TRY(NoticeKeeper::ScheduleAcknowledgeCheck(db, policy->policy, notice, now));
        for (const TicketId ticket : input.tickets) {
            if (!store::TicketRepo::Get(db, ticket)) {
                return Error::InvalidArgument("ticket " + std::to_string(ticket.value) + " does not exist");
            }
            SLADESK_TRY(NoticeKeeper::Link(db, nullptr, notice.id, ticket, actor.id, now));
        }
        SLADESK_ASSIGN_OR_RETURN(result, store::NoticeRepo::Get(db, notice.id));
        return OkStatus();
    }));
    return result;
}

Result<Notice> NoticeService::Transition(const Actor& actor, NoticeId id, NoticeState to,
                                         const std::string& resolution) {
    if (to == NoticeState::kResolved) SLADESK_TRY(CheckText("resolution", resolution, kMaxTextBytes));
    return Change(actor, id, [&](store::SqlConnection& db, const PolicyInForce& policy, Notice& notice, UtcTime now) -> Status {
        if (to == NoticeState::kAcknowledged) {
            SLADESK_TRY(rules::RequireOwnerOrAbove(actor.role, OwnerOf(policy.policy, notice.grade),
                                                   "acknowledge this notice"));
        } else {
            SLADESK_TRY(rules::RequireNoticeManager(actor.role, "move notices on"));
        }
        SLADESK_TRY(rules::CheckNoticeTransition(notice.state, to));
        SLADESK_TRY(NoticeKeeper::Record(db, notice.id, actor.id, now, "state",
                                         StateText(notice.state) + " -> " + StateText(to)));
        notice.state = to;
        if (to == NoticeState::kAcknowledged) notice.acknowledged_at = now;
        if (to != NoticeState::kResolved) return OkStatus();
        notice.resolution = resolution;
        notice.resolved_at = now;
        SLADESK_ASSIGN_OR_RETURN(int resolved, ResolveLinkedTickets(db, policy, notice, actor.id, now));
        return NoticeKeeper::Record(db, notice.id, actor.id, now, "tickets_resolved", std::to_string(resolved));
    });
}

Result<Notice> NoticeService::SetGrade(const Actor& actor, NoticeId id, int grade, const std::string& reason) {
    SLADESK_TRY(CheckText("reason", reason, kMaxTextBytes));
    return Change(actor, id, [&](store::SqlConnection& db, const PolicyInForce& policy, Notice& notice, UtcTime now) -> Status {
        SLADESK_TRY(rules::RequireNoticeManager(actor.role, "change a notice's grade"));
        SLADESK_TRY(CheckGrade(policy.policy, grade));
        if (!IsActive(notice.state)) return Error::Conflict("the grade of a resolved notice is final");
        SLADESK_TRY(NoticeKeeper::Record(db, notice.id, actor.id, now, "grade",
                                         std::to_string(notice.grade) + " -> " + std::to_string(grade) +
                                             " by hand: " + reason));
        notice.grade = grade;
        notice.grade_manual = true;
        return NoticeKeeper::ScheduleAcknowledgeCheck(db, policy.policy, notice, now);
    });
}

Result<Notice> NoticeService::DraftStatement(const Actor& actor, NoticeId id, const std::string& text) {
    SLADESK_TRY(CheckText("statement", text, kMaxTextBytes));
    return Change(actor, id, [&](store::SqlConnection& db, const PolicyInForce&, Notice& notice, UtcTime now) -> Status {
        SLADESK_TRY(rules::RequireNoticeManager(actor.role, "draft a statement"));
        if (notice.state == NoticeState::kReviewed) return Error::Conflict("the notice is closed");
        notice.statement = text;
        notice.statement_state = StatementState::kDraft;
        notice.statement_published_at.reset();
        return NoticeKeeper::Record(db, notice.id, actor.id, now, "statement", "drafted");
    });
}

Result<Notice> NoticeService::ApproveStatement(const Actor& actor, NoticeId id) {
    return Change(actor, id, [&](store::SqlConnection& db, const PolicyInForce& policy, Notice& notice, UtcTime now) -> Status {
        SLADESK_TRY(rules::RequireOwnerOrAbove(actor.role, OwnerOf(policy.policy, notice.grade),
                                               "approve the statement"));
        if (notice.statement_state != StatementState::kDraft) return Error::Conflict("there is no draft to approve");
        notice.statement_state = StatementState::kApproved;
        return NoticeKeeper::Record(db, notice.id, actor.id, now, "statement", "approved");
    });
}

Result<Notice> NoticeService::PublishStatement(const Actor& actor, NoticeId id) {
    return Change(actor, id, [&](store::SqlConnection& db, const PolicyInForce&, Notice& notice, UtcTime now) -> Status {
        SLADESK_TRY(rules::RequireNoticeManager(actor.role, "publish a statement"));
        if (notice.statement_state != StatementState::kApproved) {
            return Error::Conflict("only an approved statement can be published");
        }
        notice.statement_state = StatementState::kPublished;
        notice.statement_published_at = now;
        return NoticeKeeper::Record(db, notice.id, actor.id, now, "statement",
                                    "published to " + std::to_string(notice.ticket_count) + " tickets");
    });
}

Result<Notice> NoticeService::LinkTicket(const Actor& actor, NoticeId id, TicketId ticket) {
    SLADESK_TRY(RequireStaff(actor));
    SLADESK_TRY(rules::RequireNoticeManager(actor.role, "link tickets to notices"));
    const UtcTime now = clock_.Now();
    Notice result;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(Notice notice, store::NoticeRepo::Get(db, id));
        if (!IsActive(notice.state)) return Error::Conflict("notice " + std::to_string(id.value) + " is not active");
        if (!store::TicketRepo::Get(db, ticket)) {
            return Error::InvalidArgument("ticket " + std::to_string(ticket.value) + " does not exist");
        }
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        const rules::BurstRule* rule = nullptr;
        for (const rules::BurstRule& each : policy->policy.burst_rules) {
            if (notice.rule && each.name == *notice.rule) rule = &each;
        }
        SLADESK_TRY(NoticeKeeper::Link(db, rule, id, ticket, actor.id, now));
        SLADESK_ASSIGN_OR_RETURN(result, store::NoticeRepo::Get(db, id));
        return OkStatus();
    }));
    return result;
}

Result<Notice> NoticeService::Review(const Actor& actor, NoticeId id, const NoticeReview& review) {
    SLADESK_TRY(CheckText("cause", review.cause, kMaxTextBytes));
    SLADESK_TRY(CheckText("timeline", review.timeline, kMaxTextBytes));
    SLADESK_TRY(CheckText("actions", review.actions, kMaxTextBytes));
    return Change(actor, id, [&](store::SqlConnection& db, const PolicyInForce& policy, Notice& notice, UtcTime now) -> Status {
        SLADESK_TRY(rules::RequireOwnerOrAbove(actor.role, OwnerOf(policy.policy, notice.grade), "review notices"));
        SLADESK_TRY(rules::CheckReview(notice.state));
        notice.review_cause = review.cause;
        notice.review_timeline = review.timeline;
        notice.review_actions = review.actions;
        notice.state = NoticeState::kReviewed;
        return NoticeKeeper::Record(db, notice.id, actor.id, now, "state", "resolved -> reviewed");
    });
}

Status NoticeService::FireAcknowledgeJob(const store::DueJob& job) {
    constexpr std::string_view kPrefix = "notice:";
    const std::string_view key = job.job_key;
    if (!key.starts_with(kPrefix) || key.size() == kPrefix.size() || key.size() > kPrefix.size() + 18 ||
        key.find_first_not_of("0123456789", kPrefix.size()) != std::string_view::npos) {
        return Error::InvalidArgument("job " + std::to_string(job.id) + ": job_key '" + job.job_key +
                                      "' does not name a notice");
    }
    const NoticeId id{std::stoll(std::string(key.substr(kPrefix.size())))};
    const UtcTime now = clock_.Now();
    return store_.Write([&](store::SqlConnection& db) -> Status {
        auto notice = store::NoticeRepo::Get(db, id);
        if (!notice) return notice.error().Is(ErrorCode::kNotFound) ? OkStatus() : Status(notice.error());
        if (notice->state != NoticeState::kOpen) return OkStatus();
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        const rules::NoticeGrade* grade = rules::FindNoticeGrade(policy->policy.notice_grades, notice->grade);
        if (grade == nullptr) return OkStatus();
        if (now < notice->opened_at + grade->acknowledge_within) {
            return NoticeKeeper::ScheduleAcknowledgeCheck(db, policy->policy, *notice, now);
        }
        SLADESK_ASSIGN_OR_RETURN(auto events, store::NoticeRepo::Events(db, id));
        for (const NoticeEvent& event : events) {
            if (event.kind == "escalated") return OkStatus();
        }
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(grade->acknowledge_within).count();
        const std::string within = minutes % 60 == 0 ? std::to_string(minutes / 60) + " h" : std::to_string(minutes) + " min";
        return NoticeKeeper::Record(db, id, std::nullopt, now, "escalated",
                                    "not acknowledged within " + within + " (" + grade->name + "): escalated to " +
                                        std::string(kRoleNames.Name(grade->escalate_to)));
    });
}

Result<std::optional<TicketNotice>> NoticeService::ForTicket(store::SqlConnection& db, TicketId ticket,
                                                             bool customer_view) {
    SLADESK_ASSIGN_OR_RETURN(auto notices, store::NoticeRepo::ForTicket(db, ticket));
    if (notices.empty()) return std::optional<TicketNotice>{};
    Notice& notice = notices.front();
    TicketNotice seen;
    if (notice.statement_state == StatementState::kPublished) {
        seen.statement = notice.statement;
        seen.statement_published_at = notice.statement_published_at;
    }
    if (customer_view) {
        if (seen.statement.empty()) return std::optional<TicketNotice>{};
        return std::optional<TicketNotice>{std::move(seen)};
    }
    seen.notice = std::move(notice);
    return std::optional<TicketNotice>{std::move(seen)};
}

}  // namespace sladesk::service
