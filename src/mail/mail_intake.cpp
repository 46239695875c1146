#include "mail/mail_intake.hpp"

#include <algorithm>

#include "mail/charset.hpp"
#include "mail/confirmation.hpp"
#include "mail/ticket_tag.hpp"
#include "store/directory_repo.hpp"
#include "store/mail_repo.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::mail {
namespace {

constexpr const char* kNoText = "(no text in the mail / 邮件无正文)";
constexpr const char* kNoSubject = "(no subject / 无主题)";
constexpr std::size_t kMaxTitleBytes = 500;  // TicketLimits::max_title_bytes

IntakeResult FromRecord(const store::InboundRecord& record) {
    IntakeResult result;
    result.outcome = record.outcome;
    result.message_id = record.message_id;
    result.ticket_id = record.ticket_id;
    result.article_id = record.article_id;
    result.reason = record.reason.value_or("");
    result.duplicate = true;
    return result;
}

/// The article text and the files that go with it: quoted history and over-long text kept whole as attachments.
service::NewArticle ArticleOf(const ParsedMail& mail, std::size_t max_body_bytes) {
    service::NewArticle article;
    article.channel = Channel::kEmail;
    article.body = mail.text.find_first_not_of(" \t\r\n") == std::string::npos ? kNoText : mail.text;
    if (article.body.size() > max_body_bytes) {
        article.attachments.push_back({"message.txt", "text/plain; charset=utf-8", article.body});
        article.body =
            std::string(TruncateUtf8(article.body, max_body_bytes - 64)) + "\n[... cut; full text in message.txt]";
    }
    for (const MailAttachment& attachment : mail.attachments) {
        article.attachments.push_back({attachment.filename, attachment.content_type, attachment.data});
    }
    if (!mail.quoted_history.empty()) {
        article.attachments.push_back({"quoted-history.txt", "text/plain; charset=utf-8", mail.quoted_history});
    }
    return article;
}

}  // namespace

MailIntake::MailIntake(store::Store& store, service::TicketService& tickets, const Clock& clock, IntakeOptions options)
    : store_(store), tickets_(tickets), clock_(clock), options_(std::move(options)) {}

Result<IntakeResult> MailIntake::Accept(std::string_view raw) {
    MailLimits limits = options_.limits;
    // Two places are kept for the files the intake adds itself (quoted history, the full text).
    limits.max_attachments = std::max<std::size_t>(limits.max_attachments, 2) - 2;
    SLADESK_ASSIGN_OR_RETURN(ParsedMail mail, ParseMail(raw, limits));

    std::optional<store::InboundRecord> earlier;
    bool own_message = false;
    std::int64_t recent = 0;
    const UtcTime now = clock_.Now();
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(earlier, store::MailRepo::FindInbound(db, mail.message_id));
        const std::string ids[] = {mail.message_id};
        SLADESK_ASSIGN_OR_RETURN(auto thread, store::MailRepo::FindThread(db, ids));
        own_message = thread.has_value();  // a message id we sent (or stored) coming back in
        SLADESK_ASSIGN_OR_RETURN(recent,
                                 store::MailRepo::CountInboundSince(db, mail.from_address, now - options_.rate_window));
        return OkStatus();
    }));
    if (earlier) return FromRecord(*earlier);
    if (mail.bounce) return RecordBounce(mail);
    const bool from_us = std::find(options_.own_addresses.begin(), options_.own_addresses.end(), mail.from_address) !=
                         options_.own_addresses.end();
    if (own_message || from_us) return RecordIgnored(mail, "loop: the desk's own mail");
    if (mail.auto_generated.yes) return RecordIgnored(mail, "auto-generated: " + mail.auto_generated.reason);
    if (recent >= options_.rate_limit) {
        return Error::RateLimited("sender is over the limit of " + std::to_string(options_.rate_limit) +
                                  " messages per " + std::to_string(options_.rate_window.count()) + " s");
    }
    SLADESK_ASSIGN_OR_RETURN(Actor actor, SenderActor(mail));
    return Store(mail, actor);
}

Result<Actor> MailIntake::SenderActor(const ParsedMail& mail) {
    std::optional<UserId> id;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(id, store::MailRepo::FindUserByEmail(db, mail.from_address));
        return OkStatus();
    }));
    if (!id && options_.unknown_senders == UnknownSenders::kReject) {
        return Error::PermissionDenied("the sender is not a registered user of this service desk");
    }
    Actor actor;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        if (!id) {  // looked up again inside the write: a concurrent message from the same sender may have made it
            SLADESK_ASSIGN_OR_RETURN(id, store::MailRepo::FindUserByEmail(db, mail.from_address));
        }
        if (!id) {
            User user;
            user.login = mail.from_address;
            user.display_name = mail.from_name.empty() ? mail.from_address : mail.from_name;
            user.email = mail.from_address;
            user.role = Role::kCustomer;
            user.created_at = clock_.Now();
            auto inserted = store::DirectoryRepo::InsertUser(db, user, std::nullopt);
            if (!inserted) {
                return inserted.error().Is(ErrorCode::kConflict)
                           ? Error::Conflict("a user with the sender's address as login exists under another address")
                           : inserted.error();
            }
            id = *inserted;
        }
        SLADESK_ASSIGN_OR_RETURN(User user, store::DirectoryRepo::GetUser(db, *id));
        actor.id = user.id;
        actor.role = user.role;
        actor.organisation_id = user.organisation_id;
        actor.org_admin = user.org_admin;
        SLADESK_ASSIGN_OR_RETURN(actor.groups, store::DirectoryRepo::GroupsOf(db, user.id));
        return OkStatus();
    }));
    return actor;
}

