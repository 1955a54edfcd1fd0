// tools/replay/error_cells.hpp - ngcrt-replay for the error cells (error_cells.cpp).
#pragma once

#include <string>

#include "common.hpp"

namespace ngcrt::replay {

// --cell NAME, NAME an error cell's C name (cells::X::text.c_name) without "_error", '-' for
// '_': found says whether NAME is one; if so, the exit status of its replay.
int replay_error_cell(const options& o, bool& found);
// The error cells' names, "gaussian, laplacian, ...".
std::string error_cell_names();

}  // namespace ngcrt::replay
