/* ngcrt/ngcrt.h - the C API (C99, also usable from C++): ngclearn's error cells over
 * caller-owned buffers, for float (_f32) and double (_f64).
 *
 * A thin layer over the C++ views (include/ngcrt/engine/view.hpp): the same rules, the same
 * kernels, the same bits. No heap, no exceptions, no I/O. One naming scheme for every cell,
 * CMSIS-style, the type suffix last:
 *
 *   ngcrt_<cell>_<operation>_<f32|f64>     cell: gaussian_error, laplacian_error, bernoulli_error
 *
 * A complete program (tests/c/CMakeLists.txt extracts the lines between the two marker
 * lines, compiles them as C99 and runs them on every target):
 *
 * ngcrt-h-example-begin
 *   #include <ngcrt/ngcrt.h>
 *   #include <stdio.h>
 *
 *   static float mu[64], target[64], modulator[64], mask[64], dmu[64], dtarget[64];
 *   static float Sigma[1], dSigma[1];
 *   static ngcrt_error_cell_f32 cell;  // static storage: zeroed, not initialised yet
 *
 *   int main(void) {
 *       ngcrt_error_config cfg = {1, {64, 0, 0}, 1, NGCRT_SIGMA_SCALAR, NGCRT_CONVENTION_NGCLEARN_3_1};
 *       ngcrt_error_buffers_f32 buf = {mu, target, modulator, mask, dmu, dtarget, Sigma, dSigma, NULL, NULL};
 *       int st = ngcrt_gaussian_error_init_f32(&cell, &cfg, &buf, 2.0f);  // Sigma = 2
 *       for (int i = 0; i < 64; ++i) {  // write the inputs in place
 *           mu[i] = 0.5f;
 *           target[i] = 1.5f;
 *       }
 *       if (st == NGCRT_OK) st = ngcrt_gaussian_error_step_f32(&cell, 1.0f);
 *       if (st != NGCRT_OK) {
 *           printf("ngcrt: %s\n", ngcrt_status_str(st));
 *           return 1;
 *       }
 *       // read the outputs in place: dmu[i] = 0.5, dtarget[i] = -0.5, L = -64 / 8
 *       printf("dmu[0] = %g, dtarget[0] = %g, L = %g\n", (double)dmu[0], (double)dtarget[0],
 *              (double)ngcrt_gaussian_error_L_f32(&cell));
 *       return 0;
 *   }
 * ngcrt-h-example-end
 *
 * Every function that can fail returns an ngcrt_status (NGCRT_OK or a negative
 * NGCRT_ERR_* code) and changes nothing when it fails (a failed _init writes no buffer
 * and leaves the instance not initialised). With -DNGCRT_ERROR_POLICY=HOOK or
 * ASSERT (include/ngcrt/status.hpp) each rejected call is also reported once, `where`
 * being the C function's name when this layer rejects it (NULL instance, config or buffers
 * struct, not initialised, unknown enum value, an instance of another cell), else the C++
 * view's ("init", "advance_state", "batched_reset", "set_parameter"). The accessors (_L,
 * _batch_size, _modulator, _mask) report nothing: they answer 0 or NULL.
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
#define NGCRT_ERR_INVALID_SIGMA (-1)       /* Sigma or Scale <= 0, NaN or infinite */
#define NGCRT_ERR_INVALID_BATCH_SIZE (-2)  /* batch size 0 or above max_batch */
#define NGCRT_ERR_SIZE_MISMATCH (-3)       /* wrong element count, or a capacity that overflows */
#define NGCRT_ERR_NULL_BUFFER (-4)         /* a required pointer is NULL */
#define NGCRT_ERR_MISALIGNED_BUFFER (-5)   /* a pointer not aligned for its element type */
#define NGCRT_ERR_OVERLAPPING_BUFFERS (-6) /* buffers that must be distinct overlap */
#define NGCRT_ERR_INVALID_SHAPE (-7)       /* rank not 1 or 3, a zero dimension, too many units */
#define NGCRT_ERR_NOT_INITIALIZED (-8)     /* instance used before a successful init */
#define NGCRT_ERR_UNSUPPORTED_KERNEL (-9)  /* kernel not compiled in / not executable here */
#define NGCRT_ERR_INVALID_ARGUMENT (-10)   /* an unknown enum value; an instance of another cell */
#define NGCRT_ERR_INVALID_TIME_STEP (-11)  /* dt <= 0, NaN or inf; tau < 0, NaN or inf; Euler dt/tau > 2 */

/* Short static text for a status: never NULL; "unknown status" for other values. */
const char* ngcrt_status_str(int status);

/* ---- configuration (every cell) ------------------------------------------------------ */

/* Which ngclearn release's arithmetic to reproduce (see include/ngcrt/convention.hpp):
 *   3.1 (default): Gaussian d = e * (1 / Sigma), L = (-S) * (1 / ((Sigma * Sigma) * 2))
 *   3.2 (and 3.0): Gaussian d = e / Sigma,       L = (-S) * (0.5 / Sigma)
 * The Laplacian cell computes the same in both. EXACT: the true log-density and its true
 * derivatives, the parameter's too (docs/semantics.md).
 * The *_FORCE_INT32_ values are not valid choices: they give every enum the size of an
 * int32_t whatever the compiler's enum size rules (-fshort-enums). */
