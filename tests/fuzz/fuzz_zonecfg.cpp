// libFuzzer: arbitrary text through the zonecfg lexer, parser and a
// session in -f mode over an in-memory backend. Beyond "no crash": whatever
// configuration the commands build must export and read back unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "zones/store.hpp"
#include "zonecfg/export.hpp"
#include "zonecfg/memory_backend.hpp"
#include "zonecfg/parser.hpp"
#include "zonecfg/session.hpp"

namespace {

using namespace zones;
using namespace zones::zonecfg;

// A zone with one of everything, so select/remove/info have work to do.
ZoneConfig seed_zone() {
    ZoneConfig c = blank_template();
    c.name = "fuzz";
    c.zonepath = "/zones/fuzz";
    c.fs = {{"/a", "/s", "", "lofs", {"ro"}}, {"/b", "/s", "/r", "ufs", {}}};
    c.nets = {{"10.0.0.1/24", "", "e0", ""}, {"10.0.0.2/24", "", "e0", "10.0.0.254"}};
    c.devices = {{"/dev/null"}};
    c.rctls = {{"zone.max-lwps", {{"privileged", "500", "deny"}}}};
    c.attrs = {{"comment", "string", "a b"}};
    c.datasets = {{"pool/ds"}};
    c.mcap_physical = 1u << 30;
    c.admins = {{"root", "login"}};
    return c;
}

bool round_trips(const ZoneConfig& cfg) {
    // verify rejects cpu-cap with dedicated-cpu and export cannot order them.
    if (cfg.dedicated_cpu && cfg.find_rctl("zone.cpu-cap"))
        return true;
    std::optional<std::string> text = export_config(cfg, nullptr);
    if (!text)
        return true;   // refused on purpose ('"' or newline); never from commands
    MemoryBackend b;
    std::ostringstream out, err;
    Session s(b, "copy", SessionOptions{false, "export", true}, out, err);
    s.run(*text);
    if (s.saw_error() || !s.config())   // warnings are fine
        return false;
    ZoneConfig copy = *s.config();
    copy.name = cfg.name;
    return copy == cfg;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    (void)parse(text);

    // `export -f FILE` would write anywhere: every -f becomes -x (a usage
    // error), the only way export can be given a file.
    for (auto at = text.find("-f"); at != std::string::npos; at = text.find("-f", at))
        text[at + 1] = 'x';

    MemoryBackend backend;
    backend.zones["fuzz"] = seed_zone();
    std::ostringstream out, err;
    // Interactive rules (go on after errors) reach more states; the line
    // headers of -f mode are exercised too.
    Session s(backend, "fuzz", SessionOptions{true, "fuzz.cfg", false}, out, err);
    s.run(text);
    (void)s.prompt();
    (void)s.finish();
    if (const ZoneConfig* cfg = s.config(); cfg && !round_trips(*cfg))
        std::abort();
    return 0;
}
