// Name <-> enum tables for the closed sets stored as text and sent as JSON (statuses, kinds, roles...).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace sladesk {

/// A fixed table of (enumerator, wire name) pairs with lookups both ways. constexpr, no allocation.
template <typename Enum, std::size_t N>
struct EnumNames {
    std::array<std::pair<Enum, std::string_view>, N> entries;

    constexpr std::string_view Name(Enum value) const {
        for (const auto& [e, name] : entries) {
            if (e == value) return name;
        }
        return "unknown";
    }
    constexpr std::optional<Enum> Parse(std::string_view name) const {
        for (const auto& [e, n] : entries) {
            if (n == name) return e;
        }
        return std::nullopt;
    }
};

}  // namespace sladesk
