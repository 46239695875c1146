// TicketRepo::List and ::Visible: queries built from filters and the caller's visibility.
#include <string>

#include "store/detail/ticket_rows.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::store {
namespace {

/// Collects a WHERE clause and its numbered parameters.
class QueryBuilder {
 public:
    /// Appends "AND <condition>" where each "?" in `condition` becomes the next $N bound to the next value.
    void Where(std::string_view condition, std::initializer_list<SqlValue> values) {
        sql_ += " AND ";
        auto value = values.begin();
        for (char c : condition) {
            if (c == '?' && value != values.end()) {
                params_.push_back(*value++);
                sql_ += "$" + std::to_string(params_.size());
            } else {
                sql_.push_back(c);
            }
        }
    }
    std::string& sql() { return sql_; }
    std::vector<SqlValue>& params() { return params_; }

 private:
    std::string sql_;
    std::vector<SqlValue> params_;
};

void AddVisibility(QueryBuilder& builder, const Actor& actor) {
    if (actor.SeesAllTickets()) return;
    if (actor.IsCustomer()) {
        if (actor.org_admin && actor.organisation_id) {
            builder.Where("t.organisation_id = ?", {actor.organisation_id->value});
        } else {
            builder.Where("t.customer_id = ?", {actor.id.value});
        }
        return;
    }
    builder.Where("(t.group_id IS NULL OR t.assignee_id = ? OR t.group_id IN "
                  "(SELECT group_id FROM group_members WHERE user_id = ?))",
                  {actor.id.value, actor.id.value});
}

/// LIKE pattern for a substring, with the pattern characters escaped by backslash.
std::string LikePattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
        pattern.push_back(c);
    }
    pattern.push_back('%');
    return pattern;
}

/// Number of Unicode code points (trigram search needs at least three).
std::size_t CodePoints(const std::string& text) {
    std::size_t count = 0;
    for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

void AddTextSearch(QueryBuilder& builder, const std::string& text, const Actor& actor, Backend backend) {
    const std::string internal_filter = actor.IsCustomer() ? " AND internal = 0" : "";
    if (backend == Backend::kPostgres) {
        builder.Where("t.id IN (SELECT ticket_id FROM ticket_search WHERE body ILIKE ? ESCAPE '\\'" +
                          internal_filter + ")",
                      {LikePattern(text)});
    } else {
        // Indexed text through FTS5 (trigram MATCH, or LIKE below three characters, which FTS5 answers by a scan of
        // its own table), plus the text still waiting in ticket_search_pending.
        std::string indexed;
        SqlValue indexed_value;
        if (CodePoints(text) >= 3) {
            std::string phrase = "\"";
            for (char c : text) {
                if (c == '"') phrase.push_back('"');
                phrase.push_back(c);
            }
            phrase.push_back('"');
            indexed = "SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH ?";
            indexed_value = phrase;
        } else {
            indexed = "SELECT ticket_id FROM ticket_search WHERE body LIKE ? ESCAPE '\\'";
            indexed_value = LikePattern(text);
        }
        builder.Where("t.id IN (" + indexed + internal_filter +
                          " UNION ALL SELECT ticket_id FROM ticket_search_pending WHERE body LIKE ? ESCAPE '\\'" +
                          internal_filter + ")",
                      {indexed_value, LikePattern(text)});
    }
}

const char* SortColumn(TicketSort sort) {
    switch (sort) {
        case TicketSort::kId: return "t.id";
        case TicketSort::kCreatedAt: return "t.created_at";
        case TicketSort::kUpdatedAt: return "t.updated_at";
        case TicketSort::kPriority: return "t.priority";
    }
    return "t.id";
}

void AddFilters(QueryBuilder& builder, const TicketQuery& query) {
    if (!query.statuses.empty()) {
        builder.sql() += " AND t.status IN (";
        for (std::size_t i = 0; i < query.statuses.size(); ++i) {
            builder.params().emplace_back(std::string(kTicketStatusNames.Name(query.statuses[i])));
            builder.sql() += (i == 0 ? "$" : ", $") + std::to_string(builder.params().size());
        }
        builder.sql() += ")";
    }
    if (query.priority) builder.Where("t.priority = ?", {std::int64_t{*query.priority}});
    if (query.group_id) builder.Where("t.group_id = ?", {query.group_id->value});
    if (query.assignee_id) builder.Where("t.assignee_id = ?", {query.assignee_id->value});
    if (query.unassigned) builder.Where("t.assignee_id IS NULL", {});
    if (query.customer_id) builder.Where("t.customer_id = ?", {query.customer_id->value});
    if (query.organisation_id) builder.Where("t.organisation_id = ?", {query.organisation_id->value});
    if (query.service_id) builder.Where("t.service_id = ?", {query.service_id->value});
    if (query.category_id) builder.Where("t.category_id = ?", {query.category_id->value});
    if (query.kind) builder.Where("t.kind = ?", {std::string(kTicketKindNames.Name(*query.kind))});
    if (query.resolved_before) builder.Where("t.resolved_at <= ?", {ToEpochSeconds(*query.resolved_before)});
    if (query.tag) builder.Where("t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag = ?)", {*query.tag});
}

}  // namespace

