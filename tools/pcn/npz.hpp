// tools/pcn/npz.hpp - NumPy .npz archives (np.savez: a zip of .npy files) through libzip, for
// ngcrt-pcn's model files. Host code: it allocates. Reading returns an entry's raw .npy bytes
// (ngcrt_npy parses them); writing stores given .npy images uncompressed, as np.savez does.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace ngcrt::pcn_tool {

enum class npz_status { ok, not_found, failed };

// One entry of an archive, as read_npz_entries() found it.
struct npz_entry {
    std::string name;                  // the name in the archive without its ".npy" ("weights")
    bool stored = true;                // false: compressed (np.savez_compressed) or encrypted
    std::vector<unsigned char> bytes;  // the .npy image (empty when not stored)
};

// Reads the entries named `wanted` (without ".npy"; "weights" finds "weights.npy" or
// "weights") of the archive at `path`; entries that are absent are left out of `out`, a
// compressed or encrypted one comes back with stored = false and no bytes. not_found when
// the file does not exist; failed (with a one-line `error`) when it is not a readable zip
// archive or an entry cannot be read (bad CRC, truncated).
npz_status read_npz_entries(const std::string& path, const std::vector<std::string>& wanted,
                            std::vector<npz_entry>& out, std::string& error);

// Writes an archive at `path` (a new file; it must not exist) holding `entries` (name without
// ".npy", .npy image) in order, uncompressed. False with `error` on failure (a partial file
// may remain: the caller writes to a temporary name and removes it).
bool write_npz(const std::string& path,
               const std::vector<std::pair<std::string, std::vector<unsigned char>>>& entries,
               std::string& error);

}  // namespace ngcrt::pcn_tool
