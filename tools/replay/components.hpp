// tools/replay/components.hpp - ngcrt-replay for the components besides the error cells,
// one file each: rate_cell.cpp, dense_synapse.cpp, hebbian_synapse.cpp. Each returns the
// tool's exit status (common.hpp) and writes its outputs only when everything succeeded.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common.hpp"

namespace ngcrt::replay {

// The synapses' optional files (dense_synapse.cpp): biases.npy, (out,) or (1, out); and
// mask.npy, the weights' shape `wshape`. 0 (loaded or absent: `present`) or an exit status.
int load_biases(const std::string& dir, std::size_t out, npy_array& b, bool& present);
int load_mask(const std::string& dir, const std::vector<std::size_t>& wshape, npy_array& m, bool& present);

int replay_rate_cell(const options& o);        // --cell rate-cell
int replay_dense_synapse(const options& o);    // --cell dense-synapse (static-synapse)
int replay_hebbian_synapse(const options& o);  // --cell hebbian-synapse

}  // namespace ngcrt::replay
