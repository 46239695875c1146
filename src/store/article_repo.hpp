// Articles on tickets, their attachments' metadata, and canned responses.
#pragma once

#include <vector>

#include "core/article.hpp"
#include "core/result.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// Stateless; every function runs on the connection (and transaction) it is given.
class ArticleRepo {
 public:
    /// Inserts the article and its attachments' metadata; returns the article id and fills in the ids of
    /// `article` and of each of its attachments.
    static Result<ArticleId> Insert(SqlConnection& db, Article& article);
    /// The ticket's articles in order, with attachments; internal notes only if `include_internal`.
    static Result<std::vector<Article>> ForTicket(SqlConnection& db, TicketId ticket, bool include_internal);
    /// kNotFound if there is no such attachment.
    static Result<Attachment> GetAttachment(SqlConnection& db, AttachmentId id);
    /// Whether the attachment belongs to an internal note.
    static Result<bool> AttachmentIsInternal(SqlConnection& db, AttachmentId id);
    /// Number of public replies by staff on the ticket (first response detection).
    static Result<std::int64_t> CountArticles(SqlConnection& db, TicketId ticket);

    /// Inserts or replaces (by name) a canned response; returns its id.
    static Result<CannedResponseId> UpsertCanned(SqlConnection& db, const CannedResponse& canned, UtcTime at);
    static Result<std::vector<CannedResponse>> ListCanned(SqlConnection& db);
    static Result<CannedResponse> GetCanned(SqlConnection& db, CannedResponseId id);
};

}  // namespace sladesk::store
