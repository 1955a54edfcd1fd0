// Must not compile: a feature map needs (H, W, C).
#include <ngcrt/ngcrt.hpp>
ngcrt::GaussianErrorCell<float, ngcrt::Units<4, 4>> cell;
int main() { return 0; }
