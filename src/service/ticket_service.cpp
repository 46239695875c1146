#include "service/ticket_service.hpp"

#include "service/clock_keeper.hpp"
#include "service/detail/history.hpp"
#include "service/notice_keeper.hpp"
#include "service/notice_service.hpp"
#include "store/article_repo.hpp"
#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {
namespace {

Status CheckText(const std::string& field, const std::string& value, std::size_t max_bytes, bool required) {
    if (required && value.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Error::InvalidArgument(field + " must not be empty");
    }
    if (value.size() > max_bytes) {
        return Error::InvalidArgument(field + " is longer than " + std::to_string(max_bytes) + " bytes");
    }
    return OkStatus();
}

std::string Middle(const std::vector<std::string>& names) { return names[names.size() / 2]; }

// Guesses are kept for this many customers and services at most; past that the map starts over.
constexpr std::size_t kMaxGuessEntries = 4096;

}  // namespace

TicketService::TicketService(store::Store& store, const Clock& clock, const BlobStore& blobs, PolicyCache& policy,
                             TicketLimits limits)
    : store_(store), clock_(clock), blobs_(blobs), policy_(policy), limits_(limits) {}

Status TicketService::CheckVisible(store::SqlConnection& db, const Actor& actor, TicketId id) const {
    SLADESK_ASSIGN_OR_RETURN(bool visible, store::TicketRepo::Visible(db, id, actor));
    if (!visible) return Error::NotFound("ticket " + std::to_string(id.value));
    return OkStatus();
}

Status TicketService::CheckArticle(const NewArticle& input) const {
    SLADESK_TRY(CheckText("body", input.body, limits_.max_body_bytes, true));
    if (input.attachments.size() > limits_.max_attachments) {
        return Error::InvalidArgument("at most " + std::to_string(limits_.max_attachments) + " attachments per article");
    }
    for (const NewAttachment& attachment : input.attachments) {
        SLADESK_TRY(CheckText("attachment filename", attachment.filename, 255, true));
        if (attachment.filename.find_first_of("/\\") != std::string::npos) {
            return Error::InvalidArgument("attachment filename must not contain a path");
        }
        if (attachment.data.size() > limits_.max_attachment_bytes) {
            return Error::TooLarge("attachment '" + attachment.filename + "' is larger than " +
                                   std::to_string(limits_.max_attachment_bytes) + " bytes");
        }
    }
    return OkStatus();
}

Status TicketService::CheckTitleAndTags(const std::string* title, const std::vector<std::string>* tags) const {
    if (title != nullptr) SLADESK_TRY(CheckText("title", *title, limits_.max_title_bytes, true));
    if (tags == nullptr) return OkStatus();
    if (tags->size() > limits_.max_tags) {
        return Error::InvalidArgument("at most " + std::to_string(limits_.max_tags) + " tags per ticket");
    }
    for (const auto& tag : *tags) SLADESK_TRY(CheckText("tag", tag, limits_.max_tag_bytes, true));
    return OkStatus();
}

Result<std::vector<Attachment>> TicketService::StoreAttachments(const std::vector<NewAttachment>& attachments) const {
    std::vector<Attachment> stored;
    for (const NewAttachment& input : attachments) {
        // Bytes are durable before the transaction that refers to them commits.
        SLADESK_ASSIGN_OR_RETURN(std::string hash, blobs_.Put(input.data));
        Attachment attachment;
        attachment.filename = input.filename;
        attachment.content_type = input.content_type.empty() ? "application/octet-stream" : input.content_type;
        attachment.size = static_cast<std::int64_t>(input.data.size());
        attachment.sha256 = std::move(hash);
        stored.push_back(std::move(attachment));
    }
    return stored;
}

Result<Ticket> TicketService::BuildTicket(store::SqlConnection& db, const Actor& actor, const NewTicket& input,
                                          const Policy& policy, User& customer_out, UtcTime now) {
    Ticket ticket;
    ticket.title = input.title;
    ticket.kind = input.kind;
    ticket.channel = input.channel;
    ticket.status = TicketStatus::kNew;
    ticket.created_by = actor.id;
    ticket.created_at = now;
    ticket.updated_at = now;
    ticket.tags = input.tags;

    UserId customer_id = actor.id;
    if (input.customer_id) {
        if (actor.IsCustomer() && *input.customer_id != actor.id) {
            return Error::PermissionDenied("customers open tickets for themselves only");
        }
        customer_id = *input.customer_id;
    }
    auto customer = store::DirectoryRepo::GetUser(db, customer_id);
    if (!customer) {
        if (customer.error().Is(ErrorCode::kNotFound)) return Error::InvalidArgument("customer does not exist");
        return customer.error();
    }
    if (customer->role != Role::kCustomer) return Error::InvalidArgument("customer must be a user with role customer");
    ticket.customer_id = customer_id;
    ticket.organisation_id = customer->organisation_id;

    if (input.service_id) {
        auto service = store::DirectoryRepo::GetService(db, *input.service_id);
        if (!service) return Error::InvalidArgument("service " + std::to_string(input.service_id->value) + " does not exist");
        ticket.service_id = service->id;
        ticket.group_id = service->owner_group_id;
    }
    if (input.category_id) {
        if (!store::DirectoryRepo::GetCategory(db, *input.category_id)) {
            return Error::InvalidArgument("category " + std::to_string(input.category_id->value) + " does not exist");
        }
        ticket.category_id = input.category_id;
    }
    if (input.group_id) {
        if (actor.IsCustomer()) return Error::PermissionDenied("customers cannot choose a group");
        if (!store::DirectoryRepo::GetGroup(db, *input.group_id)) {
            return Error::InvalidArgument("group " + std::to_string(input.group_id->value) + " does not exist");
        }
        ticket.group_id = input.group_id;
    }
    const auto& matrix = policy.priority_matrix;
    ticket.impact = input.impact.value_or(Middle(matrix.impacts()));
    ticket.urgency = input.urgency.value_or(Middle(matrix.urgencies()));
    SLADESK_ASSIGN_OR_RETURN(ticket.priority, matrix.Priority(ticket.impact, ticket.urgency, customer->customer_grade));
    customer_out = std::move(*customer);
    return ticket;
}

