// tools/replay/npy.cpp - see npy.hpp.
#include "npy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

namespace ngcrt::npy {
namespace {

constexpr unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t max_rank = 64;  // NumPy 2's limit; 1.x allows 32
// Largest dimension NumPy can represent (npy_intp on 64-bit hosts).
constexpr std::uint64_t max_dim = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_ident(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Printable excerpt of header text for error messages (no control characters, short).
std::string excerpt(const std::string& s) {
    std::string r;
    for (char c : s) {
        if (r.size() >= 32) {
            r += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        r += (u >= 0x20 && u < 0x7f) ? c : '?';
    }
    return r;
}

struct header_fields {
    std::string descr;
    bool fortran_order = false;
    std::vector<std::size_t> shape;
};

// A parser for the subset of Python literal syntax an .npy header dict uses.
class header_parser {
public:
    header_parser(const char* text, std::size_t size) noexcept : p_(text), n_(size) {}

    bool parse(header_fields& h, std::string& error) {
        for (std::size_t i = 0; i < n_; ++i) {
            const auto u = static_cast<unsigned char>(p_[i]);
            if (u >= 0x80 || (u < 0x20 && !is_space(p_[i])))
                return fail(error, "malformed header: non-ASCII or control byte at header offset " +
                                       std::to_string(i));
        }
        bool seen_descr = false, seen_fortran = false, seen_shape = false;
        skip_ws();
        if (!expect('{', error)) return false;
        skip_ws();
        while (peek() != '}') {
            std::string key;
            if (!parse_string(key, "a key string", error)) return false;
            skip_ws();
            if (!expect(':', error)) return false;
            skip_ws();
            if (key == "descr") {
                if (seen_descr) return fail(error, "malformed header: duplicate key 'descr'");
                seen_descr = true;
                if (peek() != '\'' && peek() != '"')
                    return fail(error,
                                "unsupported dtype: structured or non-string 'descr' (expected '<f4', "
                                "little-endian float32)");
                if (!parse_string(h.descr, "a dtype string", error)) return false;
            } else if (key == "fortran_order") {
                if (seen_fortran) return fail(error, "malformed header: duplicate key 'fortran_order'");
                seen_fortran = true;
                if (!parse_bool(h.fortran_order, error)) return false;
            } else if (key == "shape") {
                if (seen_shape) return fail(error, "malformed header: duplicate key 'shape'");
                seen_shape = true;
                if (!parse_shape(h.shape, error)) return false;
            } else {
                return fail(error, "malformed header: unexpected key '" + excerpt(key) + "'");
            }
            skip_ws();
            if (peek() == ',') {
                ++i_;
                skip_ws();
            } else if (peek() != '}') {
                return fail_at(error, "',' or '}'");
            }
        }
        ++i_;  // '}'
        skip_ws();
        if (i_ != n_)
            return fail(error, "malformed header: unexpected text after the header dict at header offset " +
                                   std::to_string(i_));
        if (!seen_descr) return fail(error, "malformed header: missing key 'descr'");
        if (!seen_fortran) return fail(error, "malformed header: missing key 'fortran_order'");
        if (!seen_shape) return fail(error, "malformed header: missing key 'shape'");
        return true;
    }

private:
    static bool fail(std::string& error, std::string msg) {
        error = std::move(msg);
        return false;
    }
    bool fail_at(std::string& error, const char* wanted) const {
        if (i_ >= n_)
            return fail(
                error, std::string("malformed header: expected ") + wanted + " before the end of the header");
        return fail(error, std::string("malformed header: expected ") + wanted + " at header offset " +
                               std::to_string(i_));
    }
    char peek() const noexcept { return i_ < n_ ? p_[i_] : '\0'; }
    void skip_ws() noexcept {
        while (i_ < n_ && is_space(p_[i_])) ++i_;
    }
    bool expect(char c, std::string& error) {
        if (peek() != c || i_ >= n_) {
            const char wanted[4] = {'\'', c, '\'', '\0'};
            return fail_at(error, wanted);
        }
        ++i_;
        return true;
    }
    bool parse_string(std::string& s, const char* what, std::string& error) {
        const char q = peek();
        if (i_ >= n_ || (q != '\'' && q != '"')) return fail_at(error, what);
        const std::size_t start = ++i_;
        while (i_ < n_ && p_[i_] != q) {
            if (p_[i_] == '\\')
                return fail(error, "malformed header: escape sequences in strings are not supported");
            if (p_[i_] == '\n') return fail(error, "malformed header: unterminated string");
            ++i_;
        }
        if (i_ >= n_) return fail(error, "malformed header: unterminated string");
        s.assign(p_ + start, i_ - start);
        ++i_;
        return true;
    }
    bool parse_bool(bool& b, std::string& error) {
        std::size_t j = i_;
        while (j < n_ && is_ident(p_[j])) ++j;
        const std::string word(p_ + i_, j - i_);
        if (word == "True") {
            b = true;
        } else if (word == "False") {
            b = false;
        } else {
            return fail(error, "malformed header: 'fortran_order' must be True or False");
        }
        i_ = j;
        return true;
    }
    bool parse_shape(std::vector<std::size_t>& shape, std::string& error) {
        if (peek() != '(') {
            if (peek() == '[') return fail(error, "malformed header: 'shape' must be a tuple, not a list");
            return fail_at(error, "a shape tuple '('");
        }
        ++i_;
        skip_ws();
        shape.clear();
        bool trailing_comma = false;
        while (peek() != ')') {
            if (i_ >= n_) return fail_at(error, "')'");
            if (shape.size() == max_rank)
                return fail(error, "shape has more than " + std::to_string(max_rank) + " dimensions");
            std::size_t dim = 0;
            if (!parse_dim(dim, error)) return false;
            shape.push_back(dim);
            skip_ws();
            trailing_comma = false;
            if (peek() == ',') {
                ++i_;
                skip_ws();
                trailing_comma = true;
            } else if (peek() != ')') {
                return fail_at(error, "',' or ')' in the shape tuple");
            }
        }
        ++i_;  // ')'
        // Python: "(3)" is the integer 3, not a tuple.
        if (shape.size() == 1 && !trailing_comma)
            return fail(error, "malformed header: 'shape' must be a tuple: write (N,) for one dimension");
        return true;
    }
    bool parse_dim(std::size_t& dim, std::string& error) {
        bool negative = false;
        if (peek() == '-') {
            negative = true;
            ++i_;
        }
        const std::size_t start = i_;
        std::uint64_t v = 0;
        bool overflow = false;
        while (i_ < n_ && is_digit(p_[i_])) {
            const auto digit = static_cast<std::uint64_t>(p_[i_] - '0');
            if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
                overflow = true;
            else
                v = v * 10 + digit;
            ++i_;
        }
        if (i_ == start) return fail_at(error, "an integer dimension");
        if (i_ < n_ && is_ident(p_[i_]))
            return fail(error, "malformed header: invalid integer in shape at header offset " +
                                   std::to_string(start));
        const std::string digits(p_ + start, i_ - start);
        if (digits.size() > 1 && digits[0] == '0')
            return fail(error, "malformed header: leading zero in shape dimension '" + excerpt(digits) + "'");
        if (negative && v != 0) return fail(error, "negative dimension -" + excerpt(digits) + " in shape");
        if (overflow || v > max_dim || v > std::numeric_limits<std::size_t>::max())
            return fail(error, "dimension " + excerpt(digits) + " in shape is too large");
        dim = static_cast<std::size_t>(v);
        return true;
    }

    const char* p_;
    std::size_t n_;
    std::size_t i_ = 0;
};

std::uint32_t load_le32(const unsigned char* p) noexcept {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
void store_le32(unsigned char* p, std::uint32_t v) noexcept {
    p[0] = static_cast<unsigned char>(v);
    p[1] = static_cast<unsigned char>(v >> 8);
    p[2] = static_cast<unsigned char>(v >> 16);
    p[3] = static_cast<unsigned char>(v >> 24);
}

float load_f32(const unsigned char* p) noexcept {
    const std::uint32_t bits = load_le32(p);
    float f = 0;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// Fortran order: the first index varies fastest in the file. Walks the file's values in
// that order, keeping the multi-index and its C-order offset up to date like an odometer,
// so each value is stored where C order puts it. Needs product(shape) > 0.
void transpose_fortran(const unsigned char* src, const std::vector<std::size_t>& shape, float* dst) {
    const std::size_t rank = shape.size();
    std::vector<std::size_t> index(rank, 0), c_stride(rank, 1);
    for (std::size_t k = rank - 1; k > 0; --k) c_stride[k - 1] = c_stride[k] * shape[k];
    std::size_t c = 0, f = 0;
    for (;;) {
        dst[c] = load_f32(src + 4 * f++);
        std::size_t k = 0;
        while (k < rank && index[k] + 1 == shape[k]) {
            c -= index[k] * c_stride[k];
            index[k] = 0;
            ++k;
        }
        if (k == rank) return;  // every index wrapped: all values done
        ++index[k];
        c += c_stride[k];
    }
}

}  // namespace

bool element_count(const std::vector<std::size_t>& shape, std::size_t& count) noexcept {
    std::size_t n = 1;
    for (std::size_t d : shape) {
        if (d != 0 && n > std::numeric_limits<std::size_t>::max() / d) return false;
        n *= d;
    }
    count = n;
    return true;
}

std::string shape_string(const std::vector<std::size_t>& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i != 0) s += ", ";
        s += std::to_string(shape[i]);
    }
    if (shape.size() == 1) s += ",";
    s += ")";
    return s;
}

bool parse_npy(const unsigned char* data, std::size_t size, npy_array& out, std::string& error) {
    if (data == nullptr && size != 0) {
        error = "null buffer";
        return false;
    }
    if (size < sizeof magic || std::memcmp(data, magic, sizeof magic) != 0) {
        error = "bad magic: not an NPY file";
        return false;
    }
    if (size < 8) {
        error = "truncated header: file ends inside the version field";
        return false;
    }
    const unsigned major = data[6], minor = data[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0) {
        error = "unsupported NPY format version " + std::to_string(major) + "." + std::to_string(minor) +
                " (supported: 1.0, 2.0, 3.0)";
        return false;
    }
    const std::size_t len_size = major == 1 ? 2 : 4;
    const std::size_t prefix = 8 + len_size;
    if (size < prefix) {
        error = "truncated header: file ends inside the header length field";
        return false;
    }
    const std::size_t header_len =
        major == 1 ? (static_cast<std::size_t>(data[8]) | (static_cast<std::size_t>(data[9]) << 8))
                   : static_cast<std::size_t>(load_le32(data + 8));
    if (header_len > size - prefix) {
        error = "truncated header: expected " + std::to_string(header_len) + " bytes, found " +
                std::to_string(size - prefix);
        return false;
    }

    header_fields h;
    header_parser parser(reinterpret_cast<const char*>(data + prefix), header_len);
    if (!parser.parse(h, error)) return false;

    if (h.descr != "<f4") {
        if (h.descr.size() >= 2 && h.descr[0] == '>' && h.descr.compare(1, std::string::npos, "f4") == 0)
            error = "big-endian dtype '" + excerpt(h.descr) +
                    "' not supported (expected '<f4', little-endian float32)";
        else
            error = "unsupported dtype '" + excerpt(h.descr) + "' (expected '<f4', little-endian float32)";
        return false;
    }
    std::size_t count = 0;
    if (!element_count(h.shape, count) || count > std::numeric_limits<std::size_t>::max() / sizeof(float)) {
        error = "shape " + shape_string(h.shape) + " is too large";
        return false;
    }
    const std::size_t want = count * sizeof(float);
    const std::size_t have = size - prefix - header_len;
    if (have < want) {
        error = "truncated data: expected " + std::to_string(want) + " bytes, found " + std::to_string(have);
        return false;
    }
    if (have > want) {
        error = "excess data: expected " + std::to_string(want) + " bytes, found " + std::to_string(have);
        return false;
    }

    npy_array result;
    result.major_version = major;
    result.fortran_order = h.fortran_order;
    result.data.resize(count);
    const unsigned char* src = data + prefix + header_len;
    if (!h.fortran_order || h.shape.size() < 2) {
        // 0-d and 1-d arrays have the same bytes in either order.
        for (std::size_t i = 0; i < count; ++i) result.data[i] = load_f32(src + 4 * i);
    } else if (count != 0) {
        transpose_fortran(src, h.shape, result.data.data());
    }
    result.shape = std::move(h.shape);
    out = std::move(result);
    return true;
}

read_status read_npy_file(const std::string& path, npy_array& out, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            error = "file not found";
            return read_status::not_found;
        }
        error = std::string("cannot open: ") + std::strerror(errno);
        return read_status::failed;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = std::string("cannot stat: ") + std::strerror(errno);
        ::close(fd);
        return read_status::failed;
    }
    if (S_ISDIR(st.st_mode)) {
        error = "is a directory, not a file";
        ::close(fd);
        return read_status::failed;
    }
    std::vector<unsigned char> bytes;
    if (S_ISREG(st.st_mode) && st.st_size > 0) bytes.reserve(static_cast<std::size_t>(st.st_size));
    unsigned char chunk[65536];
    for (;;) {
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got < 0) {
            if (errno == EINTR) continue;
            error = std::string("read error: ") + std::strerror(errno);
            ::close(fd);
            return read_status::failed;
        }
        if (got == 0) break;
        bytes.insert(bytes.end(), chunk, chunk + got);
    }
    ::close(fd);
    return parse_npy(bytes.data(), bytes.size(), out, error) ? read_status::ok : read_status::failed;
}

