// bench/pcn_baselines.cpp - the PCN's baselines (bench/pcn_baselines.hpp), written from
// docs/spec/pcn.md. Per minibatch:
//   lab_c = clip(lab, 0.001, 0.999)
//   projection: h_l = a_(l-1) @ W_l + b_l, a_l = s(h_l) (a_0 = x); y_inf = h_L; z_l = h_l
//   errors start at 0 except the top one, which is lab_c (the quirk: eq3.mu is not wired)
//   T times: fb_l = e_l @ W_l^T (l >= 2, the previous step's errors)
//            z_l += ((fb_(l+1) * s'(z_l) - e_l) / tau) * dt, zF_l = s(z_l)   (0 < l < L)
//            mu_l = zF_(l-1) @ W_l + b_l (zF_0 = x), e_l = z_l - mu_l (z_L = lab_c)
//   EFE = sum over l (top first) of -0.5 * sum e_l^2
//   Hebbian step: g_W = -(pre^T @ e_l), g_b = -(column sums of e_l), then Adam.
#include "pcn_baselines.hpp"

#include <cmath>

#include <Eigen/Core>

namespace ngcrt_bench {

namespace {
constexpr float beta1 = 0.9f, beta2 = 0.999f, c1 = 0.1f, c2 = 0.001f, adam_eps = 1e-8f;
constexpr float label_lo = 0.001f, label_hi = 0.999f;

inline float sigmoid(float v) { return 1.f / (1.f + std::exp(-v)); }
}  // namespace

// ---- plain loops -------------------------------------------------------------------------

PlainPCN::PlainPCN(const std::vector<std::size_t>& sizes, std::size_t max_batch, const pcn_hyper& h)
    : n_(sizes), L_(sizes.size() - 1), h_(h) {
    const std::size_t B = max_batch;
    for (auto* v : {&W_, &b_, &mW_, &vW_, &mb_, &vb_, &gW_, &gb_, &z_, &zF_, &e_, &feedback_, &mu_})
        v->resize(L_ + 1);
    for (std::size_t l = 1; l <= L_; ++l) {
        const std::size_t w = n_[l - 1] * n_[l];
        for (auto* v : {&W_, &mW_, &vW_, &gW_}) (*v)[l].assign(w, 0.f);
        for (auto* v : {&b_, &mb_, &vb_, &gb_}) (*v)[l].assign(n_[l], 0.f);
        for (auto* v : {&z_, &zF_, &e_, &mu_}) (*v)[l].assign(B * n_[l], 0.f);
        feedback_[l].assign(B * n_[l - 1], 0.f);
    }
    lab_c_.assign(B * n_[L_], 0.f);
}

namespace {
// y (B x out) = a (B x in) @ W (in x out) + bias
void forward(const float* a, const float* W, const float* bias, float* y, std::size_t B, std::size_t in,
             std::size_t out) {
    for (std::size_t r = 0; r < B; ++r) {
        float* yr = y + r * out;
        for (std::size_t o = 0; o < out; ++o) yr[o] = 0.f;
        for (std::size_t i = 0; i < in; ++i) {
            const float ai = a[r * in + i];
            const float* wi = W + i * out;
            for (std::size_t o = 0; o < out; ++o) yr[o] += ai * wi[o];
        }
        for (std::size_t o = 0; o < out; ++o) yr[o] += bias[o];
    }
}

// fb (B x in) = e (B x out) @ W^T
void backward(const float* e, const float* W, float* fb, std::size_t B, std::size_t in, std::size_t out) {
    for (std::size_t r = 0; r < B; ++r)
        for (std::size_t i = 0; i < in; ++i) {
            float acc = 0.f;
            const float* wi = W + i * out;
            for (std::size_t o = 0; o < out; ++o) acc += e[r * out + o] * wi[o];
            fb[r * in + i] = acc;
        }
}

void adam(float* theta, float* m, float* v, const float* g, std::size_t n, float t, float eta) {
    const float k1 = 1.f - std::pow(beta1, t), k2 = 1.f - std::pow(beta2, t);
    for (std::size_t i = 0; i < n; ++i) {
        m[i] = beta1 * m[i] + c1 * g[i];
        v[i] = beta2 * v[i] + c2 * (g[i] * g[i]);
        const float mhat = m[i] / k1, vhat = v[i] / k2;
        theta[i] -= (eta * mhat) / (std::sqrt(vhat) + adam_eps);
    }
}
}  // namespace

void PlainPCN::project(const float* x, std::size_t B, float* y) {
    const float* a = x;
    for (std::size_t l = 1; l <= L_; ++l) {
        const std::size_t in = n_[l - 1], out = n_[l];
        float* h = l < L_ ? z_[l].data() : y;
        forward(a, W_[l].data(), b_[l].data(), h, B, in, out);
        if (l < L_) {
            for (std::size_t i = 0; i < B * out; ++i) zF_[l][i] = sigmoid(h[i]);
            a = zF_[l].data();
        }
    }
}

void PlainPCN::infer(const float* x, std::size_t B, float* y) { project(x, B, y); }

void PlainPCN::process(const float* x, const float* lab, std::size_t B, float* y_inf, float* efe) {
    const std::size_t L = L_, ny = B * n_[L];
    for (std::size_t i = 0; i < ny; ++i) lab_c_[i] = std::fmin(label_hi, std::fmax(label_lo, lab[i]));
    project(x, B, y_inf);  // z_l = h_l; zF_l holds s(h_l), the s(z_old) of step 1
    for (std::size_t l = 1; l < L; ++l)
        for (std::size_t i = 0; i < B * n_[l]; ++i) e_[l][i] = 0.f;
    for (std::size_t i = 0; i < ny; ++i) e_[L][i] = lab_c_[i];
    const float r = 1.f / h_.tau;
    float energy[16] = {};
    for (std::size_t step = 0; step < h_.steps; ++step) {
        for (std::size_t l = 2; l <= L; ++l)
            backward(e_[l].data(), W_[l].data(), feedback_[l].data(), B, n_[l - 1], n_[l]);
        for (std::size_t l = 1; l < L; ++l) {
            float *z = z_[l].data(), *zF = zF_[l].data();
            const float *fb = feedback_[l + 1].data(), *e = e_[l].data();
            for (std::size_t i = 0; i < B * n_[l]; ++i) {
                const float u = zF[i];
                const float f = (fb[i] * (u * (1.f - u)) - e[i]) * r;
                z[i] += f * h_.dt;
                zF[i] = sigmoid(z[i]);
            }
        }
        for (std::size_t l = 1; l <= L; ++l) {
            const float* pre = l == 1 ? x : zF_[l - 1].data();
            forward(pre, W_[l].data(), b_[l].data(), mu_[l].data(), B, n_[l - 1], n_[l]);
            const float* target = l < L ? z_[l].data() : lab_c_.data();
            double s = 0.0;
            for (std::size_t i = 0; i < B * n_[l]; ++i) {
                const float e = target[i] - mu_[l][i];
                e_[l][i] = e;
                s += double(e) * e;
            }
            energy[l] = float(-0.5 * s);
        }
    }
    float total = energy[L];
    for (std::size_t l = L - 1; l >= 1; --l) total += energy[l];
    *efe = total;
    // the Hebbian step through Adam
    t_ += 1.f;
    for (std::size_t l = 1; l <= L; ++l) {
        const std::size_t in = n_[l - 1], out = n_[l];
        const float* pre = l == 1 ? x : zF_[l - 1].data();
        float *gW = gW_[l].data(), *gb = gb_[l].data();
        for (std::size_t i = 0; i < in * out; ++i) gW[i] = 0.f;
        for (std::size_t o = 0; o < out; ++o) gb[o] = 0.f;
        for (std::size_t r2 = 0; r2 < B; ++r2) {
            const float* er = e_[l].data() + r2 * out;
            for (std::size_t i = 0; i < in; ++i) {
                const float p = pre[r2 * in + i];
                float* gi = gW + i * out;
                for (std::size_t o = 0; o < out; ++o) gi[o] -= p * er[o];
            }
            for (std::size_t o = 0; o < out; ++o) gb[o] -= er[o];
        }
        adam(W_[l].data(), mW_[l].data(), vW_[l].data(), gW, in * out, t_, h_.eta);
        adam(b_[l].data(), mb_[l].data(), vb_[l].data(), gb, out, t_, h_.eta);
    }
}

// ---- Eigen 3.4 ---------------------------------------------------------------------------

namespace {
using matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using row = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using cmap = Eigen::Map<const matrix>;
using map = Eigen::Map<matrix>;
}  // namespace

struct EigenPCN::impl {
    std::vector<std::size_t> n;
    std::size_t L;
    pcn_hyper h;
    float t = 0.f;
    std::vector<matrix> W, mW, vW, gW, z, zF, e, fb, mu;
    std::vector<row> b, mb, vb, gb;
    matrix lab_c;

