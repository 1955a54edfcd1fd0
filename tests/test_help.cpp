// help() and compartment metadata, as ngclearn describes the cell.
#include <catch2/catch.hpp>

#include <string>

#include "support.hpp"

using help_cell = ngcrt::GaussianErrorCell<float, ngcrt::Units<4>>;

// Usable at compile time, without allocation.
static_assert(help_cell::help().cell_name == "GaussianErrorCell");
static_assert(help_cell::help().dynamics == "Gaussian(x=target; mu, sigma)");
static_assert(help_cell::help().compartments[0].name == "mu");
static_assert([] {
    char buf[2048] = {};
    return ngcrt::write_help_json(help_cell::help(), buf, sizeof buf) < sizeof buf;
}());

TEST_CASE("compartment metadata carries ngclearn's display names and units", "[help]") {
    const auto& h = help_cell::help();
    auto find = [&](std::string_view name) -> const ngcrt::compartment_info& {
        for (const auto& c : h.compartments)
            if (c.name == name) return c;
        FAIL("no compartment " << std::string(name));
        return h.compartments[0];
    };
    CHECK(find("L").display_name == "Gaussian Log likelihood");
    CHECK(find("L").units == "nats");
    CHECK(find("mu").display_name == "Gaussian mean");
    CHECK(find("Sigma").display_name == "Gaussian variance/covariance");
    CHECK(find("target").display_name == "Gaussian data/target variable");
    int inputs = 0, outputs = 0;
    for (const auto& c : h.compartments) (c.role == ngcrt::compartment_role::input ? inputs : outputs)++;
    CHECK(inputs == 5);
    CHECK(outputs == 4);
    CHECK(find("dmu").unit_shaped);
    CHECK_FALSE(find("L").unit_shaped);
}

TEST_CASE("help() prints as JSON with ngclearn's structure", "[help]") {
    char buf[2048];
    const std::size_t len = ngcrt::write_help_json(help_cell::help(), buf, sizeof buf);
    REQUIRE(len < sizeof buf);
    const std::string json(buf, len);
    CHECK(json.front() == '{');
    CHECK(json.back() == '}');
    for (const char* key :
         {"\"GaussianErrorCell\": {\"cell_type\": ", "\"compartments\": {\"inputs\": {", "\"outputs\": {",
          "\"dynamics\": \"Gaussian(x=target; mu, sigma)\"", "\"hyperparameters\": {\"n_units\": ",
          "\"batch_size\": ", "\"sigma\": ", "\"mu\": \"External input prediction value(s)\"",
          "\"L\": \"Local loss / free-energy value embodied by this error-cell\""})
        CHECK(json.find(key) != std::string::npos);
    // Truncation: reports the full length and stays NUL-terminated.
    char small[16];
    CHECK(ngcrt::write_help_json(help_cell::help(), small, sizeof small) == len);
    CHECK(std::string(small).size() == 15);
}