namespace {
// Any little-endian dtype: `descr` ('<f4', '<i8', ...), `item` bytes per value, store(p, i)
// writing value i's bytes at p.
template <class Store>
bool encode_le(const char* descr, std::size_t item, const std::vector<std::size_t>& shape, bool have_data,
               std::size_t count, std::vector<unsigned char>& out, std::string& error, Store&& store) {
    std::size_t n = 0;
    if (!element_count(shape, n) || n != count || (count != 0 && !have_data) ||
        count > std::numeric_limits<std::size_t>::max() / item - (1u << 20)) {
        error = "array does not match its shape " + shape_string(shape);
        return false;
    }
    std::string header = std::string("{'descr': '") + descr +
                         "', 'fortran_order': False, 'shape': " + shape_string(shape) + ", }";
    // Pad with spaces and a final '\n' so that the data starts at a multiple of 64 bytes.
    unsigned major = 1;
    std::size_t prefix = 10;
    if (((header.size() + 1 + prefix + 63) / 64) * 64 - prefix > 0xffff) {
        major = 2;
        prefix = 12;
    }
    const std::size_t total = ((header.size() + 1 + prefix + 63) / 64) * 64;
    header.append(total - prefix - header.size() - 1, ' ');
    header += '\n';

    std::vector<unsigned char> bytes;
    bytes.reserve(total + count * item);
    bytes.insert(bytes.end(), magic, magic + sizeof magic);
    bytes.push_back(static_cast<unsigned char>(major));
    bytes.push_back(0);
    unsigned char len[4];
    store_le32(len, static_cast<std::uint32_t>(header.size()));
    bytes.insert(bytes.end(), len, len + (major == 1 ? 2 : 4));
    bytes.insert(bytes.end(), header.begin(), header.end());
    const std::size_t data_start = bytes.size();
    bytes.resize(data_start + count * item);
    for (std::size_t i = 0; i < count; ++i) store(&bytes[data_start + item * i], i);
    out = std::move(bytes);
    return true;
}

void store_le64(unsigned char* p, std::uint64_t v) noexcept {
    store_le32(p, static_cast<std::uint32_t>(v));
    store_le32(p + 4, static_cast<std::uint32_t>(v >> 32));
}
}  // namespace

