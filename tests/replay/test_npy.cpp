// Unit tests of the .npy reader/writer (tools/replay/npy.hpp) on in-memory buffers.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "npy.hpp"

using ngcrt::npy::encode_npy;
using ngcrt::npy::npy_array;
using ngcrt::npy::parse_npy;
using bytes = std::vector<unsigned char>;

namespace {

const char magic[] = "\x93NUMPY";

void append_le(bytes& b, std::uint32_t v, int n) {
    for (int i = 0; i < n; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

void append_floats(bytes& b, const std::vector<float>& values) {
    for (float f : values) {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &f, sizeof bits);
        append_le(b, bits, 4);
    }
}

// A file image: magic, version, header length field (right for `header` unless overridden),
// header text, data bytes.
bytes make_npy(unsigned major, unsigned minor, const std::string& header, const std::vector<float>& values,
               long long header_len_override = -1) {
    bytes b(magic, magic + 6);
    b.push_back(static_cast<unsigned char>(major));
    b.push_back(static_cast<unsigned char>(minor));
    const auto len = static_cast<std::uint32_t>(
        header_len_override >= 0 ? header_len_override : static_cast<long long>(header.size()));
    append_le(b, len, major == 1 ? 2 : 4);
    b.insert(b.end(), header.begin(), header.end());
    append_floats(b, values);
    return b;
}

std::string dict(const std::string& shape, const std::string& descr = "'<f4'",
                 const std::string& fortran = "False") {
    return "{'descr': " + descr + ", 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
}

struct result {
    bool ok;
    npy_array a;
    std::string error;
};

result parse(const bytes& b) {
    result r{false, {}, {}};
    r.ok = parse_npy(b.data(), b.size(), r.a, r.error);
    return r;
}

// Expects a rejection whose message contains `fragment`, and a one-line message.
void require_rejected(const bytes& b, const std::string& fragment) {
    const result r = parse(b);
    INFO("error: " << r.error);
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.find(fragment) != std::string::npos);
    CHECK(r.error.find('\n') == std::string::npos);
    CHECK_FALSE(r.error.empty());
}

const std::vector<float> six = {1.5f, -2.0f, 0.0f, 3.25f, -0.0f, 1e-30f};

}  // namespace

TEST_CASE("npy: version 1.0, 2.0 and 3.0 headers are read", "[npy]") {
    for (unsigned major : {1u, 2u, 3u}) {
        INFO("version " << major << ".0");
        const result r = parse(make_npy(major, 0, dict("(2, 3)") + "      \n", six));
        REQUIRE(r.ok);
        CHECK(r.a.major_version == major);
        CHECK(r.a.shape == std::vector<std::size_t>{2, 3});
        REQUIRE(r.a.data.size() == 6);
        for (std::size_t i = 0; i < 6; ++i) {
            std::uint32_t want = 0, got = 0;
            std::memcpy(&want, &six[i], 4);
            std::memcpy(&got, &r.a.data[i], 4);
            CHECK(got == want);
        }
    }
}

TEST_CASE("npy: header syntax variations numpy itself may produce or accept", "[npy]") {
    const std::vector<float> three = {1, 2, 3};
    // key order, quotes, whitespace (including newlines and tabs), trailing commas
    const std::string headers[] = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
        "{'shape': (3,), 'fortran_order': False, 'descr': '<f4'}",
        "{'fortran_order': False, 'descr': '<f4', 'shape': (3,)}",
        "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (3,)}",
        "{'descr':'<f4','fortran_order':False,'shape':(3,)}",
        "  {\n\t'descr' : '<f4' ,\n 'fortran_order' :\tFalse ,\r\n 'shape' : ( 3 , ) ,\n }  \n",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }" + std::string(70, ' ') + "\n",
    };
    for (const std::string& h : headers) {
        INFO(h);
        const result r = parse(make_npy(1, 0, h, three));
        INFO(r.error);
        REQUIRE(r.ok);
        CHECK(r.a.shape == std::vector<std::size_t>{3});
        CHECK(r.a.data == three);
    }
}