Result<IntakeResult> MailIntake::RecordBounce(const ParsedMail& mail) {
    IntakeResult result{"bounce", mail.message_id, std::nullopt, std::nullopt, mail.bounce->status, {}, false};
    const UtcTime now = clock_.Now();
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        result.bounced_users.clear();
        for (const std::string& address : mail.bounce->failed_recipients) {
            SLADESK_ASSIGN_OR_RETURN(auto user, store::MailRepo::FindUserByEmail(db, address));
            if (!user) continue;
            SLADESK_TRY(store::MailRepo::RecordBounce(db, {*user, address, mail.bounce->status, mail.message_id, now}));
            result.bounced_users.push_back(*user);
        }
        return store::MailRepo::RecordInbound(
            db, {mail.message_id, mail.from_address, now, "bounce", std::nullopt, std::nullopt, mail.bounce->status});
    }));
    return result;
}

Result<IntakeResult> MailIntake::RecordIgnored(const ParsedMail& mail, const std::string& reason) {
    const UtcTime now = clock_.Now();
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        return store::MailRepo::RecordInbound(
            db, {mail.message_id, mail.from_address, now, "ignored", std::nullopt, std::nullopt, reason});
    }));
    return IntakeResult{"ignored", mail.message_id, std::nullopt, std::nullopt, reason, {}, false};
}

Result<std::optional<Ticket>> MailIntake::FindThread(const ParsedMail& mail, const Actor& actor) {
    std::optional<Ticket> found;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        std::vector<TicketId> candidates;
        if (auto tagged = FindTicketTag(mail.subject)) candidates.push_back(*tagged);
        // The direct parent first, then the references from the newest back.
        std::vector<std::string> ids = mail.in_reply_to;
        ids.insert(ids.end(), mail.references.rbegin(), mail.references.rend());
        SLADESK_ASSIGN_OR_RETURN(auto threaded, store::MailRepo::FindThread(db, ids));
        if (threaded) candidates.push_back(*threaded);
        for (TicketId candidate : candidates) {
            SLADESK_ASSIGN_OR_RETURN(bool visible, store::TicketRepo::Visible(db, candidate, actor));
            if (!visible) continue;  // someone else's ticket (or none): never joined, never revealed
            SLADESK_ASSIGN_OR_RETURN(found, store::TicketRepo::Get(db, candidate));
            return OkStatus();
        }
        return OkStatus();
    }));
    return found;
}

Result<IntakeResult> MailIntake::Store(const ParsedMail& mail, const Actor& actor) {
    SLADESK_ASSIGN_OR_RETURN(std::optional<Ticket> thread, FindThread(mail, actor));
    // The Message-ID is the idempotency key: a retry after a crash between the ticket's and the log's commit
    // replays the stored ticket or article instead of creating another.
    const service::IdempotencyKey key{"mail:" + mail.message_id, "mail"};
    service::NewArticle article = ArticleOf(mail, options_.max_body_bytes);
    IntakeResult result;
    result.message_id = mail.message_id;
    const bool confirms = thread && actor.IsCustomer() && IsConfirmation(mail.text);
    if (confirms && thread->status == TicketStatus::kResolved) {
        // The customer accepts the resolution by mail: resolved -> closed, recorded as their confirmation.
        SLADESK_TRY(tickets_.Confirm(actor, thread->id));
        result.outcome = "confirmed";
        result.ticket_id = thread->id;
    } else if (confirms && thread->status == TicketStatus::kClosed) {
        result.outcome = "confirmed";  // confirmed already (this mail's first delivery, or another confirmation)
        result.ticket_id = thread->id;
    } else if (thread && thread->status != TicketStatus::kClosed) {
        SLADESK_ASSIGN_OR_RETURN(auto created, tickets_.AddArticle(actor, thread->id, article, key));
        result.outcome = "appended";
        result.ticket_id = thread->id;
        result.article_id = created.value.id;
    } else {  // no thread, or a closed ticket: a closed ticket stays closed and a new one opens
        if (actor.IsStaff()) return Error::InvalidArgument("mail from staff must answer an existing ticket");
        service::NewTicket ticket;
        const std::string title =
            mail.subject.find_first_not_of(" \t") == std::string::npos ? kNoSubject : mail.subject;
        ticket.title = std::string(TruncateUtf8(title, kMaxTitleBytes));
        ticket.description = std::move(article.body);
        ticket.channel = Channel::kEmail;
        ticket.attachments = std::move(article.attachments);
        SLADESK_ASSIGN_OR_RETURN(auto created, tickets_.Create(actor, ticket, key));
        result.outcome = "created";
        result.ticket_id = created.value.id;
    }
    const UtcTime now = clock_.Now();
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(
            store::MailRepo::AddThreadId(db, mail.message_id, *result.ticket_id, store::MailDirection::kIn, now));
        // A concurrent delivery of the same message may have got here first; both name the same ticket.
        SLADESK_ASSIGN_OR_RETURN(auto earlier, store::MailRepo::FindInbound(db, mail.message_id));
        if (earlier) return OkStatus();
        return store::MailRepo::RecordInbound(db, {mail.message_id, mail.from_address, now, result.outcome,
                                                   result.ticket_id, result.article_id, std::nullopt});
    }));
    return result;
}

}  // namespace sladesk::mail
