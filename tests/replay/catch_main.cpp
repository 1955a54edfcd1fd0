// Catch2 v2's main() for the replay tests, in its own translation unit (compiled once).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
