// ngcrt-help: prints a cell's help() as JSON (ngclearn's structure), and with
// --compartments the compartments' metadata.
//   ngcrt-help [--cell gaussian|laplacian|...] [--compartments]
// Everything printed is the library's compile-time description; this tool only formats it.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <ngcrt/ngcrt.hpp>

namespace {

void print_string(std::string_view s) {
    std::putchar('"');
    for (char c : s) {
        if (c == '"' || c == '\\') std::putchar('\\');
        std::putchar(c);
    }
    std::putchar('"');
}

void print_compartments(const ngcrt::help_info& h) {
    std::printf("[");
    bool first = true;
    for (const ngcrt::compartment_info& c : h.compartments) {
        std::printf(first ? "\n  {" : ",\n  {");
        first = false;
        std::printf("\"name\": ");
        print_string(c.name);
        std::printf(", \"role\": \"%s\", \"unit_shaped\": %s, \"display_name\": ",
                    c.role == ngcrt::compartment_role::input ? "input" : "output",
                    c.unit_shaped ? "true" : "false");
        print_string(c.display_name);
        std::printf(", \"units\": ");
        print_string(c.units);
        std::printf(", \"description\": ");
        print_string(c.description);
        std::printf("}");
    }
    std::printf("\n]\n");
}

// The help of the cell whose C name is `name` + "_error" ('-' for '_'), or nullptr.
template <class... Cells>
const ngcrt::help_info* find_cell(const std::string& name, ngcrt::detail::type_list<Cells...>) {
    const ngcrt::help_info* found = nullptr;
    auto option = [](std::string_view c_name) {
        std::string s(c_name.substr(0, c_name.rfind("_error")));
        for (char& c : s)
            if (c == '_') c = '-';
        return s;
    };
    (void)((option(Cells::text.c_name) == name ? (found = &ngcrt::detail::cell_help<Cells>, true) : false) ||
           ...);
    return found;
}

}  // namespace

int main(int argc, char** argv) {
    std::string cell = "gaussian";
    bool compartments = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--compartments") == 0) {
            compartments = true;
        } else if (std::strcmp(argv[i], "--cell") == 0 && i + 1 < argc) {
            cell = argv[++i];
        } else {
            std::fprintf(stderr, "usage: ngcrt-help [--cell NAME] [--compartments]\n");
            return 2;
        }
    }
    const ngcrt::help_info* found = find_cell(cell, ngcrt::detail::cell_list{});
    if (found == nullptr) {
        std::fprintf(stderr, "ngcrt-help: unknown cell '%s'\n", cell.c_str());
        return 2;
    }
    const ngcrt::help_info& h = *found;
    if (compartments) {
        print_compartments(h);
        return 0;
    }
    char json[4096];
    const std::size_t len = ngcrt::write_help_json(h, json, sizeof json);
    if (len >= sizeof json) return 1;
    std::printf("%s\n", json);
    return 0;
}
