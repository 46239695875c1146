// Ticket use cases: intake, reading, listing, changes, articles, closure. Each call is one transaction.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "service/blob_store.hpp"
#include "service/clock_keeper.hpp"
#include "service/policy.hpp"
#include "service/reply_observer.hpp"
#include "service/ticket_inputs.hpp"
#include "sla/ticket_clocks.hpp"
#include "store/store.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::service {

struct TicketLimits {
    std::size_t max_title_bytes = 500;           // default 500
    std::size_t max_body_bytes = 200 * 1024;     // one article's text; default 200 KiB
    std::size_t max_attachment_bytes = 10 << 20; // one file; default 10 MiB
    std::size_t max_attachments = 20;            // per article; default 20
    std::size_t max_tags = 30;                   // per ticket; default 30
    std::size_t max_tag_bytes = 64;              // default 64
};

/// A ticket as a write left it, with its clocks as they stood at that write (customers: the SLA's only).
struct WrittenTicket {
    Ticket ticket;
    std::vector<sla::ClockFigure> clocks;
};

/// Told the outcome of CreateAsync once: on the calling thread if the input is rejected before the write, else on
/// the store's writer thread right after the commit. Must be quick and must not throw (see store::WriteDone).
using CreateDone = std::function<void(Result<Created<WrittenTicket>>)>;

/// Thread-safe; references must outlive it. Every method checks that `actor` may do it: a ticket the actor may
/// not see is kNotFound (never kPermissionDenied, so ids do not leak); an action the actor's role may not take
/// on a visible ticket is kPermissionDenied.
class TicketService {
 public:
    TicketService(store::Store& store, const Clock& clock, const BlobStore& blobs, PolicyCache& policy,
                  TicketLimits limits = {});

    /// Opens a ticket with its first article. kInvalidArgument naming the field for bad input; kConflict if the
    /// Idempotency-Key was used before with a different request.
    Result<Created<Ticket>> Create(const Actor& actor, const NewTicket& input,
                                   const std::optional<IdempotencyKey>& idempotency = std::nullopt);
    /// Create without waiting for the group commit: validates, stores attachment bytes (blocking file I/O), queues
    /// the write and returns; `done` gets the ticket with its clocks, or the errors Create returns.
    void CreateAsync(const Actor& actor, NewTicket input, std::optional<IdempotencyKey> idempotency, CreateDone done);
    /// The ticket with its articles (internal notes only for staff) and links.
    Result<TicketView> Get(const Actor& actor, TicketId id);
    /// The ticket's clocks as they stand now (customers: the SLA's only). kNotFound if not visible.
    Result<std::vector<sla::ClockFigure>> Clocks(const Actor& actor, TicketId id);
    /// The clocks of tickets the actor has just listed, in the same order.
    Result<std::vector<std::vector<sla::ClockFigure>>> ClocksOf(const Actor& actor, std::span<const Ticket> tickets);
    /// Visible tickets matching `query`, at most query.limit + 1 (one more means there is a next page).
    Result<std::vector<Ticket>> List(const Actor& actor, const store::TicketQuery& query);
    /// Staff only. Applies the changes that differ, records each in the history, bumps the version.
    /// kConflict for a forbidden status change; kPreconditionFailed for a stale expected_version.
    /// Returns the ticket with the clocks the change left (no second read for a response that shows them).
    Result<WrittenTicket> Patch(const Actor& actor, TicketId id, const TicketPatch& patch);
    /// A reply or (staff only) an internal note. A customer's reply on a ticket waiting for them hands it back.
    Result<Created<Article>> AddArticle(const Actor& actor, TicketId id, const NewArticle& input,
                                        const std::optional<IdempotencyKey>& idempotency = std::nullopt);
    /// The customer accepts the resolution: resolved -> closed.
    Result<WrittenTicket> Confirm(const Actor& actor, TicketId id);
    /// The customer rejects the resolution with a reason (a public article): resolved -> in_progress.
    Result<WrittenTicket> Reopen(const Actor& actor, TicketId id, const std::string& reason);
    /// Staff only. Links two visible tickets; a parent/child link is recorded on both sides.
    Result<std::vector<TicketLink>> AddLink(const Actor& actor, TicketId id, const TicketLink& link);
    /// Every recorded change, oldest first. Staff only.
    Result<std::vector<HistoryEntry>> History(const Actor& actor, TicketId id);
    /// An attachment's metadata and bytes, if the actor may see the article it belongs to.
    Result<std::pair<Attachment, std::string>> GetAttachment(const Actor& actor, AttachmentId id);
    /// Sets the hook told of every public staff reply inside its transaction (the email channel's outbound
    /// mail); nullptr for none. Call before serving requests; not synchronised.
    void SetReplyObserver(const ReplyObserver* observer) { reply_observer_ = observer; }
    /// Closes tickets resolved before `resolved_before` (the caller computes it from working days). System actor.
    Result<int> CloseResolvedBefore(UtcTime resolved_before, int max_tickets);

 private:
    Status CheckVisible(store::SqlConnection& db, const Actor& actor, TicketId id) const;
    Result<std::vector<Attachment>> StoreAttachments(const std::vector<NewAttachment>& attachments) const;
    /// What Create checks and stores before its transaction: the input's limits and the attachment bytes.
    Result<std::vector<Attachment>> PrepareCreate(const NewTicket& input) const;
    /// Create's transaction: the ticket (or the one an earlier request with the same Idempotency-Key made), its
    /// clocks (`guess` if it still holds, see GuessClocks), history, first article and search text. Fills `created`.
    Status InsertTicket(store::SqlConnection& db, const Actor& actor, const NewTicket& input,
                        const std::optional<IdempotencyKey>& idempotency, const std::vector<Attachment>& attachments,
                        UtcTime now, PreparedClocks* guess, Created<WrittenTicket>& created);
    /// The clocks a new ticket will most likely get, evaluated outside the transaction from the policy, customer and
    /// service owner group the writer last read; nullopt when one of them was never read. The transaction reads
    /// them again and uses the guess only if the inputs are the same (ClockKeeper::Open), so a stale guess costs
    /// time, never correctness.
    std::optional<PreparedClocks> GuessClocks(const Actor& actor, const NewTicket& input, UtcTime now) const;
    /// Keeps what a transaction just read for later guesses.
    void RememberForGuesses(const std::shared_ptr<const PolicyInForce>& policy, const NewTicket& input,
                            const Ticket& ticket, const User& customer);
    Status CheckArticle(const NewArticle& input) const;
    /// kInvalidArgument unless the title (if given) is non-blank and within the limit, and the tags (if given)
    /// are few enough, non-blank and short enough.
    Status CheckTitleAndTags(const std::string* title, const std::vector<std::string>* tags) const;
    /// The ticket `input` describes, validated against the store and `policy`; its customer goes to `customer_out`.
    Result<Ticket> BuildTicket(store::SqlConnection& db, const Actor& actor, const NewTicket& input,
                               const Policy& policy, User& customer_out, UtcTime now);

    store::Store& store_;
    const Clock& clock_;
    const BlobStore& blobs_;
    PolicyCache& policy_;
    const TicketLimits limits_;

    mutable std::mutex guess_mu_;
    std::shared_ptr<const PolicyInForce> guess_policy_;                           // guarded by guess_mu_
    std::unordered_map<std::int64_t, User> guess_customers_;                       // guarded by guess_mu_; by id
    std::unordered_map<std::int64_t, std::optional<GroupId>> guess_service_groups_;  // guarded by guess_mu_
    const ReplyObserver* reply_observer_ = nullptr;  // optional
};

}  // namespace sladesk::service
