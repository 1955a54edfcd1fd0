// tools/replay/npy.hpp - a small, strict reader and writer for NumPy .npy files holding
// little-endian float32 arrays (descr '<f4'); it also writes '<f8', '<i8' and '<u4'. Host
// code: it allocates.
//
// Accepted: format versions 1.0, 2.0 and 3.0; a header dict with exactly the keys
// 'descr', 'fortran_order' and 'shape', in any order, with Python whitespace between
// tokens and optional trailing commas (dict and shape tuple: '(3,)', '()', '(2, 3,)');
// fortran_order True or False. A Fortran-order file (np.save of a transposed array) is
// returned in C order, holding the values numpy.load gives, so callers see one layout.
// Rejected, with a one-line message: bad magic, other versions, truncated header,
// anything but '<f4' (other dtypes, big-endian, '|f4', structured), negative or
// overflowing dimensions, and data that is not exactly the size the shape says.
//
// The parser works on a byte buffer (a fuzzer can call it directly); the file reader is a
// thin wrapper around it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ngcrt::npy {

struct npy_array {
    std::vector<std::size_t> shape;  // () for a 0-d array
    std::vector<float> data;         // C order, product(shape) values, whatever the file's order
    unsigned major_version = 1;      // the file's format version (1, 2 or 3)
    bool fortran_order = false;      // the file's header said fortran_order: True
};

// Parses a whole .npy image. On success fills `out` and returns true; on failure returns
// false, leaves `out` unchanged and puts a one-line description in `error` (no file name,
// e.g. "truncated data: expected 768 bytes, found 700").
bool parse_npy(const unsigned char* data, std::size_t size, npy_array& out, std::string& error);

enum class read_status { ok, not_found, failed };

// Reads and parses the file at `path`. not_found when the file does not exist (so callers
// can treat optional inputs), failed (with `error`) for any other problem.
read_status read_npy_file(const std::string& path, npy_array& out, std::string& error);

// Product of the dimensions; false if it overflows size_t.
bool element_count(const std::vector<std::size_t>& shape, std::size_t& count) noexcept;

// NumPy's spelling of a shape tuple: "()", "(3,)", "(2, 3)".
std::string shape_string(const std::vector<std::size_t>& shape);

// Encodes a '<f4' C-order array as a version 1.0 file (2.0 if the header would not fit),
// header padded to a multiple of 64 bytes and ending in '\n', like numpy.save. False (with
// `error`) if count is not the product of the shape.
bool encode_npy(const std::vector<std::size_t>& shape, const float* data, std::size_t count,
                std::vector<unsigned char>& out, std::string& error);

// The same for the other little-endian dtypes a tool writes besides float32 data (an int64
// prediction, an .npz archive's bookkeeping entries): '<f8', '<i8' and '<u4'.
bool encode_npy_float64(const std::vector<std::size_t>& shape, const double* data, std::size_t count,
                        std::vector<unsigned char>& out, std::string& error);
bool encode_npy_int64(const std::vector<std::size_t>& shape, const std::int64_t* data, std::size_t count,
                      std::vector<unsigned char>& out, std::string& error);
bool encode_npy_uint32(const std::vector<std::size_t>& shape, const std::uint32_t* data, std::size_t count,
                       std::vector<unsigned char>& out, std::string& error);

}  // namespace ngcrt::npy