TEST_CASE("npy: shapes () (0,) (1,) and multi-dimensional tuples with trailing comma", "[npy]") {
    {
        const result r = parse(make_npy(1, 0, dict("()"), {2.5f}));
        REQUIRE(r.ok);
        CHECK(r.a.shape.empty());
        CHECK(r.a.data == std::vector<float>{2.5f});
    }
    {
        const result r = parse(make_npy(1, 0, dict("(0,)"), {}));
        REQUIRE(r.ok);
        CHECK(r.a.shape == std::vector<std::size_t>{0});
        CHECK(r.a.data.empty());
    }
    {
        const result r = parse(make_npy(1, 0, dict("(1,)"), {7.0f}));
        REQUIRE(r.ok);
        CHECK(r.a.shape == std::vector<std::size_t>{1});
    }
    {
        const result r = parse(make_npy(1, 0, dict("(1, 2, 1, 3, 1,)"), six));
        REQUIRE(r.ok);
        CHECK(r.a.shape == std::vector<std::size_t>{1, 2, 1, 3, 1});
    }
    {  // a zero dimension next to a large one: no data, no overflow
        const result r = parse(make_npy(1, 0, dict("(0, 4611686018427387904)"), {}));
        REQUIRE(r.ok);
        CHECK(r.a.data.empty());
    }
}

TEST_CASE("npy: bad magic and unsupported versions are rejected", "[npy]") {
    require_rejected({}, "bad magic");
    require_rejected({0x93, 'N', 'U', 'M'}, "bad magic");
    bytes b = make_npy(1, 0, dict("(6,)"), six);
    b[1] = 'n';
    require_rejected(b, "bad magic");
    b = make_npy(1, 0, dict("(6,)"), six);
    b[0] = 0x92;
    require_rejected(b, "bad magic");
    require_rejected(bytes{'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}, "bad magic");
    require_rejected(make_npy(4, 0, dict("(6,)"), six), "unsupported NPY format version 4.0");
    require_rejected(make_npy(1, 1, dict("(6,)"), six), "unsupported NPY format version 1.1");
    require_rejected(make_npy(0, 0, dict("(6,)"), six), "unsupported NPY format version 0.0");
}

TEST_CASE("npy: truncated headers are rejected", "[npy]") {
    const bytes full = make_npy(1, 0, dict("(6,)"), six);
    require_rejected(bytes(full.begin(), full.begin() + 7), "truncated header");  // inside the version
    require_rejected(bytes(full.begin(), full.begin() + 9), "truncated header");  // inside the length
    const bytes v2 = make_npy(2, 0, dict("(6,)"), six);
    require_rejected(bytes(v2.begin(), v2.begin() + 11), "truncated header");
    // length field says more than the file holds
    require_rejected(make_npy(1, 0, dict("(6,)"), {}, 5000), "truncated header: expected 5000 bytes");
    require_rejected(make_npy(3, 0, dict("(6,)"), {}, 0x7fffffff), "truncated header");
    // header cut in the middle of the dict (the length field covers only part of it)
    const std::string h = dict("(6,)");
    require_rejected(make_npy(1, 0, h.substr(0, 20), {}), "malformed header");
    require_rejected(make_npy(1, 0, "", {}), "malformed header");
}

TEST_CASE("npy: malformed header dicts are rejected", "[npy]") {
    const std::vector<float> three = {1, 2, 3};
    const std::pair<std::string, std::string> cases[] = {
        {"{'descr': '<f4', 'fortran_order': False}", "missing key 'shape'"},
        {"{'descr': '<f4', 'shape': (3,)}", "missing key 'fortran_order'"},
        {"{'fortran_order': False, 'shape': (3,)}", "missing key 'descr'"},
        {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,)}", "duplicate key 'descr'"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'shape': (3,)}", "duplicate key 'shape'"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': 1}", "unexpected key 'extra'"},
        {"{'descr': '<f4' 'fortran_order': False, 'shape': (3,)}", "expected ',' or '}'"},
        {"{'descr' '<f4', 'fortran_order': False, 'shape': (3,)}", "expected ':'"},
        {"'descr': '<f4', 'fortran_order': False, 'shape': (3,)}", "expected '{'"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,)", "before the end of the header"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} x",
         "unexpected text after the header dict"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}}", "unexpected text after the header dict"},
        {"{'descr': '<f4, 'fortran_order': False, 'shape': (3,)}", "malformed header"},
        {"{'descr': '<f4', 'fortran_order': false, 'shape': (3,)}", "must be True or False"},
        {"{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}", "must be True or False"},
        {"{'descr': '<f4', 'fortran_order': Falsey, 'shape': (3,)}", "must be True or False"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3)}", "must be a tuple"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': [3]}", "must be a tuple"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': 3}", "expected a shape tuple"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (,)}", "expected an integer dimension"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,,)}", "expected an integer dimension"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3 1,)}", "expected ',' or ')'"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3.0,)}", "expected ',' or ')'"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3L,)}", "invalid integer"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (03,)}", "leading zero"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,}", "expected an integer dimension"},
        {"{'descr': '<\\x66\\x34', 'fortran_order': False, 'shape': (3,)}", "escape sequences"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}" + std::string(1, '\0'), "control byte"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} \xc3\xa9", "non-ASCII"},
        {"{descr: '<f4', 'fortran_order': False, 'shape': (3,)}", "expected a key string"},
    };
    for (const auto& c : cases) {
        INFO(c.first);
        require_rejected(make_npy(1, 0, c.first, three), c.second);
    }
}

