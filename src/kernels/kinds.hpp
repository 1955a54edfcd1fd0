// src/kernels/kinds.hpp - the kinds of component besides the error cells
// (include/ngcrt/engine/kind.hpp): each kind's arithmetic on a pack, kind_kernels<Kind, P>,
// and the list every kernel of NGCRT_KERNEL_LIST compiles. Adding a kind: its description
// (public header), its kind_kernels (its own header, included here) and one entry in
// component_kinds.
#pragma once

#include "ngcrt/cells.hpp"  // type_list
#include "ngcrt/engine/kind.hpp"
#include "kernels/rate_cell_kernel.hpp"  // RateCell
#include "kernels/synapse_kernels.hpp"   // DenseSynapse, StaticSynapse, HebbianSynapse

namespace ngcrt::detail {

// Kind's operations on pack P: static void run(typename Kind::template args<T>& a) noexcept.
template <class Kind, class P>
struct kind_kernels;

using component_kinds = type_list<ngcrt::cells::rate_kind,  // RateCell
                                  // DenseSynapse, StaticSynapse, HebbianSynapse
                                  kinds::synapse_product, kinds::hebbian_update, kinds::synapse_optimizer>;

}  // namespace ngcrt::detail