Result<std::vector<Attachment>> TicketService::PrepareCreate(const NewTicket& input) const {
    SLADESK_TRY(CheckTitleAndTags(&input.title, &input.tags));
    SLADESK_TRY(CheckArticle(NewArticle{input.description, false, input.channel, input.attachments}));
    return StoreAttachments(input.attachments);
}

Status TicketService::InsertTicket(store::SqlConnection& db, const Actor& actor, const NewTicket& input,
                                   const std::optional<IdempotencyKey>& idempotency,
                                   const std::vector<Attachment>& attachments, UtcTime now, PreparedClocks* guess,
                                   Created<WrittenTicket>& created) {
    SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
    if (idempotency) {
        SLADESK_ASSIGN_OR_RETURN(auto earlier, store::AuthRepo::FindIdempotent(db, actor.id, idempotency->key));
        if (earlier) {
            if (earlier->request_hash != idempotency->request_hash) {
                return Error::Conflict("Idempotency-Key was already used with a different request");
            }
            const TicketId id{std::stoll(earlier->response)};
            SLADESK_ASSIGN_OR_RETURN(created.value.ticket, store::TicketRepo::Get(db, id));
            SLADESK_ASSIGN_OR_RETURN(created.value.clocks,
                                     ClockKeeper::Current(db, *policy, id, now, actor.IsCustomer()));
            created.replayed = true;
            return OkStatus();
        }
    }
    User customer;
    SLADESK_ASSIGN_OR_RETURN(Ticket ticket, BuildTicket(db, actor, input, policy->policy, customer, now));
    SLADESK_ASSIGN_OR_RETURN(ticket.id, store::TicketRepo::Insert(db, ticket));
    SLADESK_ASSIGN_OR_RETURN(auto evaluation, ClockKeeper::Open(db, *policy, ticket, customer, now, guess));
    // Burst rules count the ticket in this same transaction: a notice opens together with the ticket that reached the
    // threshold, or not at all.
    SLADESK_TRY(NoticeKeeper::OnTicketCreated(db, policy->policy, ticket, customer, now));
    RememberForGuesses(policy, input, ticket, customer);
    SLADESK_TRY(detail::RecordChange(db, ticket.id, actor.id, now, "created", std::nullopt,
                                     std::string(kTicketStatusNames.Name(ticket.status))));
    Article article{ArticleId{}, ticket.id, actor.id, false, input.channel, input.description, now, attachments};
    SLADESK_TRY(store::ArticleRepo::Insert(db, article));
    SLADESK_TRY(store::TicketRepo::IndexText(db, ticket.id, false, ticket.title + "\n" + input.description));
    if (idempotency) {
        SLADESK_TRY(store::AuthRepo::SaveIdempotent(
            db, actor.id, idempotency->key, {idempotency->request_hash, 201, std::to_string(ticket.id.value)}, now));
    }
    created.value.clocks = FiguresAt(std::move(evaluation.figures), policy->book, now, now, actor.IsCustomer());
    created.value.ticket = std::move(ticket);
    return OkStatus();
}

std::optional<PreparedClocks> TicketService::GuessClocks(const Actor& actor, const NewTicket& input,
                                                         UtcTime now) const {
    // The same choices as BuildTicket, from remembered reads instead of the store.
    const UserId customer_id = input.customer_id.value_or(actor.id);
    std::shared_ptr<const PolicyInForce> policy;
    User customer;
    std::optional<GroupId> group = input.group_id;
    {
        std::lock_guard lock(guess_mu_);
        const auto found = guess_customers_.find(customer_id.value);
        if (!guess_policy_ || found == guess_customers_.end()) return std::nullopt;
        if (input.service_id && !input.group_id) {
            const auto service = guess_service_groups_.find(input.service_id->value);
            if (service == guess_service_groups_.end()) return std::nullopt;
            group = service->second;
        }
        policy = guess_policy_;
        customer = found->second;
    }
    const auto& matrix = policy->policy.priority_matrix;
    auto priority = matrix.Priority(input.impact.value_or(Middle(matrix.impacts())),
                                    input.urgency.value_or(Middle(matrix.urgencies())), customer.customer_grade);
    if (!priority) return std::nullopt;
    Ticket ticket;
    ticket.status = TicketStatus::kNew;
    ticket.created_at = now;
    ticket.priority = *priority;
    ticket.customer_id = customer_id;
    ticket.organisation_id = customer.organisation_id;
    ticket.service_id = input.service_id;
    ticket.group_id = group;
    return ClockKeeper::Prepare(*policy, ticket, customer, now);
}

