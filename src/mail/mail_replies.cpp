#include "mail/mail_replies.hpp"

#include <nlohmann/json.hpp>

#include "mail/ticket_tag.hpp"
#include "notify/mime.hpp"
#include "service/notification_service.hpp"
#include "store/directory_repo.hpp"
#include "store/mail_repo.hpp"
#include "store/outbox_repo.hpp"

namespace sladesk::mail {
namespace {

constexpr std::size_t kMaxReferences = 20;  // the oldest and the newest ids are what clients thread by

std::string Bracketed(const std::string& id) { return "<" + id + ">"; }

/// "Name <address>" of the ticket's group when it has an address, else the desk's From.
Result<std::string> FromFor(store::SqlConnection& db, const Ticket& ticket, const std::string& desk_from) {
    if (!ticket.group_id) return desk_from;
    SLADESK_ASSIGN_OR_RETURN(Group group, store::DirectoryRepo::GetGroup(db, *ticket.group_id));
    if (!group.email || group.email->find('@') == std::string::npos) return desk_from;
    return group.name + " <" + *group.email + ">";
}

}  // namespace

Status MailReplies::OnStaffReply(store::SqlConnection& db, const Ticket& ticket, const Article& article,
                                 UtcTime now) const {
    if (ticket.channel != Channel::kEmail) return OkStatus();
    SLADESK_ASSIGN_OR_RETURN(User customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
    if (!customer.email || customer.email->find('@') == std::string::npos) return OkStatus();
    SLADESK_ASSIGN_OR_RETURN(std::string from, FromFor(db, ticket, desk_from_));
    SLADESK_ASSIGN_OR_RETURN(std::vector<std::string> thread, store::MailRepo::ThreadIds(db, ticket.id));

    store::OutboxMessage message;
    message.dedup_key = std::string(kTicketReplyEvent) + ":" + std::to_string(article.id.value);
    message.message_uid = service::MessageUidFor(message.dedup_key);
    message.event = kTicketReplyEvent;
    message.channel = "email";
    message.recipient = *customer.email;
    message.user_id = customer.id;
    message.ticket_id = ticket.id;
    message.language = customer.language;
    message.subject = TaggedSubject(ticket.id, ticket.title);
    message.body_text = article.body;
    message.next_attempt_at = now;
    message.created_at = now;

    nlohmann::json references = nlohmann::json::array();
    const std::size_t first = thread.size() > kMaxReferences ? thread.size() - kMaxReferences : 0;
    if (first > 0) references.push_back(Bracketed(thread.front()));  // the thread's root stays
    for (std::size_t i = std::max<std::size_t>(first, first > 0 ? 1 : 0); i < thread.size(); ++i) {
        references.push_back(Bracketed(thread[i]));
    }
    nlohmann::json attachments = nlohmann::json::array();
    for (const Attachment& attachment : article.attachments) {
        attachments.push_back({{"filename", attachment.filename},
                               {"content_type", attachment.content_type},
                               {"sha256", attachment.sha256},
                               {"size", attachment.size}});
    }
    // What the SMTP channel needs beyond subject and text (see notify::MailFor).
    nlohmann::json data{{"mail",
                         {{"from", from},
                          {"references", references},
                          {"in_reply_to", thread.empty() ? std::string() : Bracketed(thread.back())},
                          {"attachments", attachments},
                          {"auto_submitted", false}}}};
    message.data = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    SLADESK_ASSIGN_OR_RETURN(auto enqueued, store::OutboxRepo::Enqueue(db, message));
    if (!enqueued) return OkStatus();  // enqueued before (same article): its id is recorded already

    // The Message-ID the SMTP channel will send (notify::MessageIdFor with the same From), without brackets.
    std::string sent_id = notify::MessageIdFor(message.message_uid, from);
    sent_id = sent_id.substr(1, sent_id.size() - 2);
    return store::MailRepo::AddThreadId(db, sent_id, ticket.id, store::MailDirection::kOut, now);
}

}  // namespace sladesk::mail
