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

/// Evaluates `expr` (a Result); on error returns that error from the enclosing function.
#define SLADESK_TRY(expr)                              \
    do {                                               \
        auto sladesk_try_result_ = (expr);             \
        if (!sladesk_try_result_) return sladesk_try_result_.error(); \
    } while (false)

/// Evaluates `expr` (a Result) and moves its value into `lhs`; on error returns it.
#define SLADESK_ASSIGN_OR_RETURN(lhs, expr)             \
    auto SLADESK_CONCAT_(sladesk_r_, __LINE__) = (expr); \
    if (!SLADESK_CONCAT_(sladesk_r_, __LINE__)) return SLADESK_CONCAT_(sladesk_r_, __LINE__).error(); \
    lhs = std::move(*SLADESK_CONCAT_(sladesk_r_, __LINE__))
#define SLADESK_CONCAT_INNER_(a, b) a##b
#define SLADESK_CONCAT_(a, b) SLADESK_CONCAT_INNER_(a, b)
