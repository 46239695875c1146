// TicketService: changes to existing tickets (patch, articles, closure, links) and reads of their records.
#include "rules/ticket_lifecycle.hpp"
#include "service/clock_keeper.hpp"
#include "service/detail/history.hpp"
#include "service/ticket_service.hpp"
#include "store/article_repo.hpp"
#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {
namespace {

std::string StatusText(TicketStatus status) { return std::string(kTicketStatusNames.Name(status)); }

/// Moves `ticket` to `to`, keeping resolved_at/closed_at in step with the status.
void SetStatus(Ticket& ticket, TicketStatus to, UtcTime now) {
    if (to == TicketStatus::kResolved && ticket.status != TicketStatus::kResolved) ticket.resolved_at = now;
    if (to == TicketStatus::kClosed) ticket.closed_at = now;
    if (rules::IsOpen(to)) {
        ticket.resolved_at.reset();
        ticket.closed_at.reset();
    }
    ticket.status = to;
}

/// Moves `ticket` to `to` and saves it, recording the status change and why (`event`: `reason`) in the history.
/// Bumps `ticket.version`; kPreconditionFailed if someone changed the ticket meanwhile.
Status MoveAndSave(store::SqlConnection& db, std::optional<UserId> actor, Ticket& ticket, TicketStatus to,
                   const char* event, const std::string& reason, UtcTime now) {
    SLADESK_TRY(detail::RecordChange(db, ticket.id, actor, now, "status", StatusText(ticket.status), StatusText(to)));
    SLADESK_TRY(detail::RecordChange(db, ticket.id, actor, now, event, std::nullopt, reason));
    SetStatus(ticket, to, now);
    ticket.updated_at = now;
    SLADESK_ASSIGN_OR_RETURN(ticket.version, store::TicketRepo::Update(db, ticket));
    return OkStatus();
}

Status RequireStaff(const Actor& actor, const char* what) {
    if (actor.IsStaff()) return OkStatus();
    return Error::PermissionDenied(std::string("only staff may ") + what);
}

/// The ticket with the clocks `evaluation` left, as `actor` may see them.
WrittenTicket Written(Ticket ticket, sla::ClockEvaluation evaluation, const PolicyInForce& policy, const Actor& actor,
                      UtcTime now) {
    return WrittenTicket{std::move(ticket),
                         FiguresAt(std::move(evaluation.figures), policy.book, now, now, actor.IsCustomer())};
}

std::string JoinTags(const std::vector<std::string>& tags) {
    std::string text;
    for (const auto& tag : tags) text += (text.empty() ? "" : ",") + tag;
    return text;
}

/// Validates and applies the fields of `patch` that name existing things; records each change.
Status ApplyPatch(store::SqlConnection& db, const Actor& actor, const TicketPatch& patch, const Policy& policy,
                  Ticket& ticket, UtcTime now) {
    const Ticket before = ticket;
    if (patch.title) ticket.title = *patch.title;
    if (patch.kind) ticket.kind = *patch.kind;
    if (patch.status) {
        SLADESK_TRY(rules::CheckStaffTransition(ticket.status, *patch.status));
        SetStatus(ticket, *patch.status, now);
    }
    if (patch.group) {
        if (*patch.group && !store::DirectoryRepo::GetGroup(db, **patch.group)) {
            return Error::InvalidArgument("group " + std::to_string((*patch.group)->value) + " does not exist");
        }
        ticket.group_id = *patch.group;
    }
    if (patch.assignee) {
        if (*patch.assignee) {
            auto assignee = store::DirectoryRepo::GetUser(db, **patch.assignee);
            if (!assignee || assignee->role == Role::kCustomer || !assignee->active) {
                return Error::InvalidArgument("assignee must be an active staff user");
            }
        }
        ticket.assignee_id = *patch.assignee;
    }
    if (patch.service) {
        if (*patch.service && !store::DirectoryRepo::GetService(db, **patch.service)) {
            return Error::InvalidArgument("service does not exist");
        }
        ticket.service_id = *patch.service;
    }
    if (patch.category) {
        if (*patch.category && !store::DirectoryRepo::GetCategory(db, **patch.category)) {
            return Error::InvalidArgument("category does not exist");
        }
        ticket.category_id = *patch.category;
    }
    if (patch.impact || patch.urgency) {
        ticket.impact = patch.impact.value_or(ticket.impact);
        ticket.urgency = patch.urgency.value_or(ticket.urgency);
        SLADESK_ASSIGN_OR_RETURN(User customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
        SLADESK_ASSIGN_OR_RETURN(ticket.priority, policy.priority_matrix.Priority(ticket.impact, ticket.urgency,
                                                                                   customer.customer_grade));
    }
    if (patch.priority) {
        if (*patch.priority < 1 || *patch.priority > policy.priority_matrix.LowestPriority()) {
            return Error::InvalidArgument("priority must be between 1 and " +
                                          std::to_string(policy.priority_matrix.LowestPriority()));
        }
        ticket.priority = *patch.priority;
    }
    const auto record = [&](const char* field, std::optional<std::string> old_value,
                            std::optional<std::string> new_value) {
        return detail::RecordChange(db, ticket.id, actor.id, now, field, old_value, new_value);
    };
    SLADESK_TRY(record("title", before.title, ticket.title));
    SLADESK_TRY(record("kind", std::string(kTicketKindNames.Name(before.kind)),
                       std::string(kTicketKindNames.Name(ticket.kind))));
    SLADESK_TRY(record("status", StatusText(before.status), StatusText(ticket.status)));
    SLADESK_TRY(record("group", detail::IdText(before.group_id), detail::IdText(ticket.group_id)));
    SLADESK_TRY(record("assignee", detail::IdText(before.assignee_id), detail::IdText(ticket.assignee_id)));
    SLADESK_TRY(record("service", detail::IdText(before.service_id), detail::IdText(ticket.service_id)));
    SLADESK_TRY(record("category", detail::IdText(before.category_id), detail::IdText(ticket.category_id)));
    SLADESK_TRY(record("impact", before.impact, ticket.impact));
    SLADESK_TRY(record("urgency", before.urgency, ticket.urgency));
    SLADESK_TRY(record("priority", std::to_string(before.priority), std::to_string(ticket.priority)));
    if (patch.tags) {
        SLADESK_TRY(record("tags", JoinTags(before.tags), JoinTags(*patch.tags)));
        SLADESK_TRY(store::TicketRepo::ReplaceTags(db, ticket.id, *patch.tags));
        ticket.tags = *patch.tags;
    }
    return OkStatus();
}

}  // namespace

Result<WrittenTicket> TicketService::Patch(const Actor& actor, TicketId id, const TicketPatch& patch) {
    SLADESK_TRY(CheckTitleAndTags(patch.title ? &*patch.title : nullptr, patch.tags ? &*patch.tags : nullptr));
    const UtcTime now = clock_.Now();
    WrittenTicket result;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(CheckVisible(db, actor, id));
        SLADESK_TRY(RequireStaff(actor, "change tickets"));
        SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, id));
        if (patch.expected_version && *patch.expected_version != ticket.version) {
            return Error::PreconditionFailed("ticket " + std::to_string(id.value) + " is at version " +
                                             std::to_string(ticket.version) + ", not " +
                                             std::to_string(*patch.expected_version));
        }
        SLADESK_ASSIGN_OR_RETURN(auto in_force, policy_.Load(db));
        SLADESK_TRY(ApplyPatch(db, actor, patch, in_force->policy, ticket, now));
        ticket.updated_at = now;
        SLADESK_ASSIGN_OR_RETURN(ticket.version, store::TicketRepo::Update(db, ticket));
        SLADESK_ASSIGN_OR_RETURN(auto evaluation, ClockKeeper::Refresh(db, *in_force, ticket, now));
        result = Written(std::move(ticket), std::move(evaluation), *in_force, actor, now);
        return OkStatus();
    }));
    return result;
}

