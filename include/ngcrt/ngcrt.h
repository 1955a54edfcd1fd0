/* ngcrt/ngcrt.h - the C API (C99, also usable from C++): ngclearn's GaussianErrorCell
 * over caller-owned buffers, for float (_f32) and double (_f64).
 *
 * A thin layer over ngcrt::GaussianErrorCellView<T> (include/ngcrt/gaussian_error_cell.hpp):
 * the same rules, the same kernels, the same bits. No heap, no exceptions, no I/O.
 *
 *   static float mu[64], target[64], modulator[64], mask[64], dmu[64], dtarget[64];
 *   static float Sigma[1], dSigma[1];
 *   static ngcrt_gaussian_error_f32 cell;           (static storage: zeroed)
 *   ngcrt_gaussian_error_config cfg = {1, {64, 0, 0}, 1, NGCRT_SIGMA_SCALAR,
 *                                      NGCRT_CONVENTION_NGCLEARN_3_1};
 *   ngcrt_gaussian_error_buffers_f32 buf = {mu, target, modulator, mask,
 *                                           dmu, dtarget, Sigma, dSigma};
 *   if (ngcrt_gaussian_error_f32_init(&cell, &cfg, &buf, 2.0f) != NGCRT_OK) ...
 *   mu[i] = ...; target[i] = ...;                    (write inputs in place)
 *   if (ngcrt_gaussian_error_f32_step(&cell, 1.0f) != NGCRT_OK) ...
 *   read dmu[i], dtarget[i], ngcrt_gaussian_error_f32_L(&cell)
 *
 * Every function that can fail returns an ngcrt_status (NGCRT_OK or a negative
 * NGCRT_ERR_* code) and changes nothing when it fails (a failed _init writes no buffer
 * and leaves the instance not initialised). With -DNGCRT_ERROR_POLICY=HOOK or
 * ASSERT (include/ngcrt/status.hpp) each rejected call is also reported once, `where`
 * being the C function's name when this layer rejects it (NULL instance, config or buffers
 * struct, not initialised, unknown enum value), else the C++ view's ("init",
 * "advance_state", "batched_reset", "set_Sigma"). The accessors (_L, _batch_size,
 * _modulator, _mask) report nothing: they answer 0 or NULL.
 */
#ifndef NGCRT_NGCRT_H
#define NGCRT_NGCRT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status ------------------------------------------------------------------------- */

/* The values of ngcrt::status (include/ngcrt/status.hpp), unchanged. */
typedef int ngcrt_status;
#define NGCRT_OK 0
#define NGCRT_ERR_INVALID_SIGMA (-1)        /* Sigma <= 0, NaN or infinite */
#define NGCRT_ERR_INVALID_BATCH_SIZE (-2)   /* batch size 0 or above max_batch */
#define NGCRT_ERR_SIZE_MISMATCH (-3)        /* wrong element count, or a capacity that overflows */
#define NGCRT_ERR_NULL_BUFFER (-4)          /* a required pointer is NULL */
#define NGCRT_ERR_MISALIGNED_BUFFER (-5)    /* a pointer not aligned for its element type */
#define NGCRT_ERR_OVERLAPPING_BUFFERS (-6)  /* buffers that must be distinct overlap */
#define NGCRT_ERR_INVALID_SHAPE (-7)        /* rank not 1 or 3, a zero dimension, bad enum */
#define NGCRT_ERR_NOT_INITIALIZED (-8)      /* instance used before a successful init */
#define NGCRT_ERR_UNSUPPORTED_KERNEL (-9)   /* kernel not compiled in / not executable here */

/* Short static text for a status: never NULL; "unknown status" for other values. */
const char* ngcrt_status_str(int status);

/* ---- configuration ------------------------------------------------------------------ */

/* Which ngclearn release's arithmetic to reproduce (see include/ngcrt/convention.hpp):
 *   3.1 (default): d = e * (1 / Sigma), L = (-S) * (1 / ((Sigma * Sigma) * 2))
 *   3.2 (and 3.0): d = e / Sigma,       L = (-S) * (0.5 / Sigma)
 * The *_FORCE_INT32_ values are not valid choices: they give every enum the size of an
 * int32_t whatever the compiler's enum size rules (-fshort-enums). */
