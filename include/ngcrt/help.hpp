// ngcrt/help.hpp - compile-time description of a cell (ngclearn's help()) and its
// compartments' metadata, with a JSON writer into a caller buffer (no allocation).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ngcrt {

enum class compartment_role : unsigned char { input, output };

struct compartment_info {
    std::string_view name;          // ngclearn's attribute name: "mu", "dmu", ...
    compartment_role role;
    bool unit_shaped;               // batch x units (else: scalar L, or Sigma's shape)
    std::string_view display_name;  // ngclearn's display_name, "" if none
    std::string_view units;         // ngclearn's units, "" if none
    std::string_view description;   // from help()
};

struct hyperparameter_info {
    std::string_view name;
    std::string_view description;
};

struct help_info {
    std::string_view cell_name;  // "GaussianErrorCell"
    std::string_view cell_type;  // properties.cell_type
    std::array<compartment_info, 9> compartments;  // inputs first, then outputs
    std::string_view dynamics;
    std::array<hyperparameter_info, 3> hyperparameters;
};

inline constexpr help_info gaussian_error_cell_help{
    "GaussianErrorCell",
    "GaussianErrorCell - computes mismatch/error signals at each time step t "
    "(between a `target` and a prediction `mu`)",
    {{
        {"mu", compartment_role::input, true, "Gaussian mean", "", "External input prediction value(s)"},
        {"Sigma", compartment_role::input, false, "Gaussian variance/covariance", "",
         "External variance/covariance prediction value(s)"},
        {"target", compartment_role::input, true, "Gaussian data/target variable", "",
         "External input target signal value(s)"},
        {"modulator", compartment_role::input, true, "", "", "External input modulatory/scaling signal(s)"},
        {"mask", compartment_role::input, true, "", "", "External binary/gating mask to apply to signals"},
        {"L", compartment_role::output, false, "Gaussian Log likelihood", "nats",
         "Local loss / free-energy value embodied by this error-cell"},
        {"dmu", compartment_role::output, true, "", "", "first derivative of loss w.r.t. prediction value(s)"},
        {"dSigma", compartment_role::output, false, "", "",
         "first derivative of loss w.r.t. variance/covariance value(s)"},
        {"dtarget", compartment_role::output, true, "", "", "first derivative of loss w.r.t. target value(s)"},
    }},
    "Gaussian(x=target; mu, sigma)",
    {{
        {"n_units", "Number of neuronal cells to model in this layer"},
        {"batch_size", "Batch size dimension of this component"},
        {"sigma", "External input variance value (currently fixed and not learnable)"},
    }},
};

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
