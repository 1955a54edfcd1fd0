// tools/replay/common.hpp - what every component's replay in ngcrt-replay shares: the
// command line (one table of options, each component saying which it takes), the one-line
// error reports and exit statuses, loading the inputs and writing the outputs (temporary
// files renamed into place). Host code: it allocates.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "ngcrt/convention.hpp"
#include "npy.hpp"

namespace ngcrt::replay {

constexpr int exit_bad_input = 2;
constexpr int exit_write_failed = 1;

// The usage text (main.cpp): printed by --help, and its first line ends every usage error.
extern const char* const usage_text;

// One line on stderr, "ngcrt-replay: <where>: <what>" (control characters replaced, so a
// strange file name cannot split the line); returns code.
int report(int code, const std::string& where, const std::string& what);
// A usage error: exit status 2, the line ending with the usage's first line.
int usage_error(const std::string& what);

std::string format_float(float v);
std::string join_path(const std::string& dir, const std::string& name);

// ---- the command line ------------------------------------------------------------------

struct options {
    std::string in, out;
    std::string component = "gaussian";
    std::string component_option = "--cell";  // how the component was named (--cell or --component)
    bool have_component = false;
    std::vector<std::pair<std::string, std::string>> given;  // other options, in order ("" for a flag)
    bool help = false;

    const std::string* find(const std::string& name) const;
    bool has(const std::string& name) const { return find(name) != nullptr; }
    // "--cell NAME" (as the user wrote it), for messages.
    std::string component_words() const { return component_option + " " + component; }
};

// Returns 0 to go on, or an exit status (a line already reported). Only the spelling is
// checked here (known option, value present, not given twice); each component checks the
// options it takes (allow_only) and their values.
int parse_args(int argc, char** argv, options& o);

// A usage error for the first given option not in `allowed`.
int allow_only(const options& o, std::initializer_list<const char*> allowed);
int allow_only(const options& o, const std::vector<std::string>& allowed);
// A usage error if `name` is missing.
int require(const options& o, const char* name, const char* metavar);

// A float option (float32, as the library takes it): absent leaves v as it is.
enum class float_range { finite, nonnegative, positive };
int option_float(const options& o, const char* name, float_range range, const char* rule, float& v,
                 bool* present = nullptr);
// A finite double option (a Python float in ngclearn, used in double): absent leaves v.
int option_double(const options& o, const char* name, double& v);
// --convention 3.1|3.2|exact (absent: 3.1).
int option_convention(const options& o, Convention& c);

// ---- inputs ----------------------------------------------------------------------------

using npy::npy_array;
using npy::shape_string;

// Loads DIR/name: 0 (loaded, or absent and optional: `present` says which) or an exit status.
int load(const std::string& dir, const std::string& name, bool required, npy_array& a, bool& present);
// A recorded series: (T, B, N), or with feature maps also (T, B, H, W, C); B and the unit
// dimensions positive. Fills the unit count (N or H * W * C).
int check_series(const std::string& name, const npy_array& a, bool feature_maps_too, std::size_t& units);
// a's shape must be `shape` (named after the file it came from).
int same_shape(const std::string& name, const npy_array& a, const std::string& ref_name,
               const std::vector<std::size_t>& shape);

// ---- outputs ---------------------------------------------------------------------------

struct output_array {
    std::string name;  // file name in --out
    std::vector<std::size_t> shape;
    const std::vector<float>* values;
};
constexpr int max_outputs = 8;
// Encodes every output in memory, then writes each to a temporary file in --out (created if
// missing, one level) and renames them into place; on any failure the temporaries are
// removed (also on SIGINT, SIGTERM, SIGHUP) and the exit status is 1.
int write_outputs(const std::string& out_dir, const std::vector<output_array>& files);
// Removes the temporaries of an interrupted write_outputs (main's handler for std::bad_alloc).
void remove_temps();

}  // namespace ngcrt::replay
