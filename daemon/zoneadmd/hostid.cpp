#include "hostid.hpp"

#include <cstring>

#include <fmt/format.h>

#include "zones/safe_fs.hpp"
#include "zones/syntax.hpp"

namespace zones::zoneadmd {

std::string write_hostid(const ZoneConfig& cfg) {
    if (cfg.hostid.empty()) return {};
    const auto id = parse_hostid(cfg.hostid);
    if (!id) return fmt::format("hostid: invalid hostid: {}", cfg.hostid);
    try {
        const std::string root_path = cfg.zonepath + "/root";
        auto fd = safefs::open_host_dir(root_path, false);
        if (!fd) return fmt::format("hostid: {}: no zone root", root_path);
        const safefs::RootDir root(std::move(*fd), root_path);
        // sethostid(3)'s format: the id as a native int32.
        const std::int32_t value = static_cast<std::int32_t>(*id);
        char bytes[sizeof value];
        std::memcpy(bytes, &value, sizeof value);
        root.write_file("etc/hostid", std::string_view(bytes, sizeof bytes), 0644);
        return {};
    } catch (const std::exception& e) {
        return fmt::format("hostid: {}", e.what());
    }
}

}  // namespace zones::zoneadmd
