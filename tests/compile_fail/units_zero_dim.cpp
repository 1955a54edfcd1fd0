// Must not compile: a zero unit dimension.
#include <ngcrt/ngcrt.hpp>
ngcrt::GaussianErrorCell<float, ngcrt::Units<3, 0, 2>> cell;
int main() { return 0; }
