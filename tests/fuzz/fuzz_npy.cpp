// libFuzzer target over the .npy reader (tools/replay/npy.hpp): parse_npy() on arbitrary
// bytes must never crash, read out of bounds, leak or hit undefined behaviour (ASan and
// UBSan are on), and what it returns must obey its contract:
//   accepted: the file is exactly magic + version + header length + header + data, the
//             data holds product(shape) floats whose bytes are the input's last bytes,
//             and encoding the array and parsing it again gives the same shape and bits;
//   rejected: `out` is unchanged and the error is one non-empty line.
// Build and run: scripts/fuzz.sh (the fuzz preset).
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
    return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    npy_array out = sentinel();
    std::string error;
    const bool ok = ngcrt::npy::parse_npy(data, size, out, error);

    if (!ok) {
        const npy_array s = sentinel();
        NPY_FUZZ_CHECK(out.shape == s.shape && same_bits(out.data, s.data) &&
                       out.major_version == s.major_version);
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
    // The values are the file's last bytes, little-endian (this host is little-endian).
    NPY_FUZZ_CHECK(count == 0 || std::memcmp(out.data.data(), data + (size - count * sizeof(float)),
                                             count * sizeof(float)) == 0);
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
