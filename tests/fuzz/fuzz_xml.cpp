// libFuzzer target for the zone XML reader: from_xml must either return a
// configuration or throw ZoneError(Damaged), and whatever it returns must
// survive to_xml/from_xml unchanged.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "zones/xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    zones::ZoneConfig cfg;
    try {
        cfg = zones::from_xml(text, "fuzz");
    } catch (const zones::ZoneError& e) {
        if (e.kind() != zones::ErrorKind::Damaged) {
            std::fprintf(stderr, "from_xml threw a non-Damaged error: %s\n", e.what());
            std::abort();
        }
        return 0;
    }
    // Any other exception escapes and libFuzzer reports it as a crash.
    std::string again = zones::to_xml(cfg);
    zones::ZoneConfig back = zones::from_xml(again, "fuzz-again");
    if (!(back == cfg)) {
        std::fprintf(stderr, "round trip changed the configuration:\n%s\n", again.c_str());
        std::abort();
    }
    return 0;
}
