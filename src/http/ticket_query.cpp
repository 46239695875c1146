#include "http/ticket_query.hpp"

#include <sodium.h>

#include <charconv>
#include <cstring>
#include <set>

#include "http/respond.hpp"

namespace sladesk::http {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
constexpr int kMaxLimit = 200;

const char* SortName(store::TicketSort sort) {
    switch (sort) {
        case store::TicketSort::kId: return "id";
        case store::TicketSort::kCreatedAt: return "created_at";
        case store::TicketSort::kUpdatedAt: return "updated_at";
        case store::TicketSort::kPriority: return "priority";
    }
    return "id";
}

std::string CursorPrefix(const store::TicketQuery& query) {
    return std::string("c1.") + SortName(query.sort) + (query.descending ? ".d." : ".a.");
}

Status ParseSort(const std::string& text, store::TicketQuery& query) {
    std::string name = text;
    query.descending = !name.empty() && name.front() == '-';
    if (query.descending) name.erase(0, 1);
    for (auto sort : {store::TicketSort::kId, store::TicketSort::kCreatedAt, store::TicketSort::kUpdatedAt,
                      store::TicketSort::kPriority}) {
        if (name == SortName(sort)) {
            query.sort = sort;
            return OkStatus();
        }
    }
    return Error::InvalidArgument("sort must be one of id, created_at, updated_at, priority (prefix - for descending)");
}

Status ParseCursor(const std::string& cursor, store::TicketQuery& query) {
    std::string decoded(cursor.size(), '\0');
    std::size_t length = 0;
    const Error bad = Error::InvalidArgument("cursor is not valid for this query");
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), cursor.data(),
                          cursor.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        return bad;
    }
    decoded.resize(length);
    const std::string prefix = CursorPrefix(query);
    if (!decoded.starts_with(prefix)) return bad;
    const std::string rest = decoded.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos) return bad;
    std::int64_t value = 0, id = 0;
    const auto first = std::from_chars(rest.data(), rest.data() + dot, value);
    const auto second = std::from_chars(rest.data() + dot + 1, rest.data() + rest.size(), id);
    if (first.ec != std::errc{} || second.ec != std::errc{} || first.ptr != rest.data() + dot ||
        second.ptr != rest.data() + rest.size()) {
        return bad;
    }
    query.after = std::make_pair(value, id);
    return OkStatus();
}

template <typename IdType>
Status ReadId(const Request& request, const std::string& name, std::optional<IdType>& out) {
    SLADESK_ASSIGN_OR_RETURN(auto value, QueryInt(request, name, 1, kMaxId));
    if (value) out = IdType{*value};
    return OkStatus();
}

Status ParseStatuses(const std::string& text, store::TicketQuery& query) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        auto status = kTicketStatusNames.Parse(std::string_view(text).substr(start, comma - start));
        if (!status) return Error::InvalidArgument("status must be a comma-separated list of ticket statuses");
        query.statuses.push_back(*status);
        start = comma + 1;
    }
    return OkStatus();
}

}  // namespace

Result<store::TicketQuery> ParseTicketQuery(const Request& request) {
    static const std::set<std::string> kKnown{"status",  "priority", "group", "assignee", "customer", "organisation",
                                              "service", "category", "kind",  "tag",      "q",        "sort",
                                              "limit",   "cursor"};
    for (const auto& [name, value] : request.query) {
        if (!kKnown.contains(name)) return Error::InvalidArgument("unknown query parameter '" + name + "'");
    }
    store::TicketQuery query;
    if (auto status = request.Query("status")) SLADESK_TRY(ParseStatuses(*status, query));
    SLADESK_ASSIGN_OR_RETURN(auto priority, QueryInt(request, "priority", 1, 9));
    if (priority) query.priority = static_cast<int>(*priority);
    SLADESK_TRY(ReadId(request, "group", query.group_id));
    if (auto assignee = request.Query("assignee")) {
        if (*assignee == "none") {
            query.unassigned = true;
        } else if (*assignee == "me") {
            query.assignee_id = request.actor_ref().id;
        } else {
            SLADESK_TRY(ReadId(request, "assignee", query.assignee_id));
        }
    }
    SLADESK_TRY(ReadId(request, "customer", query.customer_id));
    SLADESK_TRY(ReadId(request, "organisation", query.organisation_id));
    SLADESK_TRY(ReadId(request, "service", query.service_id));
    SLADESK_TRY(ReadId(request, "category", query.category_id));
    if (auto kind = request.Query("kind")) {
        query.kind = kTicketKindNames.Parse(*kind);
        if (!query.kind) return Error::InvalidArgument("kind is not a ticket kind");
    }
    if (auto tag = request.Query("tag")) query.tag = *tag;
    if (auto text = request.Query("q")) {
        if (text->size() > 200) return Error::InvalidArgument("q is longer than 200 bytes");
        if (!text->empty()) query.text = *text;
    }
    if (auto sort = request.Query("sort")) {
        SLADESK_TRY(ParseSort(*sort, query));
    }
    SLADESK_ASSIGN_OR_RETURN(auto limit, QueryInt(request, "limit", 1, kMaxLimit));
    if (limit) query.limit = static_cast<int>(*limit);
    if (auto cursor = request.Query("cursor")) SLADESK_TRY(ParseCursor(*cursor, query));
    return query;
}

std::string EncodeCursor(const store::TicketQuery& query, const Ticket& last) {
    const std::string raw =
        CursorPrefix(query) + std::to_string(store::SortValue(last, query.sort)) + "." + std::to_string(last.id.value);
    std::string encoded(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    encoded.resize(std::strlen(encoded.c_str()));
    return encoded;
}

}  // namespace sladesk::http
