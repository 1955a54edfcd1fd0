// tools/pcn/npz.cpp - see npz.hpp.
#include "npz.hpp"

#include <sys/stat.h>
#include <zip.h>

#include <cerrno>
#include <cstring>

namespace ngcrt::pcn_tool {
namespace {

std::string zip_code_string(int code) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string s = zip_error_strerror(&e);
    zip_error_fini(&e);
    return s;
}

// Closes a read-only archive on every path out.
struct archive {
    zip_t* z = nullptr;
    archive() = default;
    archive(const archive&) = delete;
    archive& operator=(const archive&) = delete;
    ~archive() {
        if (z != nullptr) zip_discard(z);
    }
};

bool read_entry(zip_t* z, zip_uint64_t index, const zip_stat_t& st, std::vector<unsigned char>& bytes,
                std::string& error) {
    if ((st.valid & ZIP_STAT_SIZE) == 0) {
        error = "entry size unknown";
        return false;
    }
    zip_file_t* f = zip_fopen_index(z, index, 0);
    if (f == nullptr) {
        error = std::string("cannot open entry: ") + zip_strerror(z);
        return false;
    }
    bytes.assign(static_cast<std::size_t>(st.size), 0);
    std::size_t got = 0;
    while (got < bytes.size()) {
        const zip_int64_t n = zip_fread(f, bytes.data() + got, bytes.size() - got);
        if (n < 0) {
            error = std::string("cannot read entry: ") + zip_file_strerror(f);
            zip_fclose(f);
            return false;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    // One byte more must not be there, and reading to the end checks the CRC.
    unsigned char extra = 0;
    const zip_int64_t n = zip_fread(f, &extra, 1);
    if (n < 0) {
        error = std::string("cannot read entry: ") + zip_file_strerror(f);
        zip_fclose(f);
        return false;
    }
    zip_fclose(f);
    if (got != bytes.size() || n != 0) {
        error = "entry is not the size its header says";
        return false;
    }
    return true;
}

}  // namespace

npz_status read_npz_entries(const std::string& path, const std::vector<std::string>& wanted,
                            std::vector<npz_entry>& out, std::string& error) {
    struct stat sb {};
    if (::stat(path.c_str(), &sb) != 0) {
        if (errno == ENOENT) {
            error = "file not found";
            return npz_status::not_found;
        }
        error = std::string("cannot stat: ") + std::strerror(errno);
        return npz_status::failed;
    }
    if (!S_ISREG(sb.st_mode)) {
        error = "not a regular file";
        return npz_status::failed;
    }
    archive a;
    int code = 0;
    a.z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (a.z == nullptr) {
        error = "not a readable zip archive (" + zip_code_string(code) + ")";
        return npz_status::failed;
    }
    std::vector<npz_entry> result;
    for (const std::string& name : wanted) {
        zip_int64_t index = zip_name_locate(a.z, (name + ".npy").c_str(), ZIP_FL_ENC_RAW);
        if (index < 0) index = zip_name_locate(a.z, name.c_str(), ZIP_FL_ENC_RAW);
        if (index < 0) continue;
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(a.z, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
            error = "entry '" + name + "': " + zip_strerror(a.z);
            return npz_status::failed;
        }
        npz_entry e;
        e.name = name;
        const bool compressed = (st.valid & ZIP_STAT_COMP_METHOD) == 0 || st.comp_method != ZIP_CM_STORE;
        const bool encrypted =
            (st.valid & ZIP_STAT_ENCRYPTION_METHOD) == 0 || st.encryption_method != ZIP_EM_NONE;
        if (compressed || encrypted) {
            e.stored = false;
        } else if (!read_entry(a.z, static_cast<zip_uint64_t>(index), st, e.bytes, error)) {
            error = "entry '" + name + "': " + error;
            return npz_status::failed;
        }
        result.push_back(std::move(e));
    }
    out = std::move(result);
    return npz_status::ok;
}

bool write_npz(const std::string& path,
               const std::vector<std::pair<std::string, std::vector<unsigned char>>>& entries,
               std::string& error) {
    int code = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL, &code);
    if (z == nullptr) {
        error = "cannot create: " + zip_code_string(code);
        return false;
    }
    for (const auto& [name, bytes] : entries) {
        // The buffers outlive zip_close(), which reads them.
        zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        if (src == nullptr) {
            error = std::string("cannot add an entry: ") + zip_strerror(z);
            zip_discard(z);
            return false;
        }
        const zip_int64_t index = zip_file_add(z, (name + ".npy").c_str(), src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            error = std::string("cannot add an entry: ") + zip_strerror(z);
            zip_source_free(src);
            zip_discard(z);
            return false;
        }
        if (zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0) {
            error = std::string("cannot store an entry uncompressed: ") + zip_strerror(z);
            zip_discard(z);
            return false;
        }
    }
    if (zip_close(z) != 0) {
        error = std::string("cannot write: ") + zip_strerror(z);
        zip_discard(z);
        return false;
    }
    return true;
}

}  // namespace ngcrt::pcn_tool