bool encode_npy(const std::vector<std::size_t>& shape, const float* data, std::size_t count,
                std::vector<unsigned char>& out, std::string& error) {
    return encode_le("<f4", 4, shape, data != nullptr, count, out, error,
                     [&](unsigned char* p, std::size_t i) {
                         std::uint32_t bits = 0;
                         std::memcpy(&bits, &data[i], sizeof bits);
                         store_le32(p, bits);
                     });
}

bool encode_npy_float64(const std::vector<std::size_t>& shape, const double* data, std::size_t count,
                        std::vector<unsigned char>& out, std::string& error) {
    return encode_le("<f8", 8, shape, data != nullptr, count, out, error,
                     [&](unsigned char* p, std::size_t i) {
                         std::uint64_t bits = 0;
                         std::memcpy(&bits, &data[i], sizeof bits);
                         store_le64(p, bits);
                     });
}

bool encode_npy_int64(const std::vector<std::size_t>& shape, const std::int64_t* data, std::size_t count,
                      std::vector<unsigned char>& out, std::string& error) {
    return encode_le(
        "<i8", 8, shape, data != nullptr, count, out, error,
        [&](unsigned char* p, std::size_t i) { store_le64(p, static_cast<std::uint64_t>(data[i])); });
}

bool encode_npy_uint32(const std::vector<std::size_t>& shape, const std::uint32_t* data, std::size_t count,
                       std::vector<unsigned char>& out, std::string& error) {
    return encode_le("<u4", 4, shape, data != nullptr, count, out, error,
                     [&](unsigned char* p, std::size_t i) { store_le32(p, data[i]); });
}

}  // namespace ngcrt::npy
