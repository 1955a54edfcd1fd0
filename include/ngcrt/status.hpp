// ngcrt/status.hpp - error reporting without exceptions.
#pragma once

namespace ngcrt {

// Every operation that can fail returns a status and changes nothing when it fails.
// Errors are negative so that the C API can return them unchanged.
enum class [[nodiscard]] status : int{
    ok = 0,
    invalid_sigma = -1,        // a cell parameter (Sigma, Scale) <= 0, NaN or infinite
    invalid_batch_size = -2,   // batch size 0 or above the compile-time capacity
    size_mismatch = -3,        // a buffer with the wrong number of elements
    null_buffer = -4,          // a required pointer is null
    misaligned_buffer = -5,    // a pointer not aligned for its element type
    overlapping_buffers = -6,  // buffers that must be distinct overlap
    invalid_shape = -7,        // unit shape of rank other than 1 or 3, or a zero dimension
    not_initialized = -8,      // a view used before a successful init()
    unsupported_kernel = -9,   // kernel not compiled in, or not executable on this CPU
    invalid_argument = -10,  // an unknown option value, or an operation the cell or compartment does not have
    invalid_time_step = -11,  // dt <= 0, NaN or inf; tau < 0, NaN or inf; Euler with dt / tau > 2
};

// Short, static, human-readable text for a status (never null).
constexpr const char* to_string(status s) noexcept {
    switch (s) {
        case status::ok: return "ok";
        case status::invalid_sigma: return "invalid Sigma or Scale: must be positive and finite";
        case status::invalid_batch_size: return "invalid batch size: must be 1..capacity";
        case status::size_mismatch: return "buffer has the wrong number of elements";
        case status::null_buffer: return "null buffer";
        case status::misaligned_buffer: return "buffer not aligned for its element type";
        case status::overlapping_buffers: return "buffers overlap";
        case status::invalid_shape: return "invalid unit shape: rank must be 1 or 3, dims > 0";
        case status::not_initialized: return "cell view not initialized";
        case status::unsupported_kernel: return "kernel not available on this build or CPU";
        case status::invalid_argument:
            return "invalid argument: unknown option, or not available for this cell";
        case status::invalid_time_step:
            return "invalid time step: dt > 0 and finite, tau >= 0 and finite, dt / tau <= 2 for Euler";
    }
    return "unknown status";
}

constexpr bool is_ok(status s) noexcept { return s == status::ok; }

}  // namespace ngcrt

// ---- error policy -------------------------------------------------------------------------
// Besides returning its status, what a violated precondition does, chosen at compile time
// and the same for the library and its users (CMake: -DNGCRT_ERROR_POLICY=RETURN|HOOK|ASSERT
// sets this macro on ngcrt::ngcrt):
//   RETURN  nothing more (the default);
//   HOOK    call ngcrt_error_hook(status, where), which the application defines (firmware
//           points it at its fault log), then return the status;
//   ASSERT  call NGCRT_ASSERT_FAIL(status, where), by default __builtin_trap(): stop at the
//           first misuse (debug builds, tests).
#define NGCRT_ERROR_POLICY_RETURN 0
#define NGCRT_ERROR_POLICY_HOOK 1
#define NGCRT_ERROR_POLICY_ASSERT 2
#ifndef NGCRT_ERROR_POLICY
#define NGCRT_ERROR_POLICY NGCRT_ERROR_POLICY_RETURN
#endif

#if NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_HOOK
// Defined by the application: status is a negative ngcrt status, where the function that
// rejected the call ("advance_state", "init", ...; a static string).
extern "C" void ngcrt_error_hook(int status, const char* where) noexcept;
#elif NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_ASSERT
#ifndef NGCRT_ASSERT_FAIL
#define NGCRT_ASSERT_FAIL(status, where) ((void)(status), (void)(where), __builtin_trap())
#endif
#elif NGCRT_ERROR_POLICY != NGCRT_ERROR_POLICY_RETURN
#error "NGCRT_ERROR_POLICY must be NGCRT_ERROR_POLICY_RETURN, _HOOK or _ASSERT (0, 1 or 2)"
#endif

namespace ngcrt::detail {

// Every error return goes through here: return detail::fail(status::x, "function").
inline status fail(status s, const char* where) noexcept {
#if NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_HOOK
    ngcrt_error_hook(static_cast<int>(s), where);
#elif NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_ASSERT
    NGCRT_ASSERT_FAIL(s, where);
#else
    (void)where;
#endif
    return s;
}

}  // namespace ngcrt::detail
