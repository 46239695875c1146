// Result<T>: a value or an Error. g++ 12 has no std::expected; this is the small subset we use.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace sladesk {

/// Holds either a T or an Error. Not thread-safe; a plain value type.
template <typename T>
class [[nodiscard]] Result {
 public:
    Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return data_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(data_); }
    const T& value() const& { assert(ok()); return std::get<0>(data_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(data_)); }
    const Error& error() const { assert(!ok()); return std::get<1>(data_); }

    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

 private:
    std::variant<T, Error> data_;
};

/// Success without a value.
struct Ok {};
using Status = Result<Ok>;

inline Status OkStatus() { return Ok{}; }

}  // namespace sladesk

// Both macros name their temporary with __COUNTER__, so they nest (a SLADESK_TRY inside a lambda inside another).

/// Evaluates `expr` (a Result); on error returns that error from the enclosing function.
#define SLADESK_TRY(expr) SLADESK_TRY_IMPL_(expr, SLADESK_CONCAT_(sladesk_try_, __COUNTER__))
#define SLADESK_TRY_IMPL_(expr, name)        \
    do {                                     \
        auto name = (expr);                  \
        if (!name) return name.error();      \
    } while (false)

/// Evaluates `expr` (a Result) and moves its value into `lhs`; on error returns it.
#define SLADESK_ASSIGN_OR_RETURN(lhs, expr) \
    SLADESK_ASSIGN_OR_RETURN_IMPL_(lhs, expr, SLADESK_CONCAT_(sladesk_result_, __COUNTER__))
#define SLADESK_ASSIGN_OR_RETURN_IMPL_(lhs, expr, name) \
    auto name = (expr);                                \
    if (!name) return name.error();                    \
    lhs = std::move(*name)
#define SLADESK_CONCAT_INNER_(a, b) a##b
#define SLADESK_CONCAT_(a, b) SLADESK_CONCAT_INNER_(a, b)
