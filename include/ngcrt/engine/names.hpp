// ngcrt/engine/names.hpp - a cell's names for the engine's slots: its caller buffers and its
// view's accessors, generated from one line in the cell's description:
//   NGCRT_CELL_NAMES(prediction)                    a prediction only
//   NGCRT_CELL_NAMES(prediction, parameter)         and a parameter
//   NGCRT_CELL_NAMES(prediction, parameter, state)  and a state
// with the cell's own (ngclearn's) names in place of these (see the cells' headers).
// The engine itself knows only its slots (ngcrt::slot): prediction, target, parameter,
// modulator, mask, dprediction, dtarget, dparameter, state, L.
#pragma once

#include <array>

#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"

namespace ngcrt {

// The caller buffers of every cell, in the engine's order (unit-shaped first; the workspace
// last: the cell's own scratch, Cell::workspace_count values, e.g. a per-unit parameter's
// factors).
template <class T>
using role_spans = std::array<span<T>, 10>;
namespace detail {
enum : int {
    r_prediction,
    r_target,
    r_modulator,
    r_mask,
    r_dprediction,
    r_dtarget,
    r_parameter,
    r_dparameter,
    r_workspace,
    r_state
};
}  // namespace detail

}  // namespace ngcrt

#define NGCRT_CELL_NAMES_2(pred, param) \
    NGCRT_CELL_BUFFERS(pred, param)     \
    template <class Base>               \
    struct names : Base {               \
        NGCRT_PREDICTION_NAMES(pred)    \
        NGCRT_PARAMETER_NAMES(param)    \
    };
#define NGCRT_CELL_NAMES_1(pred)          \
    NGCRT_CELL_BUFFERS_NO_PARAMETER(pred) \
    template <class Base>                 \
    struct names : Base {                 \
        NGCRT_PREDICTION_NAMES(pred)      \
    };
#define NGCRT_CELL_NAMES_3(pred, param, st)                                                          \
    NGCRT_CELL_BUFFERS_WITH_STATE(pred, param, st)                                                   \
    template <class Base>                                                                            \
    struct names : Base {                                                                            \
        NGCRT_PREDICTION_NAMES(pred)                                                                 \
        NGCRT_PARAMETER_NAMES(param)                                                                 \
        ::ngcrt::span<const typename Base::value_type> st() const noexcept { return this->state(); } \
    };
#define NGCRT_CELL_NAMES_PICK(_1, _2, _3, name, ...) name
#define NGCRT_CELL_NAMES(...)                                                                              \
    NGCRT_CELL_NAMES_PICK(__VA_ARGS__, NGCRT_CELL_NAMES_3, NGCRT_CELL_NAMES_2, NGCRT_CELL_NAMES_1, unused) \
    (__VA_ARGS__)

// A cell's caller-provided storage with ngclearn's names (prediction, target,
// modulator, mask, parameter, dparameter, dprediction, dtarget, workspace, each under the cell's name). Unit-shaped buffers hold at
// least max_batch * units values; the parameter and its derivative exactly the parameter's
// count; the workspace the cell's workspace_count (none for a scalar parameter: leave it
// empty). Buffers must be distinct, non-null and aligned for T; SIMD alignment is welcome
// but not required.
// NOLINTBEGIN(bugprone-macro-parentheses): the arguments are member names, not expressions
#define NGCRT_CELL_BUFFERS(pred, param)                                                               \
    template <class T>                                                                                \
    struct buffers {                                                                                  \
        ::ngcrt::span<T> pred, target, modulator, mask, param, d##param, d##pred, dtarget, workspace; \
        ::ngcrt::role_spans<T> roles() const noexcept {                                               \
            return {pred, target, modulator, mask, d##pred, dtarget, param, d##param, workspace};     \
        }                                                                                             \
        static buffers from_roles(const ::ngcrt::role_spans<T>& r) noexcept {                         \
            return {r[0], r[1], r[2], r[3], r[6], r[7], r[4], r[5], r[8]};                            \
        }                                                                                             \
    };
// The same for a cell with a state (the above and the state).
#define NGCRT_CELL_BUFFERS_WITH_STATE(pred, param, st)                                                    \
    template <class T>                                                                                    \
    struct buffers {                                                                                      \
        ::ngcrt::span<T> pred, target, modulator, mask, param, d##param, d##pred, dtarget, workspace, st; \
        ::ngcrt::role_spans<T> roles() const noexcept {                                                   \
            return {pred, target, modulator, mask, d##pred, dtarget, param, d##param, workspace, st};     \
        }                                                                                                 \
        static buffers from_roles(const ::ngcrt::role_spans<T>& r) noexcept {                             \
            return {r[0], r[1], r[2], r[3], r[6], r[7], r[4], r[5], r[8], r[9]};                          \
        }                                                                                                 \
    };
// The same for a cell without a parameter (prediction, target, modulator, mask, dprediction, dtarget).
#define NGCRT_CELL_BUFFERS_NO_PARAMETER(pred)                                         \
    template <class T>                                                                \
    struct buffers {                                                                  \
        ::ngcrt::span<T> pred, target, modulator, mask, d##pred, dtarget;             \
        ::ngcrt::role_spans<T> roles() const noexcept {                               \
            return {pred, target, modulator, mask, d##pred, dtarget, {}, {}, {}, {}}; \
        }                                                                             \
        static buffers from_roles(const ::ngcrt::role_spans<T>& r) noexcept {         \
            return {r[0], r[1], r[2], r[3], r[4], r[5]};                              \
        }                                                                             \
    };

// ngclearn's names for the slots, as accessors of a cell's view: the compartment, its
// derivative, and wiring (ngclearn's `source >> cell.<prediction>` is `cell.bind_<prediction>(source)`).
#define NGCRT_PREDICTION_NAMES(pred)                                                                        \
    ::ngcrt::span<typename Base::value_type> pred() noexcept { return this->prediction(); }                 \
    ::ngcrt::span<const typename Base::value_type> pred() const noexcept { return this->prediction(); }     \
    ::ngcrt::span<const typename Base::value_type> d##pred() const noexcept { return this->dprediction(); } \
    ::ngcrt::status bind_##pred(::ngcrt::span<const typename Base::value_type> source) noexcept {           \
        return this->bind(::ngcrt::slot::prediction, source);                                               \
    }                                                                                                       \
    void unbind_##pred() noexcept { this->unbind(::ngcrt::slot::prediction); }                              \
    bool pred##_targeted() const noexcept { return this->targeted(::ngcrt::slot::prediction); }
#define NGCRT_PARAMETER_NAMES(param)                                                                        \
    ::ngcrt::span<typename Base::value_type> param() noexcept { return this->parameter(); }                 \
    ::ngcrt::span<const typename Base::value_type> param() const noexcept { return this->parameter(); }     \
    ::ngcrt::span<const typename Base::value_type> d##param() const noexcept { return this->dparameter(); } \
    ::ngcrt::status set_##param(typename Base::value_type v) noexcept { return this->set_parameter(v); }    \
    ::ngcrt::status set_##param(::ngcrt::span<const typename Base::value_type> v) noexcept {                \
        return this->set_parameter(v);                                                                      \
    }                                                                                                       \
    ::ngcrt::status bind_##param(::ngcrt::span<const typename Base::value_type> source) noexcept {          \
        return this->bind(::ngcrt::slot::parameter, source);                                                \
    }                                                                                                       \
    void unbind_##param() noexcept { this->unbind(::ngcrt::slot::parameter); }                              \
    bool param##_targeted() const noexcept { return this->targeted(::ngcrt::slot::parameter); }
// NOLINTEND(bugprone-macro-parentheses)