typedef enum ngcrt_convention {
    NGCRT_CONVENTION_NGCLEARN_3_1 = 0,
    NGCRT_CONVENTION_NGCLEARN_3_2 = 1,
    NGCRT_CONVENTION_EXACT = 2, /* the true log-density and derivatives (every cell) */
    NGCRT_CONVENTION_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_convention;

/* The cell's form: its parameter's shape (Gaussian Sigma, Laplacian Scale: one value for
 * the whole cell, or one per unit broadcast over the batch), or what p holds (Bernoulli). */
typedef enum ngcrt_form {
    NGCRT_SIGMA_SCALAR = 0,
    NGCRT_SIGMA_PER_UNIT = 1,
    NGCRT_SIGMA_FULL = 2, /* Gaussian cells, NGCRT_CONVENTION_EXACT, rank 1: units x units, row-major */
    NGCRT_BERNOULLI_PROBABILITY = 0,
    NGCRT_BERNOULLI_LOGITS = 1,
    NGCRT_FORM_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_form;

/* How a leaky cell integrates its error over a step of dt (include/ngcrt/engine/cell.hpp):
 * EXPONENTIAL: a = 1 - exp(-dt / tau), exact for an input held over the step, any dt > 0;
 * EULER: a = dt / tau, dt / tau <= 2 (beyond, the error oscillates and grows). */
typedef enum ngcrt_integrator {
    NGCRT_INTEGRATOR_EXPONENTIAL = 0,
    NGCRT_INTEGRATOR_EULER = 1,
    NGCRT_INTEGRATOR_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_integrator;

/* What a step does with subnormal numbers (include/ngcrt/subnormals.hpp): IEEE (the default)
 * computes them exactly, which can cost tens of times the step's time on x86; FLUSH reads
 * subnormal inputs as zeros and writes tiny results as zeros, with the same bits on every
 * target and a step's time independent of the data (docs/realtime.md). */
typedef enum ngcrt_subnormals {
    NGCRT_SUBNORMALS_IEEE = 0,
    NGCRT_SUBNORMALS_FLUSH = 1,
    NGCRT_SUBNORMALS_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_subnormals;

/* The cell's shape and capacity. units = dims[0] (rank 1, dense (N)) or
 * dims[0] * dims[1] * dims[2] (rank 3, feature map (H, W, C), row-major); dims past
 * the rank are ignored. Zero-initialise it and set the fields: 0 is the default form
 * and convention. */
typedef struct ngcrt_error_config {
    size_t rank;                 /* 1 or 3 */
    size_t dims[3];              /* each of the first `rank` > 0 */
    size_t max_batch;            /* capacity: batch sizes 1..max_batch, >= 1 */
    ngcrt_form form;             /* the cell's form (above) */
    ngcrt_convention convention; /* NGCRT_CONVENTION_NGCLEARN_3_1 or _3_2 */
} ngcrt_error_config;

/* Caller-owned storage, which must outlive the instance, by role (each cell's names):
 *   prediction   mu (Gaussian), shift (Laplacian), p (Bernoulli)
 *   dprediction  dmu, dshift, dp
 *   parameter    Sigma, Scale; unused (may be NULL) for Bernoulli
 *   dparameter   dSigma, dScale; likewise
 *   state        e (leaky Gaussian); unused (may be NULL) for the other cells
 * The six unit-shaped buffers (prediction .. dtarget) and the state each hold max_batch * units
 * elements (batch outermost, row-major); parameter and dparameter hold 1 (scalar) or
 * units (per unit) elements, the workspace ngcrt_error_workspace_count(cfg). All the buffers
 * a configuration uses non-NULL, aligned for the element type, pairwise disjoint, and not
 * inside the instance.
 * Inputs: write prediction and target in place before a step. Write modulator and mask
 * only through the pointers that _modulator() / _mask() return (the cell skips them while
 * it knows they hold ones), and the parameter only with _set_<parameter>() (which checks
 * it). Outputs: read dprediction, dtarget, dparameter and the state in place.
 * The pointers are checked (NULL, alignment, overlap) but their sizes cannot be: each
 * buffer must really hold the elements the configuration says. */
typedef struct ngcrt_error_buffers_f32 {
    float* prediction;
    float* target;
    float* modulator;
    float* mask;
    float* dprediction;
    float* dtarget;
    float* parameter;
    float* dparameter;
    float* workspace; /* the cell's scratch: ngcrt_error_workspace_count() elements (NULL if 0) */
    float* state;     /* a leaky cell's e (read only: the step writes it) */
} ngcrt_error_buffers_f32;

typedef struct ngcrt_error_buffers_f64 {
    double* prediction;
    double* target;
    double* modulator;
    double* mask;
    double* dprediction;
    double* dtarget;
    double* parameter;
    double* dparameter;
    double* workspace; /* as above */
    double* state;
} ngcrt_error_buffers_f64;

/* Elements of workspace a configuration needs (2 * units for a per-unit parameter: its
 * factors, computed when it is set; 3 * units * (units rounded up to 16) for a full
 * covariance: its Cholesky factor, transpose and inverse; 0 otherwise), or 0 for a NULL or
 * invalid cfg. */
size_t ngcrt_error_workspace_count(const ngcrt_error_config* cfg);

/* ---- instances ---------------------------------------------------------------------- */

/* Bytes of opaque storage in an instance (the C++ view and a check word; checked at
 * compile time in src/c_api.cpp). */
#define NGCRT_ERROR_CELL_STORAGE_SIZE (42 * sizeof(void*) + 14 * sizeof(double))

/* An instance of any cell: opaque storage for its state and the pointers to the caller's
 * buffers, to be used only through the functions of the cell it was initialised as.
 * - Zero it before first use (static storage is zeroed; for a local or a member write
 *   `ngcrt_error_cell_f32 cell = {0};` or memset it): the functions then recognise it as
 *   not initialised. An _init accepts any contents.
 * - Do NOT copy an initialised instance (struct assignment, memcpy) or move it to
 *   another address: the cell's state is tied to its address, and a copy reports
 *   NGCRT_ERR_NOT_INITIALIZED. Initialise a second instance instead.
 * - Given to another cell's functions, it reports NGCRT_ERR_INVALID_ARGUMENT.
 * - No function needs to be called to release it. Not thread-safe: use an instance
 *   from one thread at a time. */
typedef struct ngcrt_error_cell_f32 {
    union {
        unsigned char bytes[NGCRT_ERROR_CELL_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
        size_t align_size_;
    } opaque_;
} ngcrt_error_cell_f32;

typedef struct ngcrt_error_cell_f64 {
    union {
        unsigned char bytes[NGCRT_ERROR_CELL_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
        size_t align_size_;
    } opaque_;
} ngcrt_error_cell_f64;

/* ---- the functions of a cell ---------------------------------------------------------
 * For cell X and element type T (float _f32, double _f64), with `inst` an instance:
 *
 * ngcrt_X_init_t(inst, const ngcrt_error_config* cfg, const ngcrt_error_buffers_t* buf,
 *                T parameter)          (a cell without a parameter: no `parameter` argument)
 *   Binds inst to the buffers and puts the cell in its initial state over the whole
 *   capacity: prediction, target, dprediction, dtarget, dparameter <- 0; modulator,
 *   mask <- 1; parameter <- `parameter` (every unit, if per unit); L <- 0; batch size <-
 *   max_batch. Checks, in this order: NULL inst, cfg or buf (NULL_BUFFER); unknown form
 *   or convention (INVALID_ARGUMENT); rank other than 1 or 3, a zero dimension or too many
 *   units (INVALID_SHAPE); max_batch 0 (INVALID_BATCH_SIZE); a capacity overflowing
 *   size_t, or of more than PTRDIFF_MAX bytes (SIZE_MISMATCH); then each buffer NULL
 *   (NULL_BUFFER) or misaligned (MISALIGNED_BUFFER); any two overlapping
 *   (OVERLAPPING_BUFFERS); `parameter` <= 0, NaN or infinite (INVALID_SIGMA). On error
 *   no buffer is written and inst is not initialised (even if it was before).
 * ngcrt_X_step_t(inst, T dt)
 *   One step over batch_size * units elements (dt is accepted and unused, as in ngclearn,
 *   except by a leaky cell): the cell's outputs (docs/semantics.md), then mask = 1 (the
 *   mask gates one step). A leaky cell: dt <= 0, NaN or infinite, or Euler with
 *   dt / tau > 2: INVALID_TIME_STEP, nothing changes.
 * ngcrt_X_reset_t(inst)
 *   batched_reset(current batch size).
 * ngcrt_X_batched_reset_t(inst, size_t b)
 *   Sets the batch size to b and resets the first b * units elements: prediction,
 *   target, dprediction, dtarget, the state <- 0; modulator, mask <- 1; dparameter <- 0; L <- 0.
 *   The parameter is kept. b == 0 or b > max_batch: INVALID_BATCH_SIZE, nothing changes.
 * T ngcrt_X_L_t(const inst)
 *   L of the last step (0 after init or a reset); 0 for a NULL or not initialised inst.
 * size_t ngcrt_X_batch_size_t(const inst)
 *   The active batch size (1..max_batch); 0 for a NULL or not initialised inst.
 * T* ngcrt_X_modulator_t(inst)
 *   Write access to the modulator (batch_size * units elements, the caller's buffer):
 *   the next steps read it. Lasts until the next reset; call again after one.
 *   NULL for a NULL or not initialised inst.
 * T* ngcrt_X_mask_t(inst)
 *   Write access to the mask: the next step reads it, then sets it to ones ("eats" it).
 *   Call again before each step whose mask you set. NULL for a NULL or not initialised inst.
 * ngcrt_X_set_subnormals_t(inst, ngcrt_subnormals mode)
 *   NGCRT_SUBNORMALS_IEEE (what init sets) or _FLUSH for the following steps; kept by
 *   reset. Another value: INVALID_ARGUMENT, nothing changes.
 * ngcrt_X_set_<parameter>_t(inst, const T* values, size_t count)
 *   Copies count values into the parameter, all checked first: count must be 1 (scalar)
 *   or units (per unit), else SIZE_MISMATCH; values NULL: NULL_BUFFER; any value <= 0,
 *   NaN or infinite: INVALID_SIGMA. On error the parameter is unchanged.
 *
 * A leaky cell (state e, time constant tau) has besides:
 * ngcrt_X_init_t(inst, cfg, buf, T parameter, T tau, ngcrt_integrator integrator)
 *   As above, and state <- 0; first (after the NULL checks) an unknown integrator
 *   (INVALID_ARGUMENT) and tau < 0, NaN or infinite (INVALID_TIME_STEP). tau = 0: no
 *   smoothing, the cell computes what the Gaussian cell computes.
 * ngcrt_X_set_tau_t(inst, T tau)
 *   tau < 0, NaN or infinite: INVALID_TIME_STEP, nothing changes. The state is kept.
 */
/* GaussianErrorCell (mu, dmu, Sigma, dSigma). */
ngcrt_status ngcrt_gaussian_error_init_f32(ngcrt_error_cell_f32* inst, const ngcrt_error_config* cfg,
                                           const ngcrt_error_buffers_f32* buf, float parameter);
ngcrt_status ngcrt_gaussian_error_step_f32(ngcrt_error_cell_f32* inst, float dt);
ngcrt_status ngcrt_gaussian_error_reset_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_gaussian_error_batched_reset_f32(ngcrt_error_cell_f32* inst, size_t b);
float ngcrt_gaussian_error_L_f32(const ngcrt_error_cell_f32* inst);
size_t ngcrt_gaussian_error_batch_size_f32(const ngcrt_error_cell_f32* inst);
float* ngcrt_gaussian_error_modulator_f32(ngcrt_error_cell_f32* inst);
float* ngcrt_gaussian_error_mask_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_gaussian_error_set_subnormals_f32(ngcrt_error_cell_f32* inst, ngcrt_subnormals mode);
ngcrt_status ngcrt_gaussian_error_set_sigma_f32(ngcrt_error_cell_f32* inst, const float* values,
                                                size_t count);
ngcrt_status ngcrt_gaussian_error_init_f64(ngcrt_error_cell_f64* inst, const ngcrt_error_config* cfg,
                                           const ngcrt_error_buffers_f64* buf, double parameter);
ngcrt_status ngcrt_gaussian_error_step_f64(ngcrt_error_cell_f64* inst, double dt);
ngcrt_status ngcrt_gaussian_error_reset_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_gaussian_error_batched_reset_f64(ngcrt_error_cell_f64* inst, size_t b);
double ngcrt_gaussian_error_L_f64(const ngcrt_error_cell_f64* inst);
size_t ngcrt_gaussian_error_batch_size_f64(const ngcrt_error_cell_f64* inst);
double* ngcrt_gaussian_error_modulator_f64(ngcrt_error_cell_f64* inst);
double* ngcrt_gaussian_error_mask_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_gaussian_error_set_subnormals_f64(ngcrt_error_cell_f64* inst, ngcrt_subnormals mode);
ngcrt_status ngcrt_gaussian_error_set_sigma_f64(ngcrt_error_cell_f64* inst, const double* values,
                                                size_t count);

/* LaplacianErrorCell (shift, dshift, Scale, dScale). */
ngcrt_status ngcrt_laplacian_error_init_f32(ngcrt_error_cell_f32* inst, const ngcrt_error_config* cfg,
                                            const ngcrt_error_buffers_f32* buf, float parameter);
ngcrt_status ngcrt_laplacian_error_step_f32(ngcrt_error_cell_f32* inst, float dt);
ngcrt_status ngcrt_laplacian_error_reset_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_laplacian_error_batched_reset_f32(ngcrt_error_cell_f32* inst, size_t b);
float ngcrt_laplacian_error_L_f32(const ngcrt_error_cell_f32* inst);
size_t ngcrt_laplacian_error_batch_size_f32(const ngcrt_error_cell_f32* inst);
float* ngcrt_laplacian_error_modulator_f32(ngcrt_error_cell_f32* inst);
float* ngcrt_laplacian_error_mask_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_laplacian_error_set_subnormals_f32(ngcrt_error_cell_f32* inst, ngcrt_subnormals mode);
ngcrt_status ngcrt_laplacian_error_set_scale_f32(ngcrt_error_cell_f32* inst, const float* values,
                                                 size_t count);
ngcrt_status ngcrt_laplacian_error_init_f64(ngcrt_error_cell_f64* inst, const ngcrt_error_config* cfg,
                                            const ngcrt_error_buffers_f64* buf, double parameter);
ngcrt_status ngcrt_laplacian_error_step_f64(ngcrt_error_cell_f64* inst, double dt);
ngcrt_status ngcrt_laplacian_error_reset_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_laplacian_error_batched_reset_f64(ngcrt_error_cell_f64* inst, size_t b);
double ngcrt_laplacian_error_L_f64(const ngcrt_error_cell_f64* inst);
size_t ngcrt_laplacian_error_batch_size_f64(const ngcrt_error_cell_f64* inst);
double* ngcrt_laplacian_error_modulator_f64(ngcrt_error_cell_f64* inst);
double* ngcrt_laplacian_error_mask_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_laplacian_error_set_subnormals_f64(ngcrt_error_cell_f64* inst, ngcrt_subnormals mode);
ngcrt_status ngcrt_laplacian_error_set_scale_f64(ngcrt_error_cell_f64* inst, const double* values,
                                                 size_t count);

/* BernoulliErrorCell (p, dp; form NGCRT_BERNOULLI_PROBABILITY or _LOGITS). */
ngcrt_status ngcrt_bernoulli_error_init_f32(ngcrt_error_cell_f32* inst, const ngcrt_error_config* cfg,
                                            const ngcrt_error_buffers_f32* buf);
ngcrt_status ngcrt_bernoulli_error_step_f32(ngcrt_error_cell_f32* inst, float dt);
ngcrt_status ngcrt_bernoulli_error_reset_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_bernoulli_error_batched_reset_f32(ngcrt_error_cell_f32* inst, size_t b);
float ngcrt_bernoulli_error_L_f32(const ngcrt_error_cell_f32* inst);
size_t ngcrt_bernoulli_error_batch_size_f32(const ngcrt_error_cell_f32* inst);
float* ngcrt_bernoulli_error_modulator_f32(ngcrt_error_cell_f32* inst);
float* ngcrt_bernoulli_error_mask_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_bernoulli_error_set_subnormals_f32(ngcrt_error_cell_f32* inst, ngcrt_subnormals mode);
ngcrt_status ngcrt_bernoulli_error_init_f64(ngcrt_error_cell_f64* inst, const ngcrt_error_config* cfg,
                                            const ngcrt_error_buffers_f64* buf);
ngcrt_status ngcrt_bernoulli_error_step_f64(ngcrt_error_cell_f64* inst, double dt);
ngcrt_status ngcrt_bernoulli_error_reset_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_bernoulli_error_batched_reset_f64(ngcrt_error_cell_f64* inst, size_t b);
double ngcrt_bernoulli_error_L_f64(const ngcrt_error_cell_f64* inst);
size_t ngcrt_bernoulli_error_batch_size_f64(const ngcrt_error_cell_f64* inst);
double* ngcrt_bernoulli_error_modulator_f64(ngcrt_error_cell_f64* inst);
double* ngcrt_bernoulli_error_mask_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_bernoulli_error_set_subnormals_f64(ngcrt_error_cell_f64* inst, ngcrt_subnormals mode);

/* LeakyGaussianErrorCell (mu, dmu, Sigma, dSigma; buf->state holds e). */
ngcrt_status ngcrt_leaky_gaussian_error_init_f32(ngcrt_error_cell_f32* inst, const ngcrt_error_config* cfg,
                                                 const ngcrt_error_buffers_f32* buf, float parameter,
                                                 float tau, ngcrt_integrator integrator);
ngcrt_status ngcrt_leaky_gaussian_error_step_f32(ngcrt_error_cell_f32* inst, float dt);
ngcrt_status ngcrt_leaky_gaussian_error_reset_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_leaky_gaussian_error_batched_reset_f32(ngcrt_error_cell_f32* inst, size_t b);
float ngcrt_leaky_gaussian_error_L_f32(const ngcrt_error_cell_f32* inst);
size_t ngcrt_leaky_gaussian_error_batch_size_f32(const ngcrt_error_cell_f32* inst);
float* ngcrt_leaky_gaussian_error_modulator_f32(ngcrt_error_cell_f32* inst);
float* ngcrt_leaky_gaussian_error_mask_f32(ngcrt_error_cell_f32* inst);
ngcrt_status ngcrt_leaky_gaussian_error_set_subnormals_f32(ngcrt_error_cell_f32* inst, ngcrt_subnormals mode);
ngcrt_status ngcrt_leaky_gaussian_error_set_sigma_f32(ngcrt_error_cell_f32* inst, const float* values,
                                                      size_t count);
ngcrt_status ngcrt_leaky_gaussian_error_set_tau_f32(ngcrt_error_cell_f32* inst, float tau);
ngcrt_status ngcrt_leaky_gaussian_error_init_f64(ngcrt_error_cell_f64* inst, const ngcrt_error_config* cfg,
                                                 const ngcrt_error_buffers_f64* buf, double parameter,
                                                 double tau, ngcrt_integrator integrator);
ngcrt_status ngcrt_leaky_gaussian_error_step_f64(ngcrt_error_cell_f64* inst, double dt);
ngcrt_status ngcrt_leaky_gaussian_error_reset_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_leaky_gaussian_error_batched_reset_f64(ngcrt_error_cell_f64* inst, size_t b);
double ngcrt_leaky_gaussian_error_L_f64(const ngcrt_error_cell_f64* inst);
size_t ngcrt_leaky_gaussian_error_batch_size_f64(const ngcrt_error_cell_f64* inst);
double* ngcrt_leaky_gaussian_error_modulator_f64(ngcrt_error_cell_f64* inst);
double* ngcrt_leaky_gaussian_error_mask_f64(ngcrt_error_cell_f64* inst);
ngcrt_status ngcrt_leaky_gaussian_error_set_subnormals_f64(ngcrt_error_cell_f64* inst, ngcrt_subnormals mode);
ngcrt_status ngcrt_leaky_gaussian_error_set_sigma_f64(ngcrt_error_cell_f64* inst, const double* values,
                                                      size_t count);
ngcrt_status ngcrt_leaky_gaussian_error_set_tau_f64(ngcrt_error_cell_f64* inst, double tau);

/* ==== RateCell (include/ngcrt/rate_cell.hpp; docs/c-api.md, docs/spec/rate-cell.md) ==========
 * ngclearn's RateCell over caller buffers: compartments j, j_td (inputs), z, zF (outputs).
 * The enumerations are the C++ ones (ngcrt::Activation, Prior, RateIntegration, Threshold). */
typedef enum ngcrt_activation {
    NGCRT_ACTIVATION_IDENTITY = 0,
    NGCRT_ACTIVATION_SIGMOID = 1,
    NGCRT_ACTIVATION_TANH = 2,
    NGCRT_ACTIVATION_RELU = 3,
    NGCRT_ACTIVATION_LRELU = 4,
    NGCRT_ACTIVATION_RELU6 = 5,
    NGCRT_ACTIVATION_SOFTPLUS = 6,
    NGCRT_ACTIVATION_ELU = 7,
    NGCRT_ACTIVATION_SILU = 8,
    NGCRT_ACTIVATION_GELU = 9,
    NGCRT_ACTIVATION_TELU = 10,
    NGCRT_ACTIVATION_SINE = 11,
    NGCRT_ACTIVATION_SOFTMAX = 12,
    NGCRT_ACTIVATION_UNIT_THRESHOLD = 13,
    NGCRT_ACTIVATION_HEAVISIDE = 14,
    NGCRT_ACTIVATION_BKWTA = 15,
    NGCRT_ACTIVATION_FORCE_INT32_ = 0x7fffffff
} ngcrt_activation;
typedef enum ngcrt_prior {
    NGCRT_PRIOR_GAUSSIAN = 0,
    NGCRT_PRIOR_LAPLACIAN = 1,
    NGCRT_PRIOR_CAUCHY = 2,
    NGCRT_PRIOR_EXP = 3,
    NGCRT_PRIOR_FORCE_INT32_ = 0x7fffffff
} ngcrt_prior;
/* The methods the cell implements; ngcrt_integrator_from_name() gives the one an
 * integration_type NAME runs in ngclearn (rk4 and ralston run Euler, heun runs RK4). */
typedef enum ngcrt_rate_integration {
    NGCRT_RATE_EULER = 0,
    NGCRT_RATE_MIDPOINT = 1,
    NGCRT_RATE_RK4 = 2,
    NGCRT_RATE_INTEGRATION_FORCE_INT32_ = 0x7fffffff
} ngcrt_rate_integration;
typedef enum ngcrt_threshold {
    NGCRT_THRESHOLD_NONE = 0,
    NGCRT_THRESHOLD_SOFT = 1,
    NGCRT_THRESHOLD_CAUCHY = 2, /* refused at init (it cannot run in ngclearn) */
    NGCRT_THRESHOLD_FORCE_INT32_ = 0x7fffffff
} ngcrt_threshold;

/* ngclearn's constructor arguments; ngcrt_rate_config_default() gives its defaults (tau_m 0:
 * stateless; set it). Values are rounded once to the cell's element type. */
typedef struct ngcrt_rate_config {
    size_t rank; /* 1: (N), 3: (H, W, C) */
    size_t dims[3];
    size_t batch_size; /* rows in use, 1..max_batch */
    size_t max_batch;  /* rows the buffers hold */
    double tau_m;      /* <= 0: stateless; NaN or inf: NGCRT_ERR_INVALID_TIME_STEP */
    ngcrt_prior prior;
    double gamma;
    ngcrt_activation act_fx;
    double output_scale;
    ngcrt_threshold threshold;
    double threshold_lambda;
    ngcrt_rate_integration integration;
    double resist_scale;
    int is_stateful;
    ngcrt_convention convention;
} ngcrt_rate_config;

/* Each buffer `capacity` elements (max_batch x units); distinct; T-aligned. */
typedef struct ngcrt_rate_buffers_f32 {
    float* j;
    float* j_td;
    float* z;
    float* zF;
    size_t capacity;
} ngcrt_rate_buffers_f32;
typedef struct ngcrt_rate_buffers_f64 {
    double* j;
    double* j_td;
    double* z;
    double* zF;
    size_t capacity;
} ngcrt_rate_buffers_f64;

/* An instance: opaque storage, the same rules as ngcrt_error_cell_f32's (zero it before first
 * use, never copy an initialised one). */
#define NGCRT_RATE_CELL_STORAGE_SIZE 320
typedef struct ngcrt_rate_cell_f32 {
    union {
        unsigned char bytes[NGCRT_RATE_CELL_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
        size_t align_size_;
    } opaque_;
} ngcrt_rate_cell_f32;
typedef struct ngcrt_rate_cell_f64 {
    union {
        unsigned char bytes[NGCRT_RATE_CELL_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
        size_t align_size_;
    } opaque_;
} ngcrt_rate_cell_f64;

/* ngclearn's names: what an integration_type runs; an act_fx name (unknown: INVALID_ARGUMENT,
 * *out unchanged); a prior name (unknown: gaussian); a threshold type (unknown: none). */
ngcrt_rate_integration ngcrt_integrator_from_name(const char* name);
ngcrt_status ngcrt_activation_from_name(const char* name, ngcrt_activation* out);
ngcrt_prior ngcrt_prior_from_name(const char* name);
ngcrt_threshold ngcrt_threshold_from_name(const char* name);
ngcrt_rate_config ngcrt_rate_config_default(void);

/* init (a failed init leaves the instance not initialised); advance_state(dt > 0, finite);
 * reset (batched_reset(batch_size)); batched_reset(b): b rows from now on, unwired j and j_td,
 * z and zF zeroed; bind_j / bind_j_td: read the input from `source` (max_batch x units
 * elements, NULL unwires; a wired j gets no write-back of jm); the compartments (NULL for an
 * instance that is not initialised); batch_size (0 likewise). */
ngcrt_status ngcrt_rate_cell_init_f32(ngcrt_rate_cell_f32* inst, const ngcrt_rate_config* cfg,
                                      const ngcrt_rate_buffers_f32* buf);
ngcrt_status ngcrt_rate_cell_advance_state_f32(ngcrt_rate_cell_f32* inst, float dt);
ngcrt_status ngcrt_rate_cell_reset_f32(ngcrt_rate_cell_f32* inst);
ngcrt_status ngcrt_rate_cell_batched_reset_f32(ngcrt_rate_cell_f32* inst, size_t b);
ngcrt_status ngcrt_rate_cell_bind_j_f32(ngcrt_rate_cell_f32* inst, const float* source);
ngcrt_status ngcrt_rate_cell_bind_j_td_f32(ngcrt_rate_cell_f32* inst, const float* source);
float* ngcrt_rate_cell_j_f32(ngcrt_rate_cell_f32* inst);
float* ngcrt_rate_cell_j_td_f32(ngcrt_rate_cell_f32* inst);
float* ngcrt_rate_cell_z_f32(ngcrt_rate_cell_f32* inst);
float* ngcrt_rate_cell_zF_f32(ngcrt_rate_cell_f32* inst);
size_t ngcrt_rate_cell_batch_size_f32(const ngcrt_rate_cell_f32* inst);
ngcrt_status ngcrt_rate_cell_init_f64(ngcrt_rate_cell_f64* inst, const ngcrt_rate_config* cfg,
                                      const ngcrt_rate_buffers_f64* buf);
ngcrt_status ngcrt_rate_cell_advance_state_f64(ngcrt_rate_cell_f64* inst, double dt);
ngcrt_status ngcrt_rate_cell_reset_f64(ngcrt_rate_cell_f64* inst);
ngcrt_status ngcrt_rate_cell_batched_reset_f64(ngcrt_rate_cell_f64* inst, size_t b);
ngcrt_status ngcrt_rate_cell_bind_j_f64(ngcrt_rate_cell_f64* inst, const double* source);
ngcrt_status ngcrt_rate_cell_bind_j_td_f64(ngcrt_rate_cell_f64* inst, const double* source);
double* ngcrt_rate_cell_j_f64(ngcrt_rate_cell_f64* inst);
double* ngcrt_rate_cell_j_td_f64(ngcrt_rate_cell_f64* inst);
double* ngcrt_rate_cell_z_f64(ngcrt_rate_cell_f64* inst);
double* ngcrt_rate_cell_zF_f64(ngcrt_rate_cell_f64* inst);
size_t ngcrt_rate_cell_batch_size_f64(const ngcrt_rate_cell_f64* inst);
/* ==== end RateCell ========================================================================= */

/* ---- synapses (DenseSynapse, StaticSynapse, HebbianSynapse) ---------------------------
 * ngclearn's dense synapses over caller-owned buffers (include/ngcrt/dense_synapse.hpp,
 * include/ngcrt/hebbian_synapse.hpp; docs/spec/synapses.md):
 *   outputs = ((inputs @ (weights * mask)) * resist_scale) + biases
 * each output element one running sum over the summed index, increasing, every operation
 * rounded and none fused: the same bits on every kernel and target. StaticSynapse is the
 * same class. The weights of a dense synapse are only read: a `static const float W[]`
 * in flash needs no RAM copy. NGCRT_WEIGHTS_TRANSPOSED reads a buffer holding W^T (out x
 * in), for instance the forward synapse's weights, and gives e @ W^T with the bits of a
 * copy of W^T.
 *
 * Instances follow the error cells' rules (zero before first use, never copy or move an
 * initialised one, another kind's instance is INVALID_ARGUMENT, not thread-safe); every
 * function that can fail returns a status and changes nothing when it fails. */
typedef enum ngcrt_weight_layout {
    NGCRT_WEIGHTS_NORMAL = 0,     /* weights[i * out + o]: ngclearn's (in, out), row-major */
    NGCRT_WEIGHTS_TRANSPOSED = 1, /* weights[o * in + i]: the buffer holds W^T */
    NGCRT_WEIGHT_LAYOUT_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_weight_layout;
typedef enum ngcrt_synapse_biases {
    NGCRT_BIASES_NONE = 0, /* ngclearn without bias_init: the scalar 0 */
    NGCRT_BIASES_ROW = 1,  /* out values broadcast over the batch (learned by a Hebbian synapse) */
    NGCRT_SYNAPSE_BIASES_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_synapse_biases;
typedef enum ngcrt_optimizer {
    NGCRT_OPTIMIZER_SGD = 0,
    NGCRT_OPTIMIZER_ADAM = 1, /* ngclearn's "nag" is not provided */
    NGCRT_OPTIMIZER_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_optimizer;
/* HebbianSynapse's prior on the weights (RateCell's prior on the activity is ngcrt_prior). */
typedef enum ngcrt_weight_prior {
    NGCRT_WEIGHT_PRIOR_NONE = 0,        /* "constant", None */
    NGCRT_WEIGHT_PRIOR_L2 = 1,          /* "l2", "ridge", "gaussian" */
    NGCRT_WEIGHT_PRIOR_L1 = 2,          /* "l1", "lasso", "laplacian" */
    NGCRT_WEIGHT_PRIOR_ELASTIC_NET = 3, /* "l1l2", "elastic_net": lambda = (prior_lambda, l1_ratio) */
    NGCRT_WEIGHT_PRIOR_FORCE_INT32_ = 0x7FFFFFFF
} ngcrt_weight_prior;

/* ngclearn's prior and optim_type names (case as ngclearn; an unknown name, and "nag", is
 * INVALID_ARGUMENT with *out unchanged; NULL name: the prior NONE, an optimizer
 * INVALID_ARGUMENT; NULL out: NULL_BUFFER). */
ngcrt_status ngcrt_weight_prior_from_name(const char* name, ngcrt_weight_prior* out);
ngcrt_status ngcrt_optimizer_from_name(const char* name, ngcrt_optimizer* out);

typedef struct ngcrt_dense_synapse_config {
    size_t in, out;   /* ngclearn's shape = (in, out), each > 0 */
    size_t max_batch; /* capacity: batch sizes 1..max_batch */
    ngcrt_synapse_biases biases;
    ngcrt_weight_layout layout; /* a dense synapse's only; a Hebbian synapse's is NORMAL */
} ngcrt_dense_synapse_config;

/* inputs max_batch * in, outputs max_batch * out, weights in * out (read only), biases out
 * values (NGCRT_BIASES_ROW; else may be NULL). Non-NULL, aligned, pairwise disjoint. */
typedef struct ngcrt_dense_synapse_buffers_f32 {
    float* inputs;
    float* outputs;
    const float* weights;
    float* biases;
} ngcrt_dense_synapse_buffers_f32;
typedef struct ngcrt_dense_synapse_buffers_f64 {
    double* inputs;
    double* outputs;
    const double* weights;
    double* biases;
} ngcrt_dense_synapse_buffers_f64;

/* A Hebbian synapse: the dense buffers (weights writable, layout NORMAL), pre max_batch * in,
 * post max_batch * out, dWeights in * out or NULL (then evolve keeps no dW: the same
 * weights, in * out values less RAM), dBiases out, and with Adam its moments: in * out
 * values (+ out with biases) each, the weights' first (NULL with SGD). */
typedef struct ngcrt_hebbian_synapse_buffers_f32 {
    float* inputs;
    float* outputs;
    float* weights;
    float* biases;
    float* pre;
    float* post;
    float* dWeights;
    float* dBiases;
    float* first_moments;
    float* second_moments;
} ngcrt_hebbian_synapse_buffers_f32;
typedef struct ngcrt_hebbian_synapse_buffers_f64 {
    double* inputs;
    double* outputs;
    double* weights;
    double* biases;
    double* pre;
    double* post;
    double* dWeights;
    double* dBiases;
    double* first_moments;
    double* second_moments;
} ngcrt_hebbian_synapse_buffers_f64;

/* ngclearn's HebbianSynapse arguments (ngcrt_hebbian_settings_defaults_* writes its
 * defaults: eta 0 (never learns), w_bound 1, no prior, sign_value 1, weights 1): eta,
 * w_bound >= 0 and finite; the others finite; w_decay > 0 replaces the prior by (L2, w_decay). */
typedef struct ngcrt_hebbian_settings_f32 {
    float eta;
    float w_bound;
    int is_nonnegative; /* with w_bound > 0: clip to [0, w_bound] */
    ngcrt_weight_prior prior;
    float prior_lambda; /* L2, L1: lambda; elastic net: its scale */
    double l1_ratio;    /* elastic net */
    float w_decay;
    float sign_value;
    float pre_wght;
    float post_wght;
    float resist_scale;
} ngcrt_hebbian_settings_f32;
typedef struct ngcrt_hebbian_settings_f64 {
    double eta;
    double w_bound;
    int is_nonnegative;
    ngcrt_weight_prior prior;
    double prior_lambda;
    double l1_ratio;
    double w_decay;
    double sign_value;
    double pre_wght;
    double post_wght;
    double resist_scale;
} ngcrt_hebbian_settings_f64;

#define NGCRT_SYNAPSE_STORAGE_SIZE (72 * sizeof(void*) + 32 * sizeof(double))
/* Instances (opaque; zero before first use, as the error cells'). */
typedef struct ngcrt_dense_synapse_f32 {
    union {
        unsigned char bytes[NGCRT_SYNAPSE_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
    } opaque_;
} ngcrt_dense_synapse_f32;
typedef struct ngcrt_dense_synapse_f64 {
    union {
        unsigned char bytes[NGCRT_SYNAPSE_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
    } opaque_;
} ngcrt_dense_synapse_f64;
typedef struct ngcrt_hebbian_synapse_f32 {
    union {
        unsigned char bytes[NGCRT_SYNAPSE_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
    } opaque_;
} ngcrt_hebbian_synapse_f32;
typedef struct ngcrt_hebbian_synapse_f64 {
    union {
        unsigned char bytes[NGCRT_SYNAPSE_STORAGE_SIZE];
        double align_double_;
        uint64_t align_u64_;
        void* align_ptr_;
    } opaque_;
} ngcrt_hebbian_synapse_f64;

/* The functions (X = dense_synapse or hebbian_synapse, t = f32 or f64):
 * ngcrt_X_init_t(inst, cfg, buf, ...)  binds and puts in the initial state (inputs,
 *   outputs, pre, post, dWeights, dBiases, moments <- 0, step count 0, no mask, batch size
 *   max_batch); NULL inst, cfg or buf: NULL_BUFFER; an unknown enum value: INVALID_ARGUMENT;
 *   then as the C++ view (in, out 0: INVALID_SHAPE; max_batch 0: INVALID_BATCH_SIZE;
 *   overflow: SIZE_MISMATCH; a buffer NULL, misaligned, or two overlapping; resist_scale or
 *   a setting refused: INVALID_ARGUMENT). On error nothing is written and inst is not
 *   initialised.
 * ngcrt_X_step_t(inst)  ngclearn's advance_state(): the product over batch_size rows.
 * ngcrt_X_reset_t, _batched_reset_t(inst, b)  inputs (unless bound), outputs, pre, post
 *   (unless bound), dWeights, dBiases <- 0; weights, biases, mask, resist_scale and the
 *   optimizer's state are kept. b 0 or > max_batch: INVALID_BATCH_SIZE.
 * ngcrt_X_batch_size_t(inst)  1..max_batch; 0 for a NULL or not initialised inst.
 * ngcrt_X_set_resist_scale_t(inst, r)  finite, else INVALID_ARGUMENT.
 * ngcrt_X_bind_mask_t(inst, mask, count)  the mask (in * out values, the weights' layout,
 *   read at every step) or, with mask NULL and count 0, none; not overlapping a buffer the
 *   synapse writes.
 * ngcrt_X_bind_inputs_t(inst, src, count)  read inputs from src (batch_size * in values)
 *   instead of the inputs buffer; src NULL and count 0: unbind.
 * ngcrt_hebbian_synapse_evolve_t(inst)  ngclearn's evolve(): dW, db from pre, post and the
 *   weights, the optimizer (SGD or Adam, one step counter), the clip, the mask.
 * ngcrt_hebbian_synapse_bind_pre_t / _bind_post_t  as bind_inputs, for pre and post.
 * ngcrt_hebbian_synapse_set_settings_t(inst, s)  every value checked first (INVALID_ARGUMENT,
 *   nothing changes); the optimizer's state is kept.
 * ngcrt_hebbian_synapse_step_count_t(inst)  the optimizer's counter (0 for a bad inst);
 *   _set_step_count_t restores one (a whole number >= 0, else INVALID_ARGUMENT). */
ngcrt_status ngcrt_dense_synapse_init_f32(ngcrt_dense_synapse_f32* inst,
                                          const ngcrt_dense_synapse_config* cfg,
                                          const ngcrt_dense_synapse_buffers_f32* buf, float resist_scale);
ngcrt_status ngcrt_dense_synapse_step_f32(ngcrt_dense_synapse_f32* inst);
ngcrt_status ngcrt_dense_synapse_reset_f32(ngcrt_dense_synapse_f32* inst);
ngcrt_status ngcrt_dense_synapse_batched_reset_f32(ngcrt_dense_synapse_f32* inst, size_t b);
size_t ngcrt_dense_synapse_batch_size_f32(const ngcrt_dense_synapse_f32* inst);
ngcrt_status ngcrt_dense_synapse_set_resist_scale_f32(ngcrt_dense_synapse_f32* inst, float resist_scale);
ngcrt_status ngcrt_dense_synapse_bind_mask_f32(ngcrt_dense_synapse_f32* inst, const float* mask,
                                               size_t count);
ngcrt_status ngcrt_dense_synapse_bind_inputs_f32(ngcrt_dense_synapse_f32* inst, const float* src,
                                                 size_t count);
ngcrt_status ngcrt_dense_synapse_init_f64(ngcrt_dense_synapse_f64* inst,
                                          const ngcrt_dense_synapse_config* cfg,
                                          const ngcrt_dense_synapse_buffers_f64* buf, double resist_scale);
ngcrt_status ngcrt_dense_synapse_step_f64(ngcrt_dense_synapse_f64* inst);
ngcrt_status ngcrt_dense_synapse_reset_f64(ngcrt_dense_synapse_f64* inst);
ngcrt_status ngcrt_dense_synapse_batched_reset_f64(ngcrt_dense_synapse_f64* inst, size_t b);
size_t ngcrt_dense_synapse_batch_size_f64(const ngcrt_dense_synapse_f64* inst);
ngcrt_status ngcrt_dense_synapse_set_resist_scale_f64(ngcrt_dense_synapse_f64* inst, double resist_scale);
ngcrt_status ngcrt_dense_synapse_bind_mask_f64(ngcrt_dense_synapse_f64* inst, const double* mask,
                                               size_t count);
ngcrt_status ngcrt_dense_synapse_bind_inputs_f64(ngcrt_dense_synapse_f64* inst, const double* src,
                                                 size_t count);

void ngcrt_hebbian_settings_defaults_f32(ngcrt_hebbian_settings_f32* s);
void ngcrt_hebbian_settings_defaults_f64(ngcrt_hebbian_settings_f64* s);
ngcrt_status ngcrt_hebbian_synapse_init_f32(ngcrt_hebbian_synapse_f32* inst,
                                            const ngcrt_dense_synapse_config* cfg, ngcrt_optimizer optimizer,
                                            const ngcrt_hebbian_synapse_buffers_f32* buf,
                                            const ngcrt_hebbian_settings_f32* settings);
ngcrt_status ngcrt_hebbian_synapse_step_f32(ngcrt_hebbian_synapse_f32* inst);
ngcrt_status ngcrt_hebbian_synapse_evolve_f32(ngcrt_hebbian_synapse_f32* inst);
ngcrt_status ngcrt_hebbian_synapse_reset_f32(ngcrt_hebbian_synapse_f32* inst);
ngcrt_status ngcrt_hebbian_synapse_batched_reset_f32(ngcrt_hebbian_synapse_f32* inst, size_t b);
size_t ngcrt_hebbian_synapse_batch_size_f32(const ngcrt_hebbian_synapse_f32* inst);
ngcrt_status ngcrt_hebbian_synapse_set_resist_scale_f32(ngcrt_hebbian_synapse_f32* inst, float resist_scale);
ngcrt_status ngcrt_hebbian_synapse_bind_mask_f32(ngcrt_hebbian_synapse_f32* inst, const float* mask,
                                                 size_t count);
ngcrt_status ngcrt_hebbian_synapse_bind_inputs_f32(ngcrt_hebbian_synapse_f32* inst, const float* src,
                                                   size_t count);
ngcrt_status ngcrt_hebbian_synapse_bind_pre_f32(ngcrt_hebbian_synapse_f32* inst, const float* src,
                                                size_t count);
ngcrt_status ngcrt_hebbian_synapse_bind_post_f32(ngcrt_hebbian_synapse_f32* inst, const float* src,
                                                 size_t count);
ngcrt_status ngcrt_hebbian_synapse_set_settings_f32(ngcrt_hebbian_synapse_f32* inst,
                                                    const ngcrt_hebbian_settings_f32* settings);
float ngcrt_hebbian_synapse_step_count_f32(const ngcrt_hebbian_synapse_f32* inst);
ngcrt_status ngcrt_hebbian_synapse_set_step_count_f32(ngcrt_hebbian_synapse_f32* inst, float t);
ngcrt_status ngcrt_hebbian_synapse_init_f64(ngcrt_hebbian_synapse_f64* inst,
                                            const ngcrt_dense_synapse_config* cfg, ngcrt_optimizer optimizer,
                                            const ngcrt_hebbian_synapse_buffers_f64* buf,
                                            const ngcrt_hebbian_settings_f64* settings);
ngcrt_status ngcrt_hebbian_synapse_step_f64(ngcrt_hebbian_synapse_f64* inst);
ngcrt_status ngcrt_hebbian_synapse_evolve_f64(ngcrt_hebbian_synapse_f64* inst);
ngcrt_status ngcrt_hebbian_synapse_reset_f64(ngcrt_hebbian_synapse_f64* inst);
ngcrt_status ngcrt_hebbian_synapse_batched_reset_f64(ngcrt_hebbian_synapse_f64* inst, size_t b);
size_t ngcrt_hebbian_synapse_batch_size_f64(const ngcrt_hebbian_synapse_f64* inst);
ngcrt_status ngcrt_hebbian_synapse_set_resist_scale_f64(ngcrt_hebbian_synapse_f64* inst, double resist_scale);
ngcrt_status ngcrt_hebbian_synapse_bind_mask_f64(ngcrt_hebbian_synapse_f64* inst, const double* mask,
                                                 size_t count);
ngcrt_status ngcrt_hebbian_synapse_bind_inputs_f64(ngcrt_hebbian_synapse_f64* inst, const double* src,
                                                   size_t count);
ngcrt_status ngcrt_hebbian_synapse_bind_pre_f64(ngcrt_hebbian_synapse_f64* inst, const double* src,
                                                size_t count);
ngcrt_status ngcrt_hebbian_synapse_bind_post_f64(ngcrt_hebbian_synapse_f64* inst, const double* src,
                                                 size_t count);
ngcrt_status ngcrt_hebbian_synapse_set_settings_f64(ngcrt_hebbian_synapse_f64* inst,
                                                    const ngcrt_hebbian_settings_f64* settings);
double ngcrt_hebbian_synapse_step_count_f64(const ngcrt_hebbian_synapse_f64* inst);
ngcrt_status ngcrt_hebbian_synapse_set_step_count_f64(ngcrt_hebbian_synapse_f64* inst, double t);
/* ---- end synapses ---- */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NGCRT_NGCRT_H */
