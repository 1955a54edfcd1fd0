// No heap allocation: a counting malloc/operator new replacement, first shown to fire,
// then zero allocations across construction, wiring, 1000 steps and resets.
// glibc only (it forwards to __libc_malloc); built on Linux hosts.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include <ngcrt/ngcrt.h>  // the synapses' C API (below)
#include <ngcrt/ngcrt.hpp>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {
std::atomic<long> allocations{0};
std::atomic<bool> counting{false};
void note() {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {
void* malloc(std::size_t n) {
    note();
    return __libc_malloc(n);
}
void* calloc(std::size_t a, std::size_t b) {
    note();
    return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n) {
    note();
    return __libc_realloc(p, n);
}
void* aligned_alloc(std::size_t a, std::size_t n) {
    note();
    return __libc_memalign(a, n);
}
void* memalign(std::size_t a, std::size_t n) {
    note();
    return __libc_memalign(a, n);
}
int posix_memalign(void** p, std::size_t a, std::size_t n) {
    note();
    *p = __libc_memalign(a, n);
    return *p ? 0 : 12;
}
void free(void* p) { __libc_free(p); }
}

void* operator new(std::size_t n) {
    note();
    if (void* p = __libc_malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, std::size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::size_t) noexcept { __libc_free(p); }

namespace {
struct counting_window {
    counting_window() {
        allocations = 0;
        counting = true;
    }
    ~counting_window() { counting = false; }
    long count() const { return allocations.load(); }
};

// Through volatile pointers so the compiler cannot elide the allocations.
void* (*volatile malloc_ptr)(std::size_t) = &std::malloc;
void* (*volatile new_ptr)(std::size_t) = &::operator new;
}  // namespace

TEST_CASE("the counting allocator fires for malloc and operator new", "[alloc]") {
    long after_malloc, after_new;
    {
        counting_window w;
        void* p = malloc_ptr(64);
        after_malloc = w.count();
        std::free(p);
        void* q = new_ptr(sizeof(int));
        after_new = w.count();
        ::operator delete(q);
    }
    CHECK(after_malloc == 1);
    CHECK(after_new >= 2);
}

TEST_CASE("construction, wiring, 1000 steps and resets allocate nothing", "[alloc]") {
    using cell_t = ngcrt::GaussianErrorCell<float, ngcrt::Units<8, 8, 4>, 3>;
    static float source[3 * 256];
    static float sigma[1] = {2.f};
    long count;
    {
        counting_window w;
        static_assert(sizeof(cell_t) > 6 * 3 * 256 * sizeof(float), "storage is inline");
        alignas(64) static unsigned char storage[sizeof(cell_t)];
        cell_t* cell = ::new (storage) cell_t{1.5f};  // placement: storage is static
        ngcrt::GaussianErrorCellView<float>& v = *cell;
        (void)ngcrt::active_kernel();  // first use resolves the dispatch
        for (float& x : v.target()) x = 1.f;
        REQUIRE(v.bind(ngcrt::slot::prediction, {source, 3 * 256}) == ngcrt::status::ok);
        REQUIRE(v.bind(ngcrt::slot::parameter, {sigma, 1}) == ngcrt::status::ok);
        for (int step = 0; step < 1000; ++step) {
            if (step % 100 == 0) {
                REQUIRE(v.reset() == ngcrt::status::ok);
                for (float& x : v.mask()) x = 1.f;
                for (float& x : v.modulator()) x = 0.5f;
            }
            source[step % 768] = static_cast<float>(step);
            REQUIRE(v.advance_state(0.001f) == ngcrt::status::ok);
        }
        v.unbind(ngcrt::slot::prediction);
        REQUIRE(v.batched_reset(1) == ngcrt::status::ok);
        REQUIRE(v.advance_state(0.001f) == ngcrt::status::ok);
        cell_t copy = *cell;
        REQUIRE(copy.advance_state(0.001f) == ngcrt::status::ok);
        cell->~cell_t();
        count = w.count();
    }
    CHECK(count == 0);
}

// The other cells, through the same engine: construction, steps (every kernel, each
// variant's kernel reached once), resets and copies allocate nothing.
template <class Cell>
long allocations_of_a_cell() {
    long count;
    {
        counting_window w;
        alignas(64) static unsigned char storage[sizeof(Cell)];
        Cell* cell = ::new (storage) Cell{};
        for (ngcrt::kernel k : ngcrt::all_kernels) {
            if (ngcrt::force_kernel(k) != ngcrt::status::ok) continue;
            for (int step = 0; step < 100; ++step) {
                for (float& x : cell->target()) x = static_cast<float>(step % 3) * 0.25f;
                for (float& x : cell->mask()) x = 1.f;
                REQUIRE(cell->advance_state(0.001f) == ngcrt::status::ok);
            }
            REQUIRE(cell->batched_reset(1) == ngcrt::status::ok);
        }
        ngcrt::reset_kernel();
        Cell copy = *cell;
        REQUIRE(copy.advance_state(0.001f) == ngcrt::status::ok);
        cell->~Cell();
        count = w.count();
    }
    return count;
}

TEST_CASE("every cell of the family steps without allocating", "[alloc]") {
    CHECK(allocations_of_a_cell<ngcrt::LaplacianErrorCell<float, ngcrt::Units<4, 4, 8>, 2>>() == 0);
    CHECK(allocations_of_a_cell<ngcrt::LaplacianErrorCell<
              float, ngcrt::Units<100>, 2, ngcrt::Convention::ngclearn_3_1, ngcrt::SigmaShape::per_unit>>() ==
          0);
}

// ---- synapses (DenseSynapse, StaticSynapse, HebbianSynapse) ----
// Construction, products (forward, transposed over const weights, batched), evolve with Adam
// (dWeights kept and not) on every kernel, resets, and the C API allocate nothing.
static const float synapse_weights[17 * 9] = {0.5f, -0.25f, 1.f};
TEST_CASE("the synapses construct, step, evolve and reset without allocating", "[alloc]") {
    using dense_t = ngcrt::DenseSynapse<float, ngcrt::Units<17>, ngcrt::Units<9>, 5>;
    using back_t =
        ngcrt::StaticSynapse<float, ngcrt::Units<9>, ngcrt::Units<17>, 5, ngcrt::WeightStorage::caller>;
    using hebb_t = ngcrt::HebbianSynapse<float, ngcrt::Units<17>, ngcrt::Units<9>, 5, ngcrt::Optimizer::adam>;
    using lean_t = ngcrt::HebbianSynapse<float, ngcrt::Units<17>, ngcrt::Units<9>, 5, ngcrt::Optimizer::adam,
                                         ngcrt::WeightStorage::inside, ngcrt::UpdateStorage::not_kept>;
    long count;
    {
        counting_window w;
        alignas(64) static unsigned char s1[sizeof(dense_t)], s2[sizeof(back_t)], s3[sizeof(hebb_t)],
            s4[sizeof(lean_t)];
        ngcrt::HebbianSettings<float> h;
        h.eta = 1e-3f;
        auto* d = ::new (s1) dense_t{ngcrt::Biases::row, 0.5f};
        auto* b = ::new (s2) back_t{synapse_weights, ngcrt::WeightLayout::transposed};
        auto* e = ::new (s3) hebb_t{h, ngcrt::Biases::row};
        auto* l = ::new (s4) lean_t{h};
        for (ngcrt::kernel k : ngcrt::all_kernels) {
            if (ngcrt::force_kernel(k) != ngcrt::status::ok) continue;
            for (int step = 0; step < 10; ++step) {
                for (float& x : d->inputs()) x = static_cast<float>(step) * 0.125f;
                for (float& x : e->pre()) x = 0.5f;
                for (float& x : e->post()) x = -0.25f;
                for (float& x : l->pre()) x = 0.5f;
                for (float& x : l->post()) x = 0.25f;
                REQUIRE(d->advance_state() == ngcrt::status::ok);
                REQUIRE(b->advance_state() == ngcrt::status::ok);
                REQUIRE(e->advance_state() == ngcrt::status::ok);
                REQUIRE(e->evolve() == ngcrt::status::ok);
                REQUIRE(l->evolve() == ngcrt::status::ok);
            }
            REQUIRE(d->batched_reset(2) == ngcrt::status::ok);
            REQUIRE(e->reset() == ngcrt::status::ok);
        }
        ngcrt::reset_kernel();
        static float x[4], y[4], wts[4] = {1.f, 2.f, 3.f, 4.f};
        static ngcrt_dense_synapse_f32 c;
        const ngcrt_dense_synapse_config cfg = {2, 2, 2, NGCRT_BIASES_NONE, NGCRT_WEIGHTS_NORMAL};
        const ngcrt_dense_synapse_buffers_f32 buf = {x, y, wts, nullptr};
        REQUIRE(ngcrt_dense_synapse_init_f32(&c, &cfg, &buf, 1.f) == NGCRT_OK);
        REQUIRE(ngcrt_dense_synapse_step_f32(&c) == NGCRT_OK);
        l->~lean_t();
        e->~hebb_t();
        b->~back_t();
        d->~dense_t();
        count = w.count();
    }
    CHECK(count == 0);
}
