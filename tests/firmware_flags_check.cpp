// Instantiates the public API with firmware flags (-fno-exceptions -fno-rtti -Werror):
// everything a firmware user would call must compile there.
#include <ngcrt/ngcrt.hpp>

template class ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 4>;
template class ngcrt::GaussianErrorCell<double, ngcrt::Units<2, 3, 4>, 2, ngcrt::Convention::ngclearn_3_2,
                                        ngcrt::SigmaShape::per_unit>;
template class ngcrt::PCNView<float>;
template class ngcrt::PCNView<double, 3>;
template class ngcrt::PCNInferenceView<float>;
template class ngcrt::PCN<float, ngcrt::Layers<64, 64, 64, 10>, 10>;
template class ngcrt::PCNInference<double, ngcrt::Layers<4, 3, 2>, 1>;

int ngcrt_firmware_flags_check();
int ngcrt_firmware_flags_check() {
    static ngcrt::GaussianErrorCell<float, ngcrt::Units<8>, 2> cell{0.5f};
    ngcrt::GaussianErrorCellView<float>& v = cell;
    int errors = 0;
    errors += v.batched_reset(1) != ngcrt::status::ok;
    errors += v.advance_state(0.001f) != ngcrt::status::ok;
    errors += v.bind(ngcrt::slot::prediction, cell.dmu()) != ngcrt::status::overlapping_buffers;
    char json[1024];
    errors += ngcrt::write_help_json(v.help(), json, sizeof json) >= sizeof json;
    return errors;
}