Result<Created<Article>> TicketService::AddArticle(const Actor& actor, TicketId id, const NewArticle& input,
                                                   const std::optional<IdempotencyKey>& idempotency) {
    SLADESK_TRY(CheckArticle(input));
    if (input.internal && actor.IsCustomer()) return Error::PermissionDenied("customers cannot write internal notes");
    SLADESK_ASSIGN_OR_RETURN(std::vector<Attachment> attachments, StoreAttachments(input.attachments));
    const UtcTime now = clock_.Now();
    Created<Article> created{Article{ArticleId{}, id, actor.id, input.internal, input.channel, input.body, now,
                                     attachments},
                             false};
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(CheckVisible(db, actor, id));
        if (idempotency) {
            SLADESK_ASSIGN_OR_RETURN(auto earlier, store::AuthRepo::FindIdempotent(db, actor.id, idempotency->key));
            if (earlier) {
                if (earlier->request_hash != idempotency->request_hash) {
                    return Error::Conflict("Idempotency-Key was already used with a different request");
                }
                SLADESK_ASSIGN_OR_RETURN(auto articles, store::ArticleRepo::ForTicket(db, id, actor.IsStaff()));
                for (auto& article : articles) {
                    if (std::to_string(article.id.value) == earlier->response) created.value = std::move(article);
                }
                created.replayed = true;
                return OkStatus();
            }
        }
        SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, id));
        if (ticket.status == TicketStatus::kClosed) return Error::Conflict("ticket " + std::to_string(id.value) + " is closed");
        SLADESK_ASSIGN_OR_RETURN(created.value.id, store::ArticleRepo::Insert(db, created.value));
        SLADESK_TRY(store::TicketRepo::IndexText(db, id, input.internal, input.body));
        if (reply_observer_ != nullptr && !input.internal && actor.IsStaff()) {
            SLADESK_TRY(reply_observer_->OnStaffReply(db, ticket, created.value, now));
        }
        const TicketStatus next = actor.IsCustomer() ? rules::StatusAfterCustomerReply(ticket.status) : ticket.status;
        // The status first: a customer's message that reopens a resolved ticket then starts an update cycle.
        SLADESK_TRY(detail::RecordChange(db, id, actor.id, now, "status", StatusText(ticket.status), StatusText(next)));
        SLADESK_TRY(detail::RecordChange(db, id, actor.id, now, input.internal ? "internal_note" : "reply",
                                         std::nullopt, std::to_string(created.value.id.value)));
        SetStatus(ticket, next, now);
        ticket.updated_at = now;
        SLADESK_TRY(store::TicketRepo::Update(db, ticket));
        if (!input.internal) {  // internal notes move no clock
            SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
            SLADESK_TRY(ClockKeeper::Refresh(db, *policy, ticket, now));
        }
        if (idempotency) {
            SLADESK_TRY(store::AuthRepo::SaveIdempotent(
                db, actor.id, idempotency->key,
                {idempotency->request_hash, 201, std::to_string(created.value.id.value)}, now));
        }
        return OkStatus();
    }));
    return created;
}