typedef enum ngcrt_convention {
    NGCRT_CONVENTION_NGCLEARN_3_1 = 0,
    NGCRT_CONVENTION_NGCLEARN_3_2 = 1,
    NGCRT_CONVENTION_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_convention;

/* One Sigma for the whole cell, or one per unit (broadcast over the batch). */
typedef enum ngcrt_sigma_shape {
    NGCRT_SIGMA_SCALAR = 0,
    NGCRT_SIGMA_PER_UNIT = 1,
    NGCRT_SIGMA_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_sigma_shape;

/* The cell's shape and capacity. units = dims[0] (rank 1, dense (N)) or
 * dims[0] * dims[1] * dims[2] (rank 3, feature map (H, W, C), row-major); dims past
 * the rank are ignored. Zero-initialise it and set the fields: 0 is the default
 * convention (3.1) and Sigma shape (scalar). */
typedef struct ngcrt_gaussian_error_config {
    size_t rank;                   /* 1 or 3 */
    size_t dims[3];                /* each of the first `rank` > 0 */
    size_t max_batch;              /* capacity: batch sizes 1..max_batch, >= 1 */
    ngcrt_sigma_shape sigma_shape; /* NGCRT_SIGMA_SCALAR or NGCRT_SIGMA_PER_UNIT */
    ngcrt_convention convention;   /* NGCRT_CONVENTION_NGCLEARN_3_1 or _3_2 */
} ngcrt_gaussian_error_config;

/* Caller-owned storage, which must outlive the instance. mu, target, modulator, mask,
 * dmu and dtarget each hold max_batch * units elements (batch outermost, row-major);
 * Sigma and dSigma hold 1 (scalar) or units (per unit) elements. All non-NULL, aligned
 * for the element type, pairwise disjoint, and not inside the instance.
 * Inputs: write mu and target in place before a step. Write modulator and mask only
 * through the pointers that ngcrt_gaussian_error_*_modulator() / _mask() return (the
 * cell skips them while it knows they hold ones), and Sigma only with _set_sigma()
 * (which checks it). Outputs: read dmu, dtarget and dSigma in place.
 * The pointers are checked (NULL, alignment, overlap) but their sizes cannot be: each
 * buffer must really hold the elements the configuration says. */
typedef struct ngcrt_gaussian_error_buffers_f32 {
    float* mu;
    float* target;
    float* modulator;
    float* mask;
    float* dmu;
    float* dtarget;
    float* Sigma;
    float* dSigma;
} ngcrt_gaussian_error_buffers_f32;

typedef struct ngcrt_gaussian_error_buffers_f64 {
    double* mu;
    double* target;
    double* modulator;
    double* mask;
    double* dmu;
    double* dtarget;
    double* Sigma;
    double* dSigma;
} ngcrt_gaussian_error_buffers_f64;

/* ---- instances ---------------------------------------------------------------------- */

/* Bytes of opaque storage in an instance (the C++ view and a check word; checked at
 * compile time in src/c_api.cpp). */
#define NGCRT_GAUSSIAN_ERROR_STORAGE_SIZE (40 * sizeof(void*) + 8 * sizeof(double))

/* An instance: opaque storage for the cell (its state and the pointers to the caller's
 * buffers), to be used only through the functions below.
 * - Zero it before first use (static storage is zeroed; for a local or a member write
 *   `ngcrt_gaussian_error_f32 cell = {0};` or memset it): the functions then recognise
 *   it as not initialised. ngcrt_gaussian_error_*_init() accepts any contents.
 * - Do NOT copy an initialised instance (struct assignment, memcpy) or move it to
 *   another address: the cell's state is tied to its address, and a copy reports
 *   NGCRT_ERR_NOT_INITIALIZED. Initialise a second instance instead.
 * - No function needs to be called to release it. Not thread-safe: use an instance
 *   from one thread at a time. */
typedef struct ngcrt_gaussian_error_f32 {
    union {
        unsigned char bytes[NGCRT_GAUSSIAN_ERROR_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
        size_t align_size_;
    } opaque_;
} ngcrt_gaussian_error_f32;

typedef struct ngcrt_gaussian_error_f64 {
    union {
        unsigned char bytes[NGCRT_GAUSSIAN_ERROR_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
        size_t align_size_;
    } opaque_;
} ngcrt_gaussian_error_f64;

/* ---- float -------------------------------------------------------------------------- */

/* Binds inst to the buffers and puts the cell in its initial state over the whole
 * capacity: mu, target, dmu, dtarget, dSigma <- 0; modulator, mask <- 1; Sigma <- sigma
 * (every unit, if per unit); L <- 0; batch size <- max_batch. Checks, in this order:
 * NULL inst, cfg or buf (NULL_BUFFER); unknown sigma_shape or convention, rank other
 * than 1 or 3, a zero dimension or too many units (INVALID_SHAPE); max_batch 0
 * (INVALID_BATCH_SIZE); a capacity overflowing size_t, or of more than PTRDIFF_MAX bytes
 * (SIZE_MISMATCH); then each
 * buffer NULL (NULL_BUFFER) or misaligned (MISALIGNED_BUFFER); any two overlapping
 * (OVERLAPPING_BUFFERS); sigma <= 0, NaN or infinite (INVALID_SIGMA). On error no buffer
 * is written and inst is not initialised (even if it was before). */
ngcrt_status ngcrt_gaussian_error_f32_init(ngcrt_gaussian_error_f32* inst, const ngcrt_gaussian_error_config* cfg,
                                           const ngcrt_gaussian_error_buffers_f32* buf, float sigma);

/* One step over batch_size * units elements (dt is accepted and unused, as in ngclearn):
 * with e = target - mu, d = e * (1/Sigma) (3.1) or e / Sigma (3.2):
 * dmu = (d * modulator) * mask, dtarget = -dmu (bitwise), dSigma = 1, L (value below),
 * then mask = 1 (the mask gates one step). */
ngcrt_status ngcrt_gaussian_error_f32_step(ngcrt_gaussian_error_f32* inst, float dt);

/* batched_reset(current batch size). */
ngcrt_status ngcrt_gaussian_error_f32_reset(ngcrt_gaussian_error_f32* inst);

/* Sets the batch size to b and resets the first b * units elements: mu, target, dmu,
 * dtarget <- 0; modulator, mask <- 1; dSigma <- 0; L <- 0. Sigma is kept.
 * b == 0 or b > max_batch: NGCRT_ERR_INVALID_BATCH_SIZE, nothing changes. */
ngcrt_status ngcrt_gaussian_error_f32_batched_reset(ngcrt_gaussian_error_f32* inst, size_t b);

/* L of the last step (0 after init or a reset): -sum e^2 * c, summed in a fixed order.
 * 0 for a NULL or not initialised inst. */
float ngcrt_gaussian_error_f32_L(const ngcrt_gaussian_error_f32* inst);

/* The active batch size (1..max_batch); 0 for a NULL or not initialised inst. */
size_t ngcrt_gaussian_error_f32_batch_size(const ngcrt_gaussian_error_f32* inst);

/* Write access to the modulator (batch_size * units elements, the caller's buffer):
 * the next steps read it. Lasts until the next reset; call again after one.
 * NULL for a NULL or not initialised inst. */
float* ngcrt_gaussian_error_f32_modulator(ngcrt_gaussian_error_f32* inst);

/* Write access to the mask (batch_size * units elements): the next step reads it, then
 * sets it to ones ("eats" it). Call again before each step whose mask you set.
 * NULL for a NULL or not initialised inst. */
float* ngcrt_gaussian_error_f32_mask(ngcrt_gaussian_error_f32* inst);

/* Copies count values into Sigma, all checked first: count must be 1 (scalar Sigma) or
 * units (per unit), else SIZE_MISMATCH; values NULL: NULL_BUFFER; any value <= 0, NaN or
 * infinite: INVALID_SIGMA. On error Sigma is unchanged. */
ngcrt_status ngcrt_gaussian_error_f32_set_sigma(ngcrt_gaussian_error_f32* inst, const float* values, size_t count);

/* ---- double: the same functions, on double ------------------------------------------ */

/* As ngcrt_gaussian_error_f32_init(). */
ngcrt_status ngcrt_gaussian_error_f64_init(ngcrt_gaussian_error_f64* inst, const ngcrt_gaussian_error_config* cfg,
                                           const ngcrt_gaussian_error_buffers_f64* buf, double sigma);
/* As ngcrt_gaussian_error_f32_step(): one step, mask eaten. */
ngcrt_status ngcrt_gaussian_error_f64_step(ngcrt_gaussian_error_f64* inst, double dt);
/* As ngcrt_gaussian_error_f32_reset(): batched_reset(current batch size). */
ngcrt_status ngcrt_gaussian_error_f64_reset(ngcrt_gaussian_error_f64* inst);
/* As ngcrt_gaussian_error_f32_batched_reset(): batch size b (1..max_batch), then reset. */
ngcrt_status ngcrt_gaussian_error_f64_batched_reset(ngcrt_gaussian_error_f64* inst, size_t b);
/* As ngcrt_gaussian_error_f32_L(): L of the last step; 0 for a NULL or not initialised inst. */
double ngcrt_gaussian_error_f64_L(const ngcrt_gaussian_error_f64* inst);
/* As ngcrt_gaussian_error_f32_batch_size(); 0 for a NULL or not initialised inst. */
size_t ngcrt_gaussian_error_f64_batch_size(const ngcrt_gaussian_error_f64* inst);
/* As ngcrt_gaussian_error_f32_modulator(): write access until the next reset; or NULL. */
double* ngcrt_gaussian_error_f64_modulator(ngcrt_gaussian_error_f64* inst);
/* As ngcrt_gaussian_error_f32_mask(): write access for the next step; or NULL. */
double* ngcrt_gaussian_error_f64_mask(ngcrt_gaussian_error_f64* inst);
/* As ngcrt_gaussian_error_f32_set_sigma(): count 1 or units values, all checked first. */
ngcrt_status ngcrt_gaussian_error_f64_set_sigma(ngcrt_gaussian_error_f64* inst, const double* values, size_t count);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NGCRT_NGCRT_H */
