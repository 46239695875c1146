#include "store/article_repo.hpp"

#include <map>
#include <string>

namespace sladesk::store {
namespace {

constexpr NamedQuery kInsertArticle{"article_insert",
    "INSERT INTO articles (ticket_id, author_id, internal, channel, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
    "RETURNING id"};
constexpr NamedQuery kInsertAttachment{"attachment_insert",
    "INSERT INTO attachments (ticket_id, article_id, filename, content_type, size, sha256, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr NamedQuery kArticlesAll{"articles_for_ticket",
    "SELECT id, ticket_id, author_id, internal, channel, body, created_at FROM articles WHERE ticket_id = $1 "
    "ORDER BY id"};
constexpr NamedQuery kArticlesPublic{"articles_public_for_ticket",
    "SELECT id, ticket_id, author_id, internal, channel, body, created_at FROM articles WHERE ticket_id = $1 "
    "AND internal = 0 ORDER BY id"};
constexpr NamedQuery kAttachmentsForTicket{"attachments_for_ticket",
    "SELECT id, ticket_id, article_id, filename, content_type, size, sha256, created_at FROM attachments "
    "WHERE ticket_id = $1 ORDER BY id"};
constexpr NamedQuery kGetAttachment{"attachment_get",
    "SELECT id, ticket_id, article_id, filename, content_type, size, sha256, created_at FROM attachments "
    "WHERE id = $1"};
constexpr NamedQuery kAttachmentInternal{"attachment_internal",
    "SELECT a.internal FROM attachments x JOIN articles a ON a.id = x.article_id WHERE x.id = $1"};
constexpr NamedQuery kCountArticles{"articles_count_public_staff",
    "SELECT COUNT(*) FROM articles a JOIN users u ON u.id = a.author_id "
    "WHERE a.ticket_id = $1 AND a.internal = 0 AND u.role <> 'customer'"};
constexpr NamedQuery kUpsertCanned{"canned_upsert",
    "INSERT INTO canned_responses (name, language, body, created_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (name) DO UPDATE SET language = excluded.language, body = excluded.body RETURNING id"};
constexpr NamedQuery kListCanned{"canned_list",
    "SELECT id, name, language, body FROM canned_responses ORDER BY name"};
constexpr NamedQuery kGetCanned{"canned_get", "SELECT id, name, language, body FROM canned_responses WHERE id = $1"};

Attachment AttachmentFromRow(const SqlRow& row) {
    Attachment attachment;
    attachment.id = AttachmentId{row.Int(0)};
    attachment.ticket_id = TicketId{row.Int(1)};
    attachment.article_id = ArticleId{row.Int(2)};
    attachment.filename = row.Text(3);
    attachment.content_type = row.Text(4);
    attachment.size = row.Int(5);
    attachment.sha256 = row.Text(6);
    attachment.created_at = FromEpochSeconds(row.Int(7));
    return attachment;
}

CannedResponse CannedFromRow(const SqlRow& row) {
    return CannedResponse{CannedResponseId{row.Int(0)}, row.Text(1), row.Text(2), row.Text(3)};
}

}  // namespace

Result<ArticleId> ArticleRepo::Insert(SqlConnection& db, Article& article) {
    const SqlValue params[] = {article.ticket_id.value, article.author_id.value,
                               std::int64_t{article.internal ? 1 : 0}, std::string(kChannelNames.Name(article.channel)),
                               article.body, ToEpochSeconds(article.created_at)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kInsertArticle, params, "inserted article id"));
    const ArticleId id{row.Int(0)};
    article.id = id;
    for (Attachment& attachment : article.attachments) {
        const SqlValue attachment_params[] = {article.ticket_id.value, id.value, attachment.filename,
                                              attachment.content_type, attachment.size, attachment.sha256,
                                              ToEpochSeconds(article.created_at)};
        SLADESK_ASSIGN_OR_RETURN(SqlRow inserted, QueryOne(db, kInsertAttachment, attachment_params, "attachment id"));
        attachment.id = AttachmentId{inserted.Int(0)};
        attachment.ticket_id = article.ticket_id;
        attachment.article_id = id;
        attachment.created_at = article.created_at;
    }
    return id;
}

Result<std::vector<Article>> ArticleRepo::ForTicket(SqlConnection& db, TicketId ticket, bool include_internal) {
    const SqlValue params[] = {ticket.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(include_internal ? kArticlesAll : kArticlesPublic, params));
    std::vector<Article> articles;
    articles.reserve(rows.size());
    std::map<std::int64_t, std::size_t> index_by_id;
    for (const SqlRow& row : rows) {
        Article article;
        article.id = ArticleId{row.Int(0)};
        article.ticket_id = TicketId{row.Int(1)};
        article.author_id = UserId{row.Int(2)};
        article.internal = row.Int(3) != 0;
        article.channel = kChannelNames.Parse(row.Text(4)).value_or(Channel::kWeb);
        article.body = row.Text(5);
        article.created_at = FromEpochSeconds(row.Int(6));
        index_by_id[article.id.value] = articles.size();
        articles.push_back(std::move(article));
    }
    SLADESK_ASSIGN_OR_RETURN(SqlRows attachment_rows, db.Query(kAttachmentsForTicket, params));
    for (const SqlRow& row : attachment_rows) {
        Attachment attachment = AttachmentFromRow(row);
        // Attachments of internal notes are skipped along with their notes.
        if (auto found = index_by_id.find(attachment.article_id.value); found != index_by_id.end()) {
            articles[found->second].attachments.push_back(std::move(attachment));
        }
    }
    return articles;
}

Result<Attachment> ArticleRepo::GetAttachment(SqlConnection& db, AttachmentId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetAttachment, params, "attachment " + std::to_string(id.value)));
    return AttachmentFromRow(row);
}

Result<bool> ArticleRepo::AttachmentIsInternal(SqlConnection& db, AttachmentId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row,
                             QueryOne(db, kAttachmentInternal, params, "attachment " + std::to_string(id.value)));
    return row.Int(0) != 0;
}

Result<std::int64_t> ArticleRepo::CountArticles(SqlConnection& db, TicketId ticket) {
    const SqlValue params[] = {ticket.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kCountArticles, params, "article count"));
    return row.Int(0);
}

Result<CannedResponseId> ArticleRepo::UpsertCanned(SqlConnection& db, const CannedResponse& canned, UtcTime at) {
    const SqlValue params[] = {canned.name, canned.language, canned.body, ToEpochSeconds(at)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kUpsertCanned, params, "canned response id"));
    return CannedResponseId{row.Int(0)};
}

Result<std::vector<CannedResponse>> ArticleRepo::ListCanned(SqlConnection& db) {
    return QueryAll(db, kListCanned, {}, CannedFromRow);
}

Result<CannedResponse> ArticleRepo::GetCanned(SqlConnection& db, CannedResponseId id) {
    const SqlValue params[] = {id.value};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kGetCanned, params, "canned response " + std::to_string(id.value)));
    return CannedFromRow(row);
}

}  // namespace sladesk::store