TEST_CASE("npy: only little-endian float32 is accepted, in either order", "[npy]") {
    const std::vector<float> three = {1, 2, 3};
    require_rejected(make_npy(1, 0, dict("(3,)", "'<f8'"), three), "unsupported dtype '<f8'");
    require_rejected(make_npy(1, 0, dict("(3,)", "'>f4'"), three), "big-endian dtype '>f4'");
    require_rejected(make_npy(1, 0, dict("(3,)", "'|f4'"), three), "unsupported dtype '|f4'");
    require_rejected(make_npy(1, 0, dict("(3,)", "'=f4'"), three), "unsupported dtype '=f4'");
    require_rejected(make_npy(1, 0, dict("(3,)", "'<i4'"), three), "unsupported dtype '<i4'");
    require_rejected(make_npy(1, 0, dict("(3,)", "'<f2'"), three), "unsupported dtype '<f2'");
    require_rejected(make_npy(1, 0, dict("(3,)", "'f4'"), three), "unsupported dtype 'f4'");
    require_rejected(make_npy(1, 0, dict("(3,)", "'<F4'"), three), "unsupported dtype");
    require_rejected(make_npy(1, 0, dict("(3,)", "[('a', '<f4')]"), three), "structured");
    // Fortran order changes nothing else: the dtype and the data size are checked the same way
    require_rejected(make_npy(1, 0, dict("(3, 1)", "'<f8'", "True"), three), "unsupported dtype '<f8'");
    require_rejected(make_npy(1, 0, dict("(2, 3)", "'>f4'", "True"), six), "big-endian dtype '>f4'");
    const bytes f = make_npy(1, 0, dict("(2, 3)", "'<f4'", "True"), six);
    require_rejected(bytes(f.begin(), f.end() - 4), "truncated data: expected 24 bytes, found 20");
    bytes more = f;
    more.push_back(0);
    require_rejected(more, "excess data: expected 24 bytes, found 25");
    require_rejected(make_npy(1, 0, dict("(-2, 3)", "'<f4'", "True"), six), "negative dimension -2");
}

