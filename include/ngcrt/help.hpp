// ngcrt/help.hpp - compile-time description of a cell (ngclearn's help()) and its
// compartments' metadata, with a JSON writer into a caller buffer (no allocation).
// Each cell's header holds its own help_info.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "ngcrt/span.hpp"

namespace ngcrt {

enum class compartment_role : unsigned char { input, output };

// What a compartment is to the engine (include/ngcrt/engine/view.hpp): every error cell
// has the same slots under its own names (mu / shift / p, Sigma / Scale, ...).
enum class slot : unsigned char {
    prediction,   // input, unit-shaped, reset to 0 unless wired
    target,       // input, unit-shaped, reset to 0 unless wired
    parameter,    // input, 1 or units values, the constructor's value; never reset
    modulator,    // input, unit-shaped, reset to 1 unless wired
    mask,         // input, unit-shaped, reset to 1 unless wired; eaten (set to 1) by a step
    L,            // output, one value, reset to 0
    dprediction,  // output, unit-shaped, reset to 0
    dtarget,      // output, unit-shaped, reset to 0
    dparameter,   // output, the parameter's shape, reset to 0
    state,        // output, unit-shaped, a leaky cell's integrated error; reset to 0, never wired
};

struct compartment_info {
    std::string_view name;  // ngclearn's attribute name: "mu", "dmu", ...
    compartment_role role;
    bool unit_shaped;               // batch x units (else: scalar L, or the parameter's shape)
    std::string_view display_name;  // ngclearn's display_name, "" if none
    std::string_view units;         // ngclearn's units, "" if none
    std::string_view description;   // from help()
    slot what;                      // the engine's slot
};

struct hyperparameter_info {
    std::string_view name;
    std::string_view description;
};

struct help_info {
    std::string_view cell_name;                 // "GaussianErrorCell"
    std::string_view cell_type;                 // properties.cell_type
    span<const compartment_info> compartments;  // inputs first, then outputs
    std::string_view dynamics;
    span<const hyperparameter_info> hyperparameters;

