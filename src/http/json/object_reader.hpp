// Reads fields of a JSON object with type checks, remembering the first error and rejecting unknown fields.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"

namespace sladesk::http::json {

/// Parses `body` as one JSON object. kInvalidArgument naming the byte offset for malformed JSON or bad UTF-8;
/// kInvalidArgument if it is not an object.
Result<nlohmann::json> ParseObject(const std::string& body);

/// Not thread-safe; lives for one parse. Getters return a default when the field is absent or wrong; the first
/// problem (wrong type, missing required field, over-long string, unknown enum name) is kept for Finish().
class ObjectReader {
 public:
    /// `object` must outlive the reader. `path` prefixes field names in errors ("attachments[0].").
    explicit ObjectReader(const nlohmann::json& object, std::string path = "");

    std::string String(const std::string& key, std::size_t max_bytes);  // required
    std::optional<std::string> OptString(const std::string& key, std::size_t max_bytes);
    std::optional<std::int64_t> OptInt(const std::string& key, std::int64_t low, std::int64_t high);
    std::optional<bool> OptBool(const std::string& key);
    /// Absent: nullopt. null: an empty inner optional. A number: that id.
    std::optional<std::optional<std::int64_t>> OptNullableId(const std::string& key);
    std::optional<std::vector<std::string>> OptStringList(const std::string& key, std::size_t max_items,
                                                          std::size_t max_bytes);
    /// The array at `key` (empty if absent); its items are read by nested readers.
    const nlohmann::json* OptArray(const std::string& key, std::size_t max_items);

    template <typename Enum, std::size_t N>
    std::optional<Enum> OptEnum(const std::string& key, const EnumNames<Enum, N>& names) {
        auto text = OptString(key, 64);
        if (!text) return std::nullopt;
        auto value = names.Parse(*text);
        if (!value) {
            std::string allowed;
            for (const auto& [e, name] : names.entries) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
            Fail(key, "must be one of: " + allowed);
        }
        return value;
    }

    /// Records an error for `key` unless one is already recorded.
    void Fail(const std::string& key, const std::string& message);
    /// The first error, or kInvalidArgument naming the first field the reader was never asked about.
    Status Finish();

 private:
    const nlohmann::json* Field(const std::string& key);

    const nlohmann::json& object_;
    std::string path_;
    std::set<std::string> known_;
    std::optional<Error> error_;
};

}  // namespace sladesk::http::json