Result<WrittenTicket> TicketService::Confirm(const Actor& actor, TicketId id) {
    const UtcTime now = clock_.Now();
    WrittenTicket result;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(CheckVisible(db, actor, id));
        SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, id));
        if (actor.IsCustomer() && ticket.customer_id != actor.id && !actor.org_admin) {
            return Error::PermissionDenied("only the ticket's customer may confirm it");
        }
        if (ticket.status != TicketStatus::kResolved) return Error::Conflict("ticket is not resolved");
        SLADESK_TRY(MoveAndSave(db, actor.id, ticket, TicketStatus::kClosed, "confirmed", "customer", now));
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(auto evaluation, ClockKeeper::Refresh(db, *policy, ticket, now));
        result = Written(std::move(ticket), std::move(evaluation), *policy, actor, now);
        return OkStatus();
    }));
    return result;
}

Result<WrittenTicket> TicketService::Reopen(const Actor& actor, TicketId id, const std::string& reason) {
    SLADESK_TRY(CheckArticle(NewArticle{reason, false, Channel::kWeb, {}}));
    const UtcTime now = clock_.Now();
    WrittenTicket result;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(CheckVisible(db, actor, id));
        SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, id));
        if (ticket.status != TicketStatus::kResolved) return Error::Conflict("only a resolved ticket can be reopened");
        Article article{ArticleId{}, id, actor.id, false, Channel::kWeb, reason, now, {}};
        SLADESK_TRY(store::ArticleRepo::Insert(db, article));
        SLADESK_TRY(store::TicketRepo::IndexText(db, id, false, reason));
        SLADESK_TRY(
            MoveAndSave(db, actor.id, ticket, TicketStatus::kInProgress, "reopened", "resolution rejected", now));
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(auto evaluation, ClockKeeper::Refresh(db, *policy, ticket, now));
        result = Written(std::move(ticket), std::move(evaluation), *policy, actor, now);
        return OkStatus();
    }));
    return result;
}