TEST_CASE("npy: Fortran-order arrays are returned in C order, as numpy.load returns them", "[npy]") {
    // The file holds element (i0, i1, ..., ik) at i0 + d0 * (i1 + d1 * (... + d(k-1) * ik)).
    std::vector<float> file(60);
    for (std::size_t i = 0; i < file.size(); ++i) file[i] = static_cast<float>(i) + 0.5f;
    {  // 2-d: the file's columns become rows
        const result r = parse(make_npy(1, 0, dict("(2, 3)", "'<f4'", "True"), six));
        REQUIRE(r.ok);
        CHECK(r.a.fortran_order);
        CHECK(r.a.shape == std::vector<std::size_t>{2, 3});
        const std::vector<float> want = {six[0], six[2], six[4], six[1], six[3], six[5]};
        REQUIRE(r.a.data.size() == want.size());
        CHECK(std::memcmp(r.a.data.data(), want.data(), want.size() * 4) == 0);  // -0.0 included
    }
    {  // 3-d
        const std::vector<float> values(file.begin(), file.begin() + 24);
        const result r = parse(make_npy(1, 0, dict("(2, 3, 4)", "'<f4'", "True"), values));
        REQUIRE(r.ok);
        CHECK(r.a.shape == std::vector<std::size_t>{2, 3, 4});
        REQUIRE(r.a.data.size() == 24);
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 3; ++j)
                for (std::size_t k = 0; k < 4; ++k) {
                    INFO("index (" << i << ", " << j << ", " << k << ")");
                    CHECK(r.a.data[(i * 3 + j) * 4 + k] == values[i + 2 * (j + 3 * k)]);
                }
    }
    {  // 5-d with unit dimensions between the others
        const result r = parse(make_npy(2, 0, dict("(3, 1, 2, 5, 2)", "'<f4'", "True"), file));
        REQUIRE(r.ok);
        REQUIRE(r.a.data.size() == 60);
        for (std::size_t a = 0; a < 3; ++a)
            for (std::size_t c = 0; c < 2; ++c)
                for (std::size_t d = 0; d < 5; ++d)
                    for (std::size_t e = 0; e < 2; ++e) {
                        INFO("index (" << a << ", 0, " << c << ", " << d << ", " << e << ")");
                        CHECK(r.a.data[((a * 2 + c) * 5 + d) * 2 + e] == file[a + 3 * (c + 2 * (d + 5 * e))]);
                    }
    }
    {  // 0-d and 1-d: the same bytes in either order
        const result r0 = parse(make_npy(1, 0, dict("()", "'<f4'", "True"), {2.5f}));
        REQUIRE(r0.ok);
        CHECK(r0.a.shape.empty());
        CHECK(r0.a.data == std::vector<float>{2.5f});
        const result r1 = parse(make_npy(1, 0, dict("(6,)", "'<f4'", "True"), six));
        REQUIRE(r1.ok);
        CHECK(r1.a.fortran_order);
        CHECK(std::memcmp(r1.a.data.data(), six.data(), 24) == 0);
    }
    {  // empty, with a zero dimension first or last
        for (const char* shape : {"(0, 3)", "(3, 0)", "(2, 0, 4611686018427387904)"}) {
            INFO(shape);
            const result r = parse(make_npy(1, 0, dict(shape, "'<f4'", "True"), {}));
            REQUIRE(r.ok);
            CHECK(r.a.data.empty());
        }
    }
    {  // the flag records the file's order; C order is the default
        const result r = parse(make_npy(1, 0, dict("(2, 3)"), six));
        REQUIRE(r.ok);
        CHECK_FALSE(r.a.fortran_order);
    }
}

namespace {

template <std::size_t N>
bytes literal_bytes(const char (&s)[N]) {
    return bytes(s, s + N - 1);  // not the terminating NUL
}

std::vector<float> iota(std::size_t n, float start, float step) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = start + step * static_cast<float>(i);
    return v;
}

}  // namespace

