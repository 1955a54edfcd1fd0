// src/c_instance.hpp - the C API's opaque instances, once for every kind of component
// (src/c_api.cpp, c_api_rate.cpp, c_api_synapses.cpp).
//
// A C instance (ngcrt_*_f32/_f64 in ngcrt.h) is caller storage: a union of bytes and
// alignment members. It holds a check word at offset 0 and the component's view after it.
// The check word is the instance's own address mixed with an odd salt per kind and type: a
// zeroed instance, a failed init and a copy at another address all read as "not
// initialised"; an instance initialised as another kind reads as such. Instances are at least
// 4-aligned and the salts odd, so a live key is never 0. The storage is handled as the
// instance's bytes: the check word with memcpy, the view through a laundered pointer once it
// has been constructed there. A view owns nothing and needs no destructor, so re-init or the
// caller discarding the instance forgets it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

#include "ngcrt/status.hpp"

namespace ngcrt::detail::c_api {

template <class Inst>
unsigned char* bytes(Inst* inst) noexcept {
    return reinterpret_cast<unsigned char*>(inst);
}
template <class Inst>
const unsigned char* bytes(const Inst* inst) noexcept {
    return reinterpret_cast<const unsigned char*>(inst);
}
template <class Inst>
std::uintptr_t read_key(const Inst* inst) noexcept {
    std::uintptr_t k = 0;
    std::memcpy(&k, bytes(inst), sizeof k);
    return k;
}
template <class Inst>
std::uintptr_t key_for(const Inst* inst, std::uintptr_t salt) noexcept {
    return reinterpret_cast<std::uintptr_t>(inst) ^ salt;
}

// Why an instance has no view: NULL, initialised as one of the Other kinds sharing its type
// (invalid argument), or not initialised (never, failed, or copied).
template <std::uintptr_t... Other, class Inst>
status missing(const Inst* inst) noexcept {
    if (inst == nullptr) return status::null_buffer;
    const std::uintptr_t salts[] = {Other..., 0};  // 0 ends the list: every salt is odd
    const std::uintptr_t k = read_key(inst);
    for (const std::uintptr_t salt : salts)
        if (salt != 0 && k == key_for(inst, salt)) return status::invalid_argument;
    return status::not_initialized;
}

// View placed in Inst's storage, checked by the key of Salt.
template <class Inst, class View, std::uintptr_t Salt>
struct c_instance {
    static_assert(Salt % 2 == 1, "an odd salt: a live key is never 0");
    static constexpr std::size_t offset =
        (sizeof(std::uintptr_t) + alignof(View) - 1) / alignof(View) * alignof(View);
    static_assert(offset + sizeof(View) <= sizeof(Inst) && alignof(View) <= alignof(Inst) &&
                      alignof(std::uintptr_t) <= alignof(Inst) && std::is_standard_layout_v<Inst> &&
                      std::is_trivially_destructible_v<View>,
                  "a C instance is too small or too weakly aligned for its view: raise its "
                  "NGCRT_*_STORAGE_SIZE in ngcrt.h");

    // Marks the instance not initialised: from the start of an init, and for good on error.
    static void forget(Inst* inst) noexcept {
        const std::uintptr_t zero = 0;
        std::memcpy(bytes(inst), &zero, sizeof zero);
    }
    // Marks the instance initialised, once its view's init has succeeded.
    static void seal(Inst* inst) noexcept {
        const std::uintptr_t k = key_for(inst, Salt);
        std::memcpy(bytes(inst), &k, sizeof k);
    }
    static View* view_of(Inst* inst) noexcept {
        if (inst == nullptr || read_key(inst) != key_for(inst, Salt)) return nullptr;
        return std::launder(reinterpret_cast<View*>(bytes(inst) + offset));
    }
    static const View* view_of(const Inst* inst) noexcept {
        if (inst == nullptr || read_key(inst) != key_for(inst, Salt)) return nullptr;
        return std::launder(reinterpret_cast<const View*>(bytes(inst) + offset));
    }
    // A fresh, empty view in the storage.
    static View* place(Inst* inst) noexcept {
        void* const at = bytes(inst) + offset;
        // cppcheck-suppress legacyUninitvar ; placement new: the new object
        return ::new (at) View();  // NOLINT(cppcoreguidelines-owning-memory): placement
    }
};

}  // namespace ngcrt::detail::c_api
