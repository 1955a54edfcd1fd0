// Must not compile: a full covariance over a feature map (dense units only).
#include <ngcrt/ngcrt.hpp>
ngcrt::GaussianErrorCell<float, ngcrt::Units<2, 2, 3>, 1, ngcrt::Convention::exact, ngcrt::SigmaShape::full>
    cell;
int main() { return 0; }