TEST_CASE("npy: files numpy 1.24 wrote (Fortran order; versions 2.0 and 3.0)", "[npy]") {
    // Byte for byte what numpy 1.24.2 (Debian 12) wrote, F = '<f4':
    //   np.save(f, np.arange(6, dtype=F).reshape(3, 2).T)
    const bytes v1_fortran_2d = literal_bytes(
        "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }                    "
        "                                       \n"
        "\x00\x00\x00\x00\x00\x00\x80\x3f\x00\x00\x00@\x00\x00@@\x00\x00\x80@\x00\x00\xa0@");
    //   np.save(f, np.asfortranarray(np.arange(24, dtype=F).reshape(2, 3, 4)))
    const bytes v1_fortran_3d = literal_bytes(
        "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }                 "
        "                                       \n"
        "\x00\x00\x00\x00\x00\x00@A\x00\x00\x80@\x00\x00\x80\x41\x00\x00\x00\x41\x00\x00\xa0\x41\x00\x00\x80"
        "\x3f\x00\x00PA\x00\x00\xa0@\x00\x00\x88\x41\x00\x00\x10\x41\x00\x00\xa8\x41\x00\x00\x00@\x00\x00`A"
        "\x00\x00\xc0@\x00\x00\x90\x41\x00\x00 A\x00\x00\xb0\x41\x00\x00@@\x00\x00pA\x00\x00\xe0@\x00\x00\x98"
        "\x41\x00\x00\x30\x41\x00\x00\xb8\x41");
    //   np.lib.format.write_array(f, np.arange(6, dtype=F).reshape(2, 3) - np.float32(2.5), version=(2, 0))
    const bytes v2_c_2d = literal_bytes(
        "\x93NUMPY\x02\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }           "
        "                                             \n"
        "\x00\x00 \xc0\x00\x00\xc0\xbf\x00\x00\x00\xbf\x00\x00\x00\x3f\x00\x00\xc0\x3f\x00\x00 @");
    //   the same array through np.asfortranarray, version=(2, 0)
    const bytes v2_fortran_2d = literal_bytes(
        "\x93NUMPY\x02\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }            "
        "                                             \n"
        "\x00\x00 \xc0\x00\x00\x00\x3f\x00\x00\xc0\xbf\x00\x00\xc0\x3f\x00\x00\x00\xbf\x00\x00 @");
    //   np.lib.format.write_array(f, np.arange(6, dtype=F).reshape(3, 2) * np.float32(0.5), version=(3, 0))
    const bytes v3_c_2d = literal_bytes(
        "\x93NUMPY\x03\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }           "
        "                                             \n"
        "\x00\x00\x00\x00\x00\x00\x00\x3f\x00\x00\x80\x3f\x00\x00\xc0\x3f\x00\x00\x00@\x00\x00 @");
    //   np.lib.format.write_array(f, np.asfortranarray(np.arange(24, dtype=F).reshape(4, 3, 2)),
    //                             version=(3, 0))
    const bytes v3_fortran_3d = literal_bytes(
        "\x93NUMPY\x03\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': True, 'shape': (4, 3, 2), }         "
        "                                             \n"
        "\x00\x00\x00\x00\x00\x00\xc0@\x00\x00@A\x00\x00\x90\x41\x00\x00\x00@\x00\x00\x00\x41\x00\x00`A\x00"
        "\x00\xa0\x41\x00\x00\x80@\x00\x00 A\x00\x00\x80\x41\x00\x00\xb0\x41\x00\x00\x80\x3f\x00\x00\xe0@\x00"
        "\x00PA\x00\x00\x98\x41\x00\x00@@\x00\x00\x10\x41\x00\x00pA\x00\x00\xa8\x41\x00\x00\xa0@\x00\x00\x30"
        "\x41\x00\x00\x88\x41\x00\x00\xb8\x41");

    struct expected {
        const char* name;
        const bytes& file;
        std::size_t file_size;  // as numpy wrote it: guards the transcription
        unsigned major;
        bool fortran;
        std::vector<std::size_t> shape;
        std::vector<float> data;  // numpy.load(f).ravel() (C order)
    };
    const expected cases[] = {
        {"v1_fortran_2d", v1_fortran_2d, 152, 1, true, {2, 3}, {0, 2, 4, 1, 3, 5}},
        {"v1_fortran_3d", v1_fortran_3d, 224, 1, true, {2, 3, 4}, iota(24, 0, 1)},
        {"v2_c_2d", v2_c_2d, 152, 2, false, {2, 3}, iota(6, -2.5f, 1)},
        {"v2_fortran_2d", v2_fortran_2d, 152, 2, true, {2, 3}, iota(6, -2.5f, 1)},
        {"v3_c_2d", v3_c_2d, 152, 3, false, {3, 2}, iota(6, 0, 0.5f)},
        {"v3_fortran_3d", v3_fortran_3d, 224, 3, true, {4, 3, 2}, iota(24, 0, 1)},
    };
    for (const expected& c : cases) {
        INFO(c.name);
        REQUIRE(c.file.size() == c.file_size);
        const result r = parse(c.file);
        INFO(r.error);
        REQUIRE(r.ok);
        CHECK(r.a.major_version == c.major);
        CHECK(r.a.fortran_order == c.fortran);
        CHECK(r.a.shape == c.shape);
        CHECK(r.a.data == c.data);
    }
}

