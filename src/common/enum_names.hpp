#pragma once
// Wire names of enumerations, from one table per enum: `Name` and `Parse`
// read the same rows, so a value and its text cannot drift apart.

#include <optional>
#include <span>
#include <string_view>

namespace entitled {

template <typename E>
struct EnumName {
    E value;
    std::string_view name;
};

template <typename E>
constexpr std::string_view NameIn(std::span<const EnumName<E>> table, E value) {
    for (const auto& row : table) {
        if (row.value == value) return row.name;
    }
    return {};
}

template <typename E>
constexpr std::optional<E> ParseIn(std::span<const EnumName<E>> table, std::string_view name) {
    for (const auto& row : table) {
        if (row.name == name) return row.value;
    }
    return std::nullopt;
}

}  // namespace entitled
