// The baselines again, compiled with -march=native, plus the traffic floor.
#define NGCRT_BENCH_SUFFIX _native
#define NGCRT_BENCH_FLOOR 1
#include "baselines.cpp"