TEST_CASE("npy: negative, huge and overflowing shapes are rejected without allocating", "[npy]") {
    require_rejected(make_npy(1, 0, dict("(-3,)"), {}), "negative dimension -3");
    require_rejected(make_npy(1, 0, dict("(2, -1)"), {}), "negative dimension -1");
    // product overflows size_t
    require_rejected(make_npy(1, 0, dict("(4294967296, 4294967296, 16)"), {}), "too large");
    require_rejected(make_npy(1, 0, dict("(4611686018427387904, 4)"), {}), "too large");
    // product fits in size_t, bytes (x4) do not
    require_rejected(make_npy(1, 0, dict("(4611686018427387905,)"), {}), "too large");
    // a single dimension beyond int64 / uint64
    require_rejected(make_npy(1, 0, dict("(9223372036854775808,)"), {}), "too large");
    require_rejected(make_npy(1, 0, dict("(99999999999999999999999999,)"), {}), "too large");
    // huge but representable: a size check, not an allocation
    require_rejected(make_npy(1, 0, dict("(1000000000000,)"), six),
                     "truncated data: expected 4000000000000 bytes, found 24");
    // too many dimensions
    std::string many = "(";
    for (int i = 0; i < 65; ++i) many += "1, ";
    many += ")";
    require_rejected(make_npy(1, 0, dict(many), {1.0f}), "more than 64 dimensions");
}

TEST_CASE("npy: data must be exactly the size the shape says", "[npy]") {
    const bytes full = make_npy(1, 0, dict("(2, 3)"), six);
    require_rejected(bytes(full.begin(), full.end() - 1), "truncated data: expected 24 bytes, found 23");
    require_rejected(bytes(full.begin(), full.end() - 24), "truncated data: expected 24 bytes, found 0");
    bytes more = full;
    more.push_back(0);
    require_rejected(more, "excess data: expected 24 bytes, found 25");
    require_rejected(make_npy(1, 0, dict("()"), {1.0f, 2.0f}), "excess data: expected 4 bytes, found 8");
    require_rejected(make_npy(1, 0, dict("()"), {}), "truncated data: expected 4 bytes, found 0");
}

