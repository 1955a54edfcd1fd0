// Must not compile: a full covariance outside the exact convention (ngclearn has none).
#include <ngcrt/ngcrt.hpp>
ngcrt::GaussianErrorCell<float, ngcrt::Units<8>, 1, ngcrt::Convention::ngclearn_3_1, ngcrt::SigmaShape::full>
    cell;
int main() { return 0; }
