// libFuzzer target over the .npy reader (tools/replay/npy.hpp): parse_npy() on arbitrary
// bytes must never crash, read out of bounds, leak or hit undefined behaviour (ASan and
// UBSan are on), and what it returns must obey its contract:
//   accepted: the file is exactly magic + version + header length + header + data, the
//             data holds product(shape) floats whose bytes are the input's last bytes (in
//             C order, or moved from Fortran order: each multi-index's value is the one at
//             its Fortran offset), and encoding the array and parsing it again gives the
//             same shape and bits;
//   rejected: `out` is unchanged and the error is one non-empty line.
// Build and run: scripts/fuzz.sh (the asan preset's build).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "npy.hpp"

namespace {

using ngcrt::npy::npy_array;

// A failed invariant: print it and abort, which libFuzzer reports as a crash with the input.
[[noreturn]] void violated(const char* what) {
    std::fprintf(stderr, "fuzz_npy: invariant violated: %s\n", what);
    std::abort();
}
#define NPY_FUZZ_CHECK(cond)          \
    do {                              \
        if (!(cond)) violated(#cond); \
    } while (0)

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// A recognisable sentinel: a rejected input must leave it exactly as it was.
npy_array sentinel() {
    npy_array a;
    a.shape = {7, 3};
    a.data.assign(21, -1.25f);
    a.major_version = 9;
    a.fortran_order = true;
    return a;
}

// The file's value for C-order offset `c`. For Fortran order, c's multi-index comes out
// last index first, which is the order Horner's rule needs for the Fortran offset
// i0 + d0 * (i1 + d1 * (i2 + ...)).
std::uint32_t file_bits(const std::uint8_t* values, const npy_array& a, std::size_t c) {
    std::size_t offset = c;
    if (a.fortran_order) {
        std::size_t rest = c;
        offset = 0;
        for (std::size_t k = a.shape.size(); k-- > 0;) {
            offset = offset * a.shape[k] + rest % a.shape[k];
            rest /= a.shape[k];
        }
    }
    const std::uint8_t* p = values + 4 * offset;
    return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
           (std::uint32_t{p[3]} << 24);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    npy_array out = sentinel();
    std::string error;
    const bool ok = ngcrt::npy::parse_npy(data, size, out, error);

    if (!ok) {
        const npy_array s = sentinel();
        NPY_FUZZ_CHECK(out.shape == s.shape && same_bits(out.data, s.data) &&
                       out.major_version == s.major_version && out.fortran_order == s.fortran_order);
        NPY_FUZZ_CHECK(!error.empty());
        NPY_FUZZ_CHECK(error.find('\n') == std::string::npos);
        return 0;
    }

    // Accepted: version, layout and sizes.
    NPY_FUZZ_CHECK(size >= 10);
    NPY_FUZZ_CHECK(out.major_version >= 1 && out.major_version <= 3);
    NPY_FUZZ_CHECK(out.major_version == data[6] && data[7] == 0);
    std::size_t count = 0;
    NPY_FUZZ_CHECK(ngcrt::npy::element_count(out.shape, count));
    NPY_FUZZ_CHECK(count == out.data.size());
    NPY_FUZZ_CHECK(count <= size / sizeof(float));  // count * sizeof(float) fits in the input
    const std::size_t prefix = out.major_version == 1 ? 10 : 12;
    NPY_FUZZ_CHECK(size >= prefix);
    const std::size_t header_len = out.major_version == 1
                                       ? (std::size_t{data[8]} | (std::size_t{data[9]} << 8))
                                       : (std::size_t{data[8]} | (std::size_t{data[9]} << 8) |
                                          (std::size_t{data[10]} << 16) | (std::size_t{data[11]} << 24));
    NPY_FUZZ_CHECK(header_len <= size - prefix);
    NPY_FUZZ_CHECK(size - prefix - header_len == count * sizeof(float));
    // The values are the file's last bytes, little-endian, in the order the header says.
    const std::uint8_t* values = data + (size - count * sizeof(float));
    for (std::size_t c = 0; c < count; ++c) {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &out.data[c], sizeof bits);
        NPY_FUZZ_CHECK(bits == file_bits(values, out, c));
    }
    NPY_FUZZ_CHECK(out.shape.size() <= 64);

    // Round trip: what the writer makes of the array parses back to the same shape and bits.
    std::vector<unsigned char> encoded;
    std::string encode_error;
    NPY_FUZZ_CHECK(
        ngcrt::npy::encode_npy(out.shape, out.data.data(), out.data.size(), encoded, encode_error));
    npy_array again;
    std::string again_error;
    NPY_FUZZ_CHECK(ngcrt::npy::parse_npy(encoded.data(), encoded.size(), again, again_error));
    NPY_FUZZ_CHECK(again.shape == out.shape);
    NPY_FUZZ_CHECK(same_bits(again.data, out.data));
    return 0;
}