TEST_CASE("npy: a failed parse leaves the output untouched", "[npy]") {
    npy_array a;
    a.shape = {1};
    a.data = {42.0f};
    std::string error;
    const bytes b = make_npy(1, 0, dict("(7,)"), six);
    REQUIRE_FALSE(parse_npy(b.data(), b.size(), a, error));
    CHECK(a.shape == std::vector<std::size_t>{1});
    CHECK(a.data == std::vector<float>{42.0f});
    REQUIRE_FALSE(parse_npy(nullptr, 0, a, error));
}

TEST_CASE("npy: encode_npy writes what numpy.save writes, and parses back bit-exactly", "[npy]") {
    std::vector<float> values = six;
    const std::uint32_t nan_bits = 0x7fc01234u;  // a NaN payload must survive
    float nan_value = 0;
    std::memcpy(&nan_value, &nan_bits, 4);
    values.push_back(nan_value);
    values.push_back(std::numeric_limits<float>::infinity());
    const std::vector<std::vector<std::size_t>> shapes = {{8}, {2, 4}, {2, 2, 2}, {1, 2, 1, 2, 2}};
    for (const auto& shape : shapes) {
        bytes b;
        std::string error;
        REQUIRE(encode_npy(shape, values.data(), values.size(), b, error));
        // header: v1.0, data 64-byte aligned, header ends in '\n'
        REQUIRE(b.size() > 10);
        CHECK(b[6] == 1);
        CHECK(b[7] == 0);
        const std::size_t header_len = static_cast<std::size_t>(b[8]) | (static_cast<std::size_t>(b[9]) << 8);
        CHECK((10 + header_len) % 64 == 0);
        CHECK(b[10 + header_len - 1] == '\n');
        const std::string header(b.begin() + 10, b.begin() + 10 + static_cast<long>(header_len));
        CHECK(header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': " +
                               ngcrt::npy::shape_string(shape) + ", }",
                           0) == 0);
        const result r = parse(b);
        REQUIRE(r.ok);
        CHECK(r.a.shape == shape);
        REQUIRE(r.a.data.size() == values.size());
        CHECK(std::memcmp(r.a.data.data(), values.data(), values.size() * 4) == 0);
    }
    {  // 0-d
        bytes b;
        std::string error;
        const float v = 3.0f;
        REQUIRE(encode_npy({}, &v, 1, b, error));
        const result r = parse(b);
        REQUIRE(r.ok);
        CHECK(r.a.shape.empty());
        CHECK(r.a.data == std::vector<float>{3.0f});
    }
    {  // empty array
        bytes b;
        std::string error;
        REQUIRE(encode_npy({0, 3}, nullptr, 0, b, error));
        const result r = parse(b);
        REQUIRE(r.ok);
        CHECK(r.a.shape == std::vector<std::size_t>{0, 3});
    }
    {  // count that does not match the shape
        bytes b;
        std::string error;
        CHECK_FALSE(encode_npy({2, 2}, values.data(), 3, b, error));
        CHECK_FALSE(error.empty());
    }
}

TEST_CASE("npy: shape_string spells shapes like numpy", "[npy]") {
    using ngcrt::npy::shape_string;
    CHECK(shape_string({}) == "()");
    CHECK(shape_string({3}) == "(3,)");
    CHECK(shape_string({2, 3}) == "(2, 3)");
    CHECK(shape_string({4, 2, 3, 5, 1}) == "(4, 2, 3, 5, 1)");
}

TEST_CASE("npy: read_npy_file distinguishes a missing file from a bad one", "[npy]") {
    npy_array a;
    std::string error;
    CHECK(ngcrt::npy::read_npy_file("/nonexistent-ngcrt-dir/mu.npy", a, error) ==
          ngcrt::npy::read_status::not_found);
    CHECK(ngcrt::npy::read_npy_file("/", a, error) == ngcrt::npy::read_status::failed);
    CHECK(error.find("directory") != std::string::npos);
}