Result<std::vector<TicketLink>> TicketService::AddLink(const Actor& actor, TicketId id, const TicketLink& link) {
    SLADESK_TRY(RequireStaff(actor, "link tickets"));
    if (link.target == id) return Error::InvalidArgument("a ticket cannot be linked to itself");
    const UtcTime now = clock_.Now();
    std::vector<TicketLink> links;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(CheckVisible(db, actor, id));
        SLADESK_ASSIGN_OR_RETURN(bool target_visible, store::TicketRepo::Visible(db, link.target, actor));
        if (!target_visible) {
            return Error::InvalidArgument("target ticket " + std::to_string(link.target.value) + " does not exist");
        }
        SLADESK_TRY(store::TicketRepo::AddLink(db, id, link, now));
        // The other side sees the mirror of a parent/child link and the same related/duplicate link.
        LinkKind mirror = link.kind;
        if (link.kind == LinkKind::kParent) mirror = LinkKind::kChild;
        if (link.kind == LinkKind::kChild) mirror = LinkKind::kParent;
        if (link.kind != LinkKind::kDuplicate) {
            SLADESK_TRY(store::TicketRepo::AddLink(db, link.target, TicketLink{mirror, id}, now));
        }
        SLADESK_TRY(detail::RecordChange(db, id, actor.id, now, "link", std::nullopt,
                                         std::string(kLinkKindNames.Name(link.kind)) + ":" +
                                             std::to_string(link.target.value)));
        SLADESK_ASSIGN_OR_RETURN(links, store::TicketRepo::Links(db, id));
        return OkStatus();
    }));
    return links;
}

Result<std::vector<HistoryEntry>> TicketService::History(const Actor& actor, TicketId id) {
    std::vector<HistoryEntry> entries;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(CheckVisible(db, actor, id));
        SLADESK_TRY(RequireStaff(actor, "read a ticket's history"));
        SLADESK_ASSIGN_OR_RETURN(entries, store::TicketRepo::History(db, id));
        return OkStatus();
    }));
    return entries;
}

Result<std::pair<Attachment, std::string>> TicketService::GetAttachment(const Actor& actor, AttachmentId id) {
    Attachment attachment;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(attachment, store::ArticleRepo::GetAttachment(db, id));
        const Status visible = CheckVisible(db, actor, attachment.ticket_id);
        SLADESK_ASSIGN_OR_RETURN(bool internal, store::ArticleRepo::AttachmentIsInternal(db, id));
        if (!visible || (internal && actor.IsCustomer())) return Error::NotFound("attachment " + std::to_string(id.value));
        return OkStatus();
    }));
    SLADESK_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(attachment.sha256));
    return std::make_pair(std::move(attachment), std::move(bytes));
}

Result<int> TicketService::CloseResolvedBefore(UtcTime resolved_before, int max_tickets) {
    const UtcTime now = clock_.Now();
    int closed = 0;
    store::TicketQuery query;
    query.statuses = {TicketStatus::kResolved};
    query.resolved_before = resolved_before;
    query.sort = store::TicketSort::kId;
    query.descending = false;
    query.limit = max_tickets;
    Actor system;
    system.role = Role::kAdmin;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto tickets, store::TicketRepo::List(db, query, system));
        for (Ticket& ticket : tickets) {
            SLADESK_ASSIGN_OR_RETURN(Ticket full, store::TicketRepo::Get(db, ticket.id));
            SLADESK_TRY(MoveAndSave(db, std::nullopt, full, TicketStatus::kClosed, "auto_closed",
                                    "no answer from the customer", now));
            ++closed;
        }
        return OkStatus();
    }));
    return closed;
}

}  // namespace sladesk::service
