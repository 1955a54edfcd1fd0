// ngcrt/engine/kind.hpp - the compiled work of a kind of component other than the error cells
// (rate cells, synapses, ...), reached the same way: every kernel of the list
// (NGCRT_KERNEL_LIST) compiles it with its own pack and flags, and the dispatch calls the
// active kernel's.
//
// A kind is a struct (its description, in its public header) with
//   template <class T> struct args;   what one call is given: streams, sizes, constants, and
//                                     which of the kind's operations to run
// and, inside the library, kind_kernels<Kind, P>::run(args&) (src/kernels/kinds.hpp): the
// kind's arithmetic on a pack P. src/kernels/kinds.hpp lists the kinds.
#pragma once

namespace ngcrt::detail {

// Runs one call of Kind on the active kernel (src/dispatch.cpp).
template <class Kind, class T>
void run_kind(typename Kind::template args<T>& a) noexcept;

}  // namespace ngcrt::detail
