#include "store/sql.hpp"

#include <charconv>

namespace sladesk::store {

std::int64_t SqlRow::Int(std::size_t column) const {
    const SqlValue& value = values_.at(column);
    if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
    if (const auto* real = std::get_if<double>(&value)) return static_cast<std::int64_t>(*real);
    if (const auto* text = std::get_if<std::string>(&value)) {
        std::int64_t parsed = 0;
        std::from_chars(text->data(), text->data() + text->size(), parsed);
        return parsed;
    }
    return 0;
}

std::optional<std::int64_t> SqlRow::OptInt(std::size_t column) const {
    if (IsNull(column)) return std::nullopt;
    return Int(column);
}

std::string SqlRow::Text(std::size_t column) const {
    const SqlValue& value = values_.at(column);
    if (const auto* text = std::get_if<std::string>(&value)) return *text;
    if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
    if (const auto* real = std::get_if<double>(&value)) return std::to_string(*real);
    return {};
}

std::optional<std::string> SqlRow::OptText(std::size_t column) const {
    if (IsNull(column)) return std::nullopt;
    return Text(column);
}

Result<SqlRow> QueryOne(SqlConnection& db, const NamedQuery& query, std::span<const SqlValue> params,
                        const std::string& what) {
    auto rows = db.Query(query, params);
    if (!rows) return rows.error();
    if (rows->empty()) return Error::NotFound(what);
    return std::move(rows->front());
}

SqlValue OptionalValue(const std::optional<std::int64_t>& value) {
    if (!value) return std::monostate{};
    return *value;
}

SqlValue OptionalValue(const std::optional<std::string>& value) {
    if (!value) return std::monostate{};
    return *value;
}

}  // namespace sladesk::store
