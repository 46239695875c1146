#include "http/json/object_reader.hpp"

namespace sladesk::http::json {

Result<nlohmann::json> ParseObject(const std::string& body) {
    if (body.empty()) return Error::InvalidArgument("request body must be a JSON object");
    nlohmann::json value;
    try {
        value = nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
        return Error::InvalidArgument("body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    } catch (const nlohmann::json::exception&) {
        // Not only parse_error: a number too large for a double ("1e999") throws out_of_range.
        return Error::InvalidArgument("body is not valid JSON (a number is out of range)");
    }
    if (!value.is_object()) return Error::InvalidArgument("request body must be a JSON object");
    return value;
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string path) : object_(object), path_(std::move(path)) {}

void ObjectReader::Fail(const std::string& key, const std::string& message) {
    if (!error_) error_ = Error::InvalidArgument(path_ + key + ": " + message);
}

const nlohmann::json* ObjectReader::Field(const std::string& key) {
    known_.insert(key);
    if (!object_.is_object()) return nullptr;
    auto found = object_.find(key);
    return found == object_.end() ? nullptr : &*found;
}

std::string ObjectReader::String(const std::string& key, std::size_t max_bytes) {
    auto value = OptString(key, max_bytes);
    if (!value) {
        if (!Field(key)) Fail(key, "is required");
        return {};
    }
    return *value;
}

std::optional<std::string> ObjectReader::OptString(const std::string& key, std::size_t max_bytes) {
    const nlohmann::json* field = Field(key);
    if (field == nullptr) return std::nullopt;
    if (!field->is_string()) {
        Fail(key, "must be a string");
        return std::nullopt;
    }
    const auto& text = field->get_ref<const std::string&>();
    if (text.size() > max_bytes) {
        Fail(key, "is longer than " + std::to_string(max_bytes) + " bytes");
        return std::nullopt;
    }
    if (text.find('\0') != std::string::npos) {
        Fail(key, "must not contain NUL characters");
        return std::nullopt;
    }
    return text;
}

std::optional<std::int64_t> ObjectReader::OptInt(const std::string& key, std::int64_t low, std::int64_t high) {
    const nlohmann::json* field = Field(key);
    if (field == nullptr) return std::nullopt;
    if (!field->is_number_integer()) {
        Fail(key, "must be an integer");
        return std::nullopt;
    }
    // Unsigned values above int64 range arrive as number_unsigned; reject them as out of range.
    if (field->is_number_unsigned() && field->get<std::uint64_t>() > static_cast<std::uint64_t>(high)) {
        Fail(key, "must be between " + std::to_string(low) + " and " + std::to_string(high));
        return std::nullopt;
    }
    const auto value = field->get<std::int64_t>();
    if (value < low || value > high) {
        Fail(key, "must be between " + std::to_string(low) + " and " + std::to_string(high));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> ObjectReader::OptBool(const std::string& key) {
    const nlohmann::json* field = Field(key);
    if (field == nullptr) return std::nullopt;
    if (!field->is_boolean()) {
        Fail(key, "must be true or false");
        return std::nullopt;
    }
    return field->get<bool>();
}

std::optional<std::optional<std::int64_t>> ObjectReader::OptNullableId(const std::string& key) {
    const nlohmann::json* field = Field(key);
    if (field == nullptr) return std::nullopt;
    if (field->is_null()) return std::optional<std::int64_t>{};
    if (!field->is_number_integer() || field->get<std::int64_t>() <= 0) {
        Fail(key, "must be a positive id or null");
        return std::nullopt;
    }
    return std::optional<std::int64_t>{field->get<std::int64_t>()};
}

std::optional<std::vector<std::string>> ObjectReader::OptStringList(const std::string& key, std::size_t max_items,
                                                                    std::size_t max_bytes) {
    const nlohmann::json* field = Field(key);
    if (field == nullptr) return std::nullopt;
    if (!field->is_array() || field->size() > max_items) {
        Fail(key, "must be a list of at most " + std::to_string(max_items) + " strings");
        return std::nullopt;
    }
    std::vector<std::string> values;
    for (const auto& item : *field) {
        if (!item.is_string() || item.get_ref<const std::string&>().size() > max_bytes) {
            Fail(key, "must hold strings of at most " + std::to_string(max_bytes) + " bytes");
            return std::nullopt;
        }
        values.push_back(item.get<std::string>());
    }
    return values;
}

const nlohmann::json* ObjectReader::OptArray(const std::string& key, std::size_t max_items) {
    const nlohmann::json* field = Field(key);
    if (field == nullptr) return nullptr;
    if (!field->is_array() || field->size() > max_items) {
        Fail(key, "must be a list of at most " + std::to_string(max_items) + " items");
        return nullptr;
    }
    return field;
}

Status ObjectReader::Finish() {
    if (error_) return *error_;
    if (!object_.is_object()) return Error::InvalidArgument(path_ + "must be an object");
    for (const auto& [key, value] : object_.items()) {
        if (!known_.contains(key)) return Error::InvalidArgument("unknown field '" + path_ + key + "'");
    }
    return OkStatus();
}

}  // namespace sladesk::http::json
