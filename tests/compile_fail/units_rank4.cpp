// Must not compile: four unit dimensions.
#include <ngcrt/ngcrt.hpp>
ngcrt::GaussianErrorCell<float, ngcrt::Units<2, 2, 2, 2>> cell;
int main() { return 0; }
