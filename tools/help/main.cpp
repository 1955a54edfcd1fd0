// ngcrt-help: prints GaussianErrorCell's help() as JSON (ngclearn's structure), and with
// --compartments the compartments' metadata. Everything printed is the library's
// compile-time description; this tool only formats it.
#include <cstdio>
#include <cstring>
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
                    c.role == ngcrt::compartment_role::input ? "input" : "output", c.unit_shaped ? "true" : "false");
        print_string(c.display_name);
        std::printf(", \"units\": ");
        print_string(c.units);
        std::printf(", \"description\": ");
        print_string(c.description);
        std::printf("}");
    }
    std::printf("\n]\n");
}

}  // namespace

int main(int argc, char** argv) {
    const ngcrt::help_info& h = ngcrt::GaussianErrorCellView<float>::help();
    if (argc == 2 && std::strcmp(argv[1], "--compartments") == 0) {
        print_compartments(h);
        return 0;
    }
    if (argc != 1) {
        std::fprintf(stderr, "usage: ngcrt-help [--compartments]\n");
        return 2;
    }
    char json[4096];
    const std::size_t len = ngcrt::write_help_json(h, json, sizeof json);
    if (len >= sizeof json) return 1;
    std::printf("%s\n", json);
    return 0;
}
