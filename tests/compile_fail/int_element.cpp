// Must not compile: the cell is implemented for float and double only.
#include <ngcrt/ngcrt.hpp>
ngcrt::GaussianErrorCell<int, ngcrt::Units<8>> cell;
int main() { return 0; }
