// A message's top-level header fields as decoded text, for the filters to read without GMime. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sladesk::mail {

/// Header fields in order; names lower-case, values unfolded and trimmed. Plain value type.
class MailHeaders {
 public:
    void Add(std::string name, std::string value);
    /// The first field called `name` (lower-case), or nullopt.
    std::optional<std::string_view> Get(std::string_view name) const;
    bool Has(std::string_view name) const { return Get(name).has_value(); }

 private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

/// `text` lower-cased (ASCII letters only).
std::string AsciiLower(std::string_view text);

}  // namespace sladesk::mail
