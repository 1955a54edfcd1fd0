// ngcrt/ngcrt.hpp - everything a user of ngcrt needs.
#pragma once

#include "ngcrt/config.hpp"
#include "ngcrt/convention.hpp"
#include "ngcrt/cells.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/kernel.hpp"
#include "ngcrt/math.hpp"
#include "ngcrt/rate_cell.hpp"  // RateCell
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/subnormals.hpp"
#include "ngcrt/units.hpp"
// ---- synapses ----
#include "ngcrt/dense_synapse.hpp"
#include "ngcrt/hebbian_synapse.hpp"
#include "ngcrt/pcn.hpp"
// ---- end synapses ----