Result<std::vector<Ticket>> TicketRepo::List(SqlConnection& db, const TicketQuery& query, const Actor& actor) {
    QueryBuilder builder;
    builder.sql() = "SELECT " SLADESK_TICKET_COLUMNS " FROM tickets t WHERE 1 = 1";
    AddVisibility(builder, actor);
    AddFilters(builder, query);
    if (query.text && !query.text->empty()) AddTextSearch(builder, *query.text, actor, db.backend());
    const std::string column = SortColumn(query.sort);
    const char* direction = query.descending ? "DESC" : "ASC";
    if (query.after) {
        const char* op = query.descending ? "<" : ">";
        if (query.sort == TicketSort::kId) {
            builder.Where("t.id " + std::string(op) + " ?", {query.after->second});
        } else {
            builder.Where("(" + column + " " + op + " ? OR (" + column + " = ? AND t.id " + op + " ?))",
                          {query.after->first, query.after->first, query.after->second});
        }
    }
    builder.sql() += " ORDER BY " + column + " " + direction;
    if (query.sort != TicketSort::kId) builder.sql() += ", t.id " + std::string(direction);
    // The limit is a parameter so every page size shares one prepared statement.
    builder.params().emplace_back(std::int64_t{query.limit + 1});
    builder.sql() += " LIMIT $" + std::to_string(builder.params().size());

    const NamedQuery named{"tickets_list", builder.sql().c_str()};
    return QueryAll(db, named, builder.params(), detail::TicketFromRow);
}

Result<bool> TicketRepo::Visible(SqlConnection& db, TicketId id, const Actor& actor) {
    QueryBuilder builder;
    builder.sql() = "SELECT t.id FROM tickets t WHERE 1 = 1";
    builder.Where("t.id = ?", {id.value});
    AddVisibility(builder, actor);
    const NamedQuery named{"ticket_visible", builder.sql().c_str()};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(named, builder.params()));
    return !rows.empty();
}

Result<Ticket> TicketRepo::GetVisible(SqlConnection& db, TicketId id, const Actor& actor) {
    QueryBuilder builder;
    builder.sql() = "SELECT " SLADESK_TICKET_COLUMNS " FROM tickets t WHERE 1 = 1";
    builder.Where("t.id = ?", {id.value});
    AddVisibility(builder, actor);
    const NamedQuery named{"ticket_get_visible", builder.sql().c_str()};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, named, builder.params(), "ticket " + std::to_string(id.value)));
    Ticket ticket = detail::TicketFromRow(row);
    SLADESK_TRY(detail::LoadTags(db, ticket));
    return ticket;
}

}  // namespace sladesk::store
