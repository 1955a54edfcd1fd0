// The precompiled-header donor of the Catch2 test programs (tests/CMakeLists.txt): it only
// carries their flags; CMake compiles <catch2/catch.hpp> with them once for all.