    template <class X>
    void project(const X& x, std::size_t B, float* y) {
        const auto rows = Eigen::Index(B);
        for (std::size_t l = 1; l <= L; ++l) {
            const auto out = Eigen::Index(n[l]);
            if (l < L) {
                z[l].resize(rows, out);
                if (l == 1)
                    z[l].noalias() = x * W[l];
                else
                    z[l].noalias() = zF[l - 1] * W[l];
                z[l].rowwise() += b[l];
                zF[l] = (1.f + (-z[l].array()).exp()).inverse().matrix();
            } else {
                map yv(y, rows, out);
                yv.noalias() = zF[l - 1] * W[l];
                yv.rowwise() += b[l];
            }
        }
    }
};

EigenPCN::EigenPCN(const std::vector<std::size_t>& sizes, std::size_t max_batch, const pcn_hyper& h)
    : p_(new impl) {
    impl& p = *p_;
    p.n = sizes;
    p.L = sizes.size() - 1;
    p.h = h;
    const std::size_t L = p.L;
    for (auto* v : {&p.W, &p.mW, &p.vW, &p.gW, &p.z, &p.zF, &p.e, &p.fb, &p.mu}) v->resize(L + 1);
    for (auto* v : {&p.b, &p.mb, &p.vb, &p.gb}) v->resize(L + 1);
    const auto B = Eigen::Index(max_batch);
    for (std::size_t l = 1; l <= L; ++l) {
        const auto in = Eigen::Index(sizes[l - 1]), out = Eigen::Index(sizes[l]);
        for (auto* v : {&p.W, &p.mW, &p.vW, &p.gW}) (*v)[l] = matrix::Zero(in, out);
        for (auto* v : {&p.b, &p.mb, &p.vb, &p.gb}) (*v)[l] = row::Zero(out);
        for (auto* v : {&p.z, &p.zF, &p.e, &p.mu}) (*v)[l] = matrix::Zero(B, out);
        p.fb[l] = matrix::Zero(B, in);
    }
}

EigenPCN::~EigenPCN() = default;
float* EigenPCN::weights(std::size_t l) { return p_->W[l].data(); }
float* EigenPCN::biases(std::size_t l) { return p_->b[l].data(); }

void EigenPCN::infer(const float* x, std::size_t B, float* y) {
    p_->project(cmap(x, Eigen::Index(B), Eigen::Index(p_->n[0])), B, y);
}

void EigenPCN::process(const float* x, const float* lab, std::size_t batch, float* y_inf, float* efe) {
    impl& p = *p_;
    const std::size_t L = p.L;
    const auto B = Eigen::Index(batch);
    const cmap X(x, B, Eigen::Index(p.n[0]));
    p.lab_c = cmap(lab, B, Eigen::Index(p.n[L])).array().max(label_lo).min(label_hi).matrix();
    p.project(X, batch, y_inf);
    for (std::size_t l = 1; l < L; ++l) p.e[l].setZero(B, Eigen::Index(p.n[l]));
    p.e[L] = p.lab_c;
    const float r = 1.f / p.h.tau, dt = p.h.dt;
    float energy[16] = {};
    for (std::size_t step = 0; step < p.h.steps; ++step) {
        for (std::size_t l = 2; l <= L; ++l) p.fb[l].noalias() = p.e[l] * p.W[l].transpose();
        for (std::size_t l = 1; l < L; ++l) {
            auto u = p.zF[l].array();
            p.z[l].array() += ((p.fb[l + 1].array() * (u * (1.f - u)) - p.e[l].array()) * r) * dt;
            p.zF[l] = (1.f + (-p.z[l].array()).exp()).inverse().matrix();
        }
        for (std::size_t l = 1; l <= L; ++l) {
            if (l == 1)
                p.mu[l].noalias() = X * p.W[l];
            else
                p.mu[l].noalias() = p.zF[l - 1] * p.W[l];
            p.mu[l].rowwise() += p.b[l];
            if (l < L)
                p.e[l] = p.z[l] - p.mu[l];
            else
                p.e[l] = p.lab_c - p.mu[l];
            energy[l] = -0.5f * p.e[l].squaredNorm();
        }
    }
    float total = energy[L];
    for (std::size_t l = L - 1; l >= 1; --l) total += energy[l];
    *efe = total;
    p.t += 1.f;
    const float k1 = 1.f - std::pow(beta1, p.t), k2 = 1.f - std::pow(beta2, p.t), eta = p.h.eta;
    for (std::size_t l = 1; l <= L; ++l) {
        if (l == 1)
            p.gW[l].noalias() = -X.transpose() * p.e[l];
        else
            p.gW[l].noalias() = -p.zF[l - 1].transpose() * p.e[l];
        p.gb[l] = -p.e[l].colwise().sum();
        p.mW[l] = beta1 * p.mW[l] + c1 * p.gW[l];
        p.vW[l].array() = beta2 * p.vW[l].array() + c2 * p.gW[l].array().square();
        p.W[l].array() -= (eta * (p.mW[l].array() / k1)) / ((p.vW[l].array() / k2).sqrt() + adam_eps);
        p.mb[l] = beta1 * p.mb[l] + c1 * p.gb[l];
        p.vb[l].array() = beta2 * p.vb[l].array() + c2 * p.gb[l].array().square();
        p.b[l].array() -= (eta * (p.mb[l].array() / k1)) / ((p.vb[l].array() / k2).sqrt() + adam_eps);
    }
}

}  // namespace ngcrt_bench
