// ngcrt/engine/parameter.hpp - what a view adds for a cell's parameter (a variance,
// a scale): write access, set_parameter, validate, and the rule that a parameter is
// checked (and its factors computed, in the library) when it is accepted, so a step never
// runs on a bad one and never recomputes the factors. A cell without a parameter gets the
// same member functions answering invalid_argument (or empty spans).
#pragma once

#include <cstddef>

#include "ngcrt/engine/step.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"

namespace ngcrt::detail {

// Base: the view's data (engine/view_core.hpp).
template <class Cell, class T, class Base>
class parameter_part : public Base {
    static constexpr bool has_parameter = Cell::has_parameter;

protected:
    using Base::index;

public:
    // The parameter: 1 value (scalar) or units() values (a full covariance: units()^2);
    // empty for a cell without one. Checked at the next step; set_parameter() checks at once.
    span<T> parameter() noexcept {
        if (!has_parameter || this->targeted(slot::parameter)) return {};
        this->s_.parameter_checked = false;
        return {this->own_[index(slot::parameter)], this->s_.param_count};
    }
    span<const T> parameter() const noexcept { return this->readable(slot::parameter); }
    span<const T> dparameter() const noexcept { return {this->dparameter_, this->s_.param_count}; }

    // Sets every parameter value to v (a full covariance: v I). invalid_sigma (nothing
    // changes) unless v > 0 and finite; not_initialized; invalid_argument if the parameter is
    // wired or the cell has none.
    status set_parameter(T v) noexcept {
        if (const status s = writable_parameter(); s != status::ok) return fail(s, "set_parameter");
        if (!positive_finite(&v, 1)) return fail(status::invalid_sigma, "set_parameter");
        fill_parameter(this->own_[index(slot::parameter)], v);
        (void)accept_parameter(this->own_[index(slot::parameter)]);  // cannot fail (v checked)
        return status::ok;
    }
    // Copies values (the parameter's count of them, else size_mismatch) into the parameter,
    // all checked first (a full covariance: factored; not positive definite is invalid_sigma).
    status set_parameter(span<const T> values) noexcept {
        if (const status s = writable_parameter(); s != status::ok) return fail(s, "set_parameter");
        if (values.size() != this->s_.param_count) return fail(status::size_mismatch, "set_parameter");
        if (values.data() == nullptr) return fail(status::null_buffer, "set_parameter");
        // Checked and factored from the values themselves: nothing is written unless they pass.
        if (!accept_parameter(values.data())) return fail(status::invalid_sigma, "set_parameter");
        T* const p = this->own_[index(slot::parameter)];
        for (std::size_t i = 0; i < this->s_.param_count; ++i) p[i] = values[i];
        return status::ok;
    }
    // Checks what the next step would check (the parameter), without stepping. (A full
    // covariance not yet checked is factored into the cell's workspace to find out; the next
    // step factors it again.)
    status validate() const noexcept {
        if (!this->initialized()) return fail(status::not_initialized, "validate");
        if (!has_parameter || this->s_.parameter_checked) return status::ok;
        return parameter_valid<Cell>(this->read_ptr(slot::parameter), this->args_, this->workspace_)
                   ? status::ok
                   : status::invalid_sigma;
    }

protected:
    // The parameter filled from one value v: v everywhere, or v I for a full covariance.
    void fill_parameter(T* p, T v) const noexcept {
        if (!Cell::dense(static_cast<typename Cell::form_type>(this->args_.form)))
            return Base::fill(p, this->s_.param_count, v);
        for (std::size_t i = 0; i < this->s_.param_count; ++i)
            p[i] = i % (this->args_.units + 1) == 0 ? v : T(0);
    }
    // Checks param and takes its factors (false, nothing changed: invalid): the next step
    // uses it without checking it again.
    bool accept_parameter(const T* param) noexcept {
        if (!parameter_factors<Cell>(param, this->args_, this->workspace_)) return false;
        this->s_.parameter_checked = true;
        return true;
    }
    // Before a step: a parameter written since it was last checked (or wired, so read from
    // elsewhere) is checked now, before anything is written, so a rejected step changes
    // nothing. false: it is bad.
    bool parameter_ready() noexcept {
        if constexpr (has_parameter) {
            if (!this->s_.parameter_checked) {
                if (!accept_parameter(this->args_.parameter)) return false;
                this->s_.parameter_checked = !this->targeted(slot::parameter);  // a wired one: every step
            }
        }
        return true;
    }
    // After a step: ngclearn computes no derivative for its parameter (always 1); the exact
    // convention's step wrote the true one.
    void placeholder_dparameter() noexcept {
        if constexpr (has_parameter) {
            if (!this->s_.dparameter_ones && Cell::placeholder_dparameter(this->args_.convention)) {
                Base::fill(this->dparameter_, this->s_.param_count, T(1));
                this->s_.dparameter_ones = true;
            }
        }
    }

private:
    status writable_parameter() const noexcept {
        if (!this->initialized()) return status::not_initialized;
        if (!has_parameter || this->targeted(slot::parameter)) return status::invalid_argument;
        return status::ok;
    }
};

}  // namespace ngcrt::detail
