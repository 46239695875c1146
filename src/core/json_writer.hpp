// Compact JSON written straight into a string, without building a document: for the hot paths (responses,
// the clock rows stored on every ticket change).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/utc_time.hpp"

namespace sladesk {

/// Writes JSON text straight into a string, byte for byte as nlohmann::json's dump() of the same document would
/// (compact; invalid UTF-8 replaced by U+FFFD; keys in the order written, so write them sorted to match its
/// std::map order), without building a DOM: for the hot responses. Not thread-safe; `out` must outlive it.
class JsonWriter {
 public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& BeginObject();
    JsonWriter& EndObject();
    JsonWriter& BeginArray();
    JsonWriter& EndArray();
    /// An object member's name; the next call writes its value.
    JsonWriter& Key(std::string_view key);

    JsonWriter& String(std::string_view text);
    JsonWriter& Int(std::int64_t value);
    /// Shortest round-trip form with ".0" on whole numbers, as nlohmann writes doubles; null if not finite.
    JsonWriter& Double(double value);
    JsonWriter& Bool(bool value);
    JsonWriter& Null();
    /// ISO 8601 UTC with seconds ("2026-11-27T20:03:35Z"), as FormatIso8601.
    JsonWriter& Time(UtcTime time);
    JsonWriter& Time(const std::optional<UtcTime>& time);

    template <typename IdType>
    JsonWriter& Id(const std::optional<IdType>& id) {
        return id ? Int(id->value) : Null();
    }

 private:
    void Separate();

    std::string& out_;
    bool need_comma_ = false;
};

}  // namespace sladesk
