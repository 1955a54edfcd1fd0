// Every kernel this machine can execute gives the same bits for dmu, dtarget and L.
#include <catch2/catch.hpp>

#include <sstream>

#include "support.hpp"

using ngcrt::Convention;
using ngcrt::SigmaShape;

namespace {

template <class T>
struct outputs {
    std::vector<T> dmu, dtarget, mask;
    T L;
};

template <class T>
outputs<T> run_with(ngcrt::kernel k, std::size_t units, std::size_t batch, SigmaShape ss, Convention conv,
                    bool live, std::uint64_t seed) {
    REQUIRE(ngcrt::force_kernel(k) == ngcrt::status::ok);
    REQUIRE(ngcrt::active_kernel() == k);
    ngcrt_test::rng r(seed);
    const std::size_t ns = ss == SigmaShape::scalar ? 1 : units;
    ngcrt_test::owned_buffers<T> ob(batch * units, ns);
    ngcrt::GaussianErrorCellView<T> cell;
    REQUIRE(cell.init({ngcrt::shape::dense(units), batch, ss, conv}, ob.buffers()) == ngcrt::status::ok);
    const auto sig = r.values<T>(ns, 0.1, 3.0, 0.0);
    REQUIRE(cell.set_Sigma(ngcrt::span<const T>(sig.data(), ns)) == ngcrt::status::ok);
    const std::size_t n = batch * units;
    const auto mu = r.values<T>(n, -5, 5), tg = r.values<T>(n, -5, 5);
    std::copy(mu.begin(), mu.end(), cell.mu().begin());
    std::copy(tg.begin(), tg.end(), cell.target().begin());
    if (live) {
        const auto mod = r.values<T>(n, -2, 2), mask = r.binary_mask<T>(n);
        std::copy(mod.begin(), mod.end(), cell.modulator().begin());
        std::copy(mask.begin(), mask.end(), cell.mask().begin());
    }
    REQUIRE(cell.advance_state(T(1)) == ngcrt::status::ok);
    CHECK(ob.guards_intact());
    outputs<T> o{{cell.dmu().begin(), cell.dmu().end()},
                 {cell.dtarget().begin(), cell.dtarget().end()},
                 {std::as_const(cell).mask().begin(), std::as_const(cell).mask().end()},
                 cell.L()};
    return o;
}

template <class T>
void compare_all_kernels() {
    ngcrt_test::kernel_guard restore;
    const auto kernels = ngcrt_test::executable_kernels();
    REQUIRE(!kernels.empty());
    if (kernels.size() < 2)
        return;  // one kernel (cross targets): the conformance test holds it to the hex goldens
    std::uint64_t seed = 100;
    for (std::size_t units : {1u, 5u, 16u, 31u, 32u, 33u, 64u, 127u, 1000u, 1024u, 1056u, 3001u})
        for (std::size_t batch : {1u, 3u})
            for (SigmaShape ss : {SigmaShape::scalar, SigmaShape::per_unit})
                for (Convention conv : {Convention::ngclearn_3_1, Convention::ngclearn_3_2})
                    for (bool live : {false, true}) {
                        ++seed;
                        const auto ref = run_with<T>(kernels[0], units, batch, ss, conv, live, seed);
                        for (std::size_t k = 1; k < kernels.size(); ++k) {
                            std::ostringstream what;
                            what << ngcrt::to_string(kernels[k]) << " vs " << ngcrt::to_string(kernels[0])
                                 << ": units " << units << " batch " << batch << " " << ngcrt::to_string(ss)
                                 << " " << ngcrt::to_string(conv) << (live ? " live" : " default");
                            INFO(what.str());
                            const auto o = run_with<T>(kernels[k], units, batch, ss, conv, live, seed);
                            CHECK(ngcrt_test::first_bit_difference(o.dmu.data(), ref.dmu.data(),
                                                                   o.dmu.size()) == -1);
                            CHECK(ngcrt_test::first_bit_difference(o.dtarget.data(), ref.dtarget.data(),
                                                                   o.dtarget.size()) == -1);
                            CHECK(ngcrt_test::first_bit_difference(o.mask.data(), ref.mask.data(),
                                                                   o.mask.size()) == -1);
                            CHECK(ngcrt_test::bits(o.L) == ngcrt_test::bits(ref.L));
                        }
                    }
}

}  // namespace

TEST_CASE("the kernels this CPU can run are listed and selectable", "[kernels]") {
    ngcrt_test::kernel_guard restore;
    const auto kernels = ngcrt_test::executable_kernels();
    std::ostringstream names;
    for (auto k : kernels) names << ngcrt::to_string(k) << " ";
    WARN("executable kernels: " << names.str() << "| default: " << ngcrt::to_string(restore.saved));
    REQUIRE(!kernels.empty());
    // The default is the best executable one (the last in the list).
    ngcrt::reset_kernel();
    CHECK(ngcrt::active_kernel() == kernels.back());
    for (ngcrt::kernel k : ngcrt::all_kernels) {
        const bool available = ngcrt::kernel_available(k);
        CHECK((ngcrt::force_kernel(k) == ngcrt::status::ok) == available);
        if (available) CHECK(ngcrt::active_kernel() == k);
    }
#if defined(__x86_64__)
    CHECK(ngcrt::runtime_dispatch());
    CHECK(ngcrt::kernel_available(ngcrt::kernel::scalar));
    CHECK_FALSE(ngcrt::kernel_available(ngcrt::kernel::neon));
#endif
}

TEST_CASE("every executable kernel gives identical bits (float)", "[kernels][all-kernels]") {
    compare_all_kernels<float>();
}
TEST_CASE("every executable kernel gives identical bits (double)", "[kernels][all-kernels]") {
    compare_all_kernels<double>();
}
