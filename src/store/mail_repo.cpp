#include "store/mail_repo.hpp"

namespace sladesk::store {
namespace {

constexpr NamedQuery kFindInbound{
    "mail_inbound_find",
    "SELECT message_id, sender, received_at, outcome, ticket_id, article_id, reason FROM mail_inbound "
    "WHERE message_id = $1"};
constexpr NamedQuery kInsertInbound{
    "mail_inbound_insert",
    "INSERT INTO mail_inbound (message_id, sender, received_at, outcome, ticket_id, article_id, reason) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr NamedQuery kCountInbound{"mail_inbound_count_since",
                                   "SELECT COUNT(*) FROM mail_inbound WHERE sender = $1 AND received_at > $2"};
constexpr NamedQuery kAddThreadId{
    "mail_thread_id_add",
    "INSERT INTO mail_thread_ids (message_id, ticket_id, direction, created_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (message_id) DO NOTHING"};
constexpr NamedQuery kFindThread{"mail_thread_find", "SELECT ticket_id FROM mail_thread_ids WHERE message_id = $1"};
constexpr NamedQuery kThreadIds{
    "mail_thread_ids_of_ticket",
    "SELECT message_id FROM mail_thread_ids WHERE ticket_id = $1 ORDER BY created_at, message_id"};
constexpr NamedQuery kUserByEmail{"user_find_by_email",
                                  "SELECT id FROM users WHERE lower(email) = $1 AND active = 1 ORDER BY id LIMIT 1"};
constexpr NamedQuery kInsertBounce{
    "mail_bounce_insert",
    "INSERT INTO mail_bounces (user_id, address, status, message_id, created_at) VALUES ($1, $2, $3, $4, $5)"};
constexpr NamedQuery kBouncesOf{
    "mail_bounces_of_user",
    "SELECT user_id, address, status, message_id, created_at FROM mail_bounces WHERE user_id = $1 ORDER BY id"};

template <typename IdType>
std::optional<IdType> OptId(const SqlRow& row, std::size_t column) {
    auto value = row.OptInt(column);
    if (!value) return std::nullopt;
    return IdType{*value};
}

template <typename IdType>
SqlValue IdOrNull(const std::optional<IdType>& id) {
    if (!id) return std::monostate{};
    return id->value;
}

}  // namespace

Result<std::optional<InboundRecord>> MailRepo::FindInbound(SqlConnection& db, const std::string& message_id) {
    const SqlValue params[] = {message_id};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kFindInbound, params));
    if (rows.empty()) return std::optional<InboundRecord>{};
    const SqlRow& row = rows.front();
    return std::optional<InboundRecord>{InboundRecord{row.Text(0), row.Text(1), FromEpochSeconds(row.Int(2)),
                                                      row.Text(3), OptId<TicketId>(row, 4), OptId<ArticleId>(row, 5),
                                                      row.OptText(6)}};
}

Status MailRepo::RecordInbound(SqlConnection& db, const InboundRecord& record) {
    const SqlValue params[] = {record.message_id,
                               record.sender,
                               ToEpochSeconds(record.received_at),
                               record.outcome,
                               IdOrNull(record.ticket_id),
                               IdOrNull(record.article_id),
                               OptionalValue(record.reason)};
    SLADESK_TRY(db.Execute(kInsertInbound, params));
    return OkStatus();
}

Result<std::int64_t> MailRepo::CountInboundSince(SqlConnection& db, const std::string& sender, UtcTime since) {
    const SqlValue params[] = {sender, ToEpochSeconds(since)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kCountInbound, params, "inbound count"));
    return row.Int(0);
}

Status MailRepo::AddThreadId(SqlConnection& db, const std::string& message_id, TicketId ticket, MailDirection direction,
                             UtcTime at) {
    const SqlValue params[] = {message_id, ticket.value, std::string(direction == MailDirection::kIn ? "in" : "out"),
                               ToEpochSeconds(at)};
    SLADESK_TRY(db.Execute(kAddThreadId, params));
    return OkStatus();
}

Result<std::optional<TicketId>> MailRepo::FindThread(SqlConnection& db, std::span<const std::string> message_ids) {
    for (const std::string& id : message_ids) {
        const SqlValue params[] = {id};
        SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kFindThread, params));
        if (!rows.empty()) return std::optional<TicketId>{TicketId{rows.front().Int(0)}};
    }
    return std::optional<TicketId>{};
}

Result<std::vector<std::string>> MailRepo::ThreadIds(SqlConnection& db, TicketId ticket) {
    const SqlValue params[] = {ticket.value};
    return QueryAll(db, kThreadIds, params, [](const SqlRow& row) { return row.Text(0); });
}

Result<std::optional<UserId>> MailRepo::FindUserByEmail(SqlConnection& db, const std::string& address) {
    const SqlValue params[] = {address};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kUserByEmail, params));
    if (rows.empty()) return std::optional<UserId>{};
    return std::optional<UserId>{UserId{rows.front().Int(0)}};
}

Status MailRepo::RecordBounce(SqlConnection& db, const BounceRecord& bounce) {
    const SqlValue params[] = {bounce.user_id.value, bounce.address, bounce.status, bounce.message_id,
                               ToEpochSeconds(bounce.created_at)};
    SLADESK_TRY(db.Execute(kInsertBounce, params));
    return OkStatus();
}

Result<std::vector<BounceRecord>> MailRepo::BouncesOf(SqlConnection& db, UserId user) {
    const SqlValue params[] = {user.value};
    return QueryAll(db, kBouncesOf, params, [](const SqlRow& row) {
        return BounceRecord{UserId{row.Int(0)}, row.Text(1), row.Text(2), row.Text(3), FromEpochSeconds(row.Int(4))};
    });
}

}  // namespace sladesk::store