    // The compartment in slot s, or nullptr if the cell has none.
    constexpr const compartment_info* find(slot s) const noexcept {
        for (const compartment_info& c : compartments)
            if (c.what == s) return &c;
        return nullptr;
    }
};

// What a cell's help() says that is its own; help_of() and compartments_of() make the
// rest (the modulator, the mask, n_units, batch_size, every role and shape) the same for
// every cell. A cell without a parameter leaves the parameter's names empty; a cell with a
// state (a leaky cell) names it and its two hyperparameters (tau, the integrator).
struct cell_text {
    std::string_view c_name;  // the C API's name for the cell: "gaussian_error"
    std::string_view cell_name, cell_type, dynamics;
    std::string_view prediction, prediction_display, prediction_help;
    std::string_view target_display, target_help;
    std::string_view L_display, L_help;
    std::string_view dprediction, dprediction_help, dtarget_help;
    std::string_view parameter, parameter_display, parameter_help, dparameter, dparameter_help;
    hyperparameter_info hyperparameter;  // the third, after n_units and batch_size
    std::string_view state = {}, state_help = {};
    hyperparameter_info state_hyperparameters[2] = {};
};

// ngclearn's order: inputs (prediction, parameter, target, modulator, mask), then outputs
// (L, dprediction, dparameter, dtarget[, the state]); 7 compartments without a parameter,
// 9 with one, one more with a state.
template <bool HasParameter, bool HasState = false>
constexpr std::array<compartment_info, (HasParameter ? 9 : 7) + (HasState ? 1 : 0)> compartments_of(
    const cell_text& t) noexcept {
    using r = compartment_role;
    const compartment_info parameter{t.parameter, r::input,         false,          t.parameter_display,
                                     "",          t.parameter_help, slot::parameter};
    const compartment_info dparameter{t.dparameter, r::output,         false,           "",
                                      "",           t.dparameter_help, slot::dparameter};
    const compartment_info common[7] = {
        {t.prediction, r::input, true, t.prediction_display, "", t.prediction_help, slot::prediction},
        {"target", r::input, true, t.target_display, "", t.target_help, slot::target},
        {"modulator", r::input, true, "", "", "External input modulatory/scaling signal(s)", slot::modulator},
        {"mask", r::input, true, "", "", "External binary/gating mask to apply to signals", slot::mask},
        {"L", r::output, false, t.L_display, "nats", t.L_help, slot::L},
        {t.dprediction, r::output, true, "", "", t.dprediction_help, slot::dprediction},
        {"dtarget", r::output, true, "", "", t.dtarget_help, slot::dtarget}};
    std::array<compartment_info, (HasParameter ? 9 : 7) + (HasState ? 1 : 0)> out{};
    std::size_t i = 0;
    for (std::size_t c = 0; c < 7; ++c) {
        if (HasParameter && c == 1) out[i++] = parameter;   // after the prediction
        if (HasParameter && c == 6) out[i++] = dparameter;  // before dtarget
        out[i++] = common[c];
    }
    if (HasState) out[i++] = {t.state, r::output, true, "", "", t.state_help, slot::state};
    return out;
}
template <bool HasState = false>
constexpr std::array<hyperparameter_info, HasState ? 5 : 3> hyperparameters_of(const cell_text& t) noexcept {
    std::array<hyperparameter_info, HasState ? 5 : 3> out{
        {{"n_units", "Number of neuronal cells to model in this layer"},
         {"batch_size", "Batch size dimension of this component"},
         t.hyperparameter}};
    if constexpr (HasState) {
        out[3] = t.state_hyperparameters[0];
        out[4] = t.state_hyperparameters[1];
    }
    return out;
}
template <std::size_t N, std::size_t H>
constexpr help_info help_of(const cell_text& t, const std::array<compartment_info, N>& compartments,
                            const std::array<hyperparameter_info, H>& hyperparameters) noexcept {
    return {t.cell_name, t.cell_type, {compartments.data(), N}, t.dynamics, {hyperparameters.data(), H}};
}

namespace detail {
// Appends to a bounded buffer, counting what would have been written.
struct json_sink {
    char* out = nullptr;
    std::size_t cap = 0;
    std::size_t len = 0;
    constexpr void put(char c) noexcept {
        if (len + 1 < cap) out[len] = c;
        ++len;
    }
    constexpr void raw(std::string_view s) noexcept {
        for (char c : s) put(c);
    }
    constexpr void str(std::string_view s) noexcept {
        put('"');
        for (char c : s) {
            if (c == '"' || c == '\\') put('\\');
            put(c);
        }
        put('"');
    }
};
}  // namespace detail

// Writes help() as JSON, in ngclearn's structure:
//   {"GaussianErrorCell": {"cell_type": ...}, "compartments": {"inputs": {...}, "outputs": {...}},
//    "dynamics": ..., "hyperparameters": {...}}
// into out[0..cap) (NUL-terminated when cap > 0, truncated if too small). Returns the
// length of the full text, excluding the NUL: the output is complete iff result < cap.
constexpr std::size_t write_help_json(const help_info& h, char* out, std::size_t cap) noexcept {
    detail::json_sink s{out, cap};
    s.raw("{");
    s.str(h.cell_name);
    s.raw(": {");
    s.str("cell_type");
    s.raw(": ");
    s.str(h.cell_type);
    s.raw("}, ");
    s.str("compartments");
    s.raw(": {");
    for (int pass = 0; pass < 2; ++pass) {
        const compartment_role role = pass == 0 ? compartment_role::input : compartment_role::output;
        s.str(pass == 0 ? "inputs" : "outputs");
        s.raw(": {");
        bool first = true;
        for (const compartment_info& c : h.compartments) {
            if (c.role != role) continue;
            if (!first) s.raw(", ");
            first = false;
            s.str(c.name);
            s.raw(": ");
            s.str(c.description);
        }
        s.raw(pass == 0 ? "}, " : "}");
    }
    s.raw("}, ");
    s.str("dynamics");
    s.raw(": ");
    s.str(h.dynamics);
    s.raw(", ");
    s.str("hyperparameters");
    s.raw(": {");
    bool first = true;
    for (const hyperparameter_info& p : h.hyperparameters) {
        if (!first) s.raw(", ");
        first = false;
        s.str(p.name);
        s.raw(": ");
        s.str(p.description);
    }
    s.raw("}}");
    if (cap > 0) out[s.len < cap ? s.len : cap - 1] = '\0';
    return s.len;
}

}  // namespace ngcrt
