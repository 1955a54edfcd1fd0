// ngcrt/span.hpp - a minimal C++17 stand-in for std::span (pointer + size).
#pragma once

#include <cstddef>
#include <type_traits>

namespace ngcrt {

template <class T>
class span {
public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;
    using size_type = std::size_t;
    using pointer = T*;
    using iterator = T*;

    constexpr span() noexcept = default;
    constexpr span(T* data, std::size_t size) noexcept : data_(data), size_(size) {}
    // The one-argument constructors are implicit on purpose, as std::span's are: arrays,
    // containers and span<T> convert to a span parameter without ceremony.
    template <std::size_t N>
    // cppcheck-suppress noExplicitConstructor ; implicit like std::span's
    constexpr span(T (&array)[N]) noexcept : data_(array), size_(N) {}
    // span<T> -> span<const T>
    template <class U, class = std::enable_if_t<std::is_same_v<const U, T> && !std::is_same_v<U, T>>>
    // cppcheck-suppress noExplicitConstructor ; implicit like std::span's
    constexpr span(const span<U>& other) noexcept : data_(other.data()), size_(other.size()) {}
    // Any contiguous container with data() and size() (std::array, std::vector, ...).
    template <class C,
              class = std::enable_if_t<!std::is_array_v<C> &&
                                       std::is_convertible_v<decltype(std::declval<C&>().data()), T*>>,
              class = decltype(std::declval<C&>().size())>
    // cppcheck-suppress noExplicitConstructor ; implicit like std::span's
    constexpr span(C& c) noexcept : data_(c.data()), size_(c.size()) {}

    constexpr T* data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }
    constexpr T* begin() const noexcept { return data_; }
    constexpr T* end() const noexcept { return data_ + size_; }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace ngcrt
