// Must not compile: a batch capacity of 0.
#include <ngcrt/ngcrt.hpp>
ngcrt::GaussianErrorCell<float, ngcrt::Units<8>, 0> cell;
int main() { return 0; }