void TicketService::RememberForGuesses(const std::shared_ptr<const PolicyInForce>& policy, const NewTicket& input,
                                       const Ticket& ticket, const User& customer) {
    std::lock_guard lock(guess_mu_);
    guess_policy_ = policy;
    if (guess_customers_.size() >= kMaxGuessEntries) guess_customers_.clear();
    guess_customers_.insert_or_assign(customer.id.value, customer);
    if (input.service_id && !input.group_id) {
        if (guess_service_groups_.size() >= kMaxGuessEntries) guess_service_groups_.clear();
        guess_service_groups_.insert_or_assign(input.service_id->value, ticket.group_id);
    }
}

Result<Created<Ticket>> TicketService::Create(const Actor& actor, const NewTicket& input,
                                              const std::optional<IdempotencyKey>& idempotency) {
    SLADESK_ASSIGN_OR_RETURN(std::vector<Attachment> attachments, PrepareCreate(input));
    const UtcTime now = clock_.Now();
    auto guess = GuessClocks(actor, input, now);
    Created<WrittenTicket> created;
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        return InsertTicket(db, actor, input, idempotency, attachments, now, guess ? &*guess : nullptr, created);
    }));
    return Created<Ticket>{std::move(created.value.ticket), created.replayed};
}

void TicketService::CreateAsync(const Actor& actor, NewTicket input, std::optional<IdempotencyKey> idempotency,
                                CreateDone done) {
    auto attachments = PrepareCreate(input);
    if (!attachments) return done(attachments.error());
    // Everything the transaction reads lives here until the completion has run.
    struct Pending {
        Actor actor;
        NewTicket input;
        std::optional<IdempotencyKey> idempotency;
        std::vector<Attachment> attachments;
        UtcTime now;
        std::optional<PreparedClocks> guess;
        Created<WrittenTicket> created;
    };
    const UtcTime now = clock_.Now();
    auto guess = GuessClocks(actor, input, now);
    auto pending = std::make_shared<Pending>(Pending{actor, std::move(input), std::move(idempotency),
                                                     std::move(*attachments), now, std::move(guess), {}});
    store_.WriteAsync(
        [this, pending](store::SqlConnection& db) -> Status {
            return InsertTicket(db, pending->actor, pending->input, pending->idempotency, pending->attachments,
                                pending->now, pending->guess ? &*pending->guess : nullptr, pending->created);
        },
        [pending, done = std::move(done)](Status status) {
            if (!status) return done(status.error());
            done(std::move(pending->created));
        });
}

Result<TicketView> TicketService::Get(const Actor& actor, TicketId id) {
    TicketView view;
    const UtcTime now = clock_.Now();
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(view.ticket, store::TicketRepo::GetVisible(db, id, actor));
        SLADESK_ASSIGN_OR_RETURN(view.articles, store::ArticleRepo::ForTicket(db, id, actor.IsStaff()));
        SLADESK_ASSIGN_OR_RETURN(view.links, store::TicketRepo::Links(db, id));
        SLADESK_ASSIGN_OR_RETURN(view.notice, NoticeService::ForTicket(db, id, actor.IsCustomer()));
        SLADESK_ASSIGN_OR_RETURN(view.clocks, ClockKeeper::Current(db, policy_, id, now, actor.IsCustomer()));
        return OkStatus();
    }));
    return view;
}

Result<std::vector<sla::ClockFigure>> TicketService::Clocks(const Actor& actor, TicketId id) {
    std::vector<sla::ClockFigure> clocks;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(CheckVisible(db, actor, id));
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(clocks, ClockKeeper::Current(db, *policy, id, clock_.Now(), actor.IsCustomer()));
        return OkStatus();
    }));
    return clocks;
}

Result<std::vector<std::vector<sla::ClockFigure>>> TicketService::ClocksOf(const Actor& actor,
                                                                          std::span<const Ticket> tickets) {
    std::vector<TicketId> ids;
    ids.reserve(tickets.size());
    for (const Ticket& ticket : tickets) ids.push_back(ticket.id);
    std::vector<std::vector<sla::ClockFigure>> clocks;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(clocks, ClockKeeper::CurrentMany(db, *policy, ids, clock_.Now(), actor.IsCustomer()));
        return OkStatus();
    }));
    return clocks;
}

Result<std::vector<Ticket>> TicketService::List(const Actor& actor, const store::TicketQuery& query) {
    std::vector<Ticket> tickets;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(tickets, store::TicketRepo::List(db, query, actor));
        return OkStatus();
    }));
    return tickets;
}

}  // namespace sladesk::service
