#include "store/article_repo.hpp"

#include <string>

namespace sladesk::store {
namespace {

constexpr NamedQuery kInsertArticle{"article_insert",
    "INSERT INTO articles (ticket_id, author_id, internal, channel, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
    "RETURNING id"};
constexpr NamedQuery kInsertAttachment{"attachment_insert",
    "INSERT INTO attachments (ticket_id, article_id, filename, content_type, size, sha256, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
// Articles with their attachments in one statement: one row per attachment (or one with NULLs if none).
#define SLADESK_ARTICLE_WITH_ATTACHMENTS                                                                           \
    "SELECT a.id, a.ticket_id, a.author_id, a.internal, a.channel, a.body, a.created_at, "                        \
    "x.id, x.ticket_id, x.article_id, x.filename, x.content_type, x.size, x.sha256, x.created_at "                \
    "FROM articles a LEFT JOIN attachments x ON x.article_id = a.id WHERE a.ticket_id = $1 "
constexpr NamedQuery kArticlesAll{"articles_for_ticket", SLADESK_ARTICLE_WITH_ATTACHMENTS "ORDER BY a.id, x.id"};
constexpr NamedQuery kArticlesPublic{"articles_public_for_ticket",
    SLADESK_ARTICLE_WITH_ATTACHMENTS "AND a.internal = 0 ORDER BY a.id, x.id"};
#undef SLADESK_ARTICLE_WITH_ATTACHMENTS
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

/// The attachment in the eight columns from `first` on (id, ticket_id, article_id, filename, content_type, size,
/// sha256, created_at).
Attachment AttachmentFromRow(const SqlRow& row, std::size_t first = 0) {
    Attachment attachment;
    attachment.id = AttachmentId{row.Int(first)};
    attachment.ticket_id = TicketId{row.Int(first + 1)};
    attachment.article_id = ArticleId{row.Int(first + 2)};
    attachment.filename = row.Text(first + 3);
    attachment.content_type = row.Text(first + 4);
    attachment.size = row.Int(first + 5);
    attachment.sha256 = row.Text(first + 6);
    attachment.created_at = FromEpochSeconds(row.Int(first + 7));
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
    for (const SqlRow& row : rows) {
        const ArticleId id{row.Int(0)};
        if (articles.empty() || articles.back().id != id) {
            Article article;
            article.id = id;
            article.ticket_id = TicketId{row.Int(1)};
            article.author_id = UserId{row.Int(2)};
            article.internal = row.Int(3) != 0;
            article.channel = kChannelNames.Parse(row.Text(4)).value_or(Channel::kWeb);
            article.body = row.Text(5);
            article.created_at = FromEpochSeconds(row.Int(6));
            articles.push_back(std::move(article));
        }
        if (!row.IsNull(7)) articles.back().attachments.push_back(AttachmentFromRow(row, 7));
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
