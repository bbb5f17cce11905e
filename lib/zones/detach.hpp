// The detach manifest, ZONEPATH/SUNWdetached.xml as illumos names it: the
// zone's configuration exactly as /etc/zones/NAME.xml holds it (so
// `zonecfg -z NAME create -a ZONEPATH` rebuilds it on another host; it
// drops what it does not know), plus one <detached> element with what
// attach checks before it takes the zonepath as installed: the brand, the
// id range the root's owners carry, the host the zone's /etc was made
// for (a sparse zone runs the host's /usr), the machine type.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zones/config.hpp"

namespace zones::detach {

inline constexpr const char* kManifest = "SUNWdetached.xml";
// What a forced attach keeps of the manifest (illumos does the same).
inline constexpr const char* kAttached = "SUNWattached.xml";

struct Manifest {
    ZoneConfig config;
    bool ours = false;                      // has our <detached> element
    std::string uuid;
    std::optional<std::uint32_t> idbase;   // the root's owners: BASE.. or host ids
    std::string os_id, os_version;         // /etc/os-release ID and VERSION_ID of its host
    std::string arch;                      // uname -m of its host
    std::string host;                      // its host's node name, for people
    std::string time;                      // when it was detached, UTC, ISO 8601
};

// What attach needs to know of this host.
struct HostFacts {
    std::string os_id, os_version, arch;
    std::function<bool(const std::string&)> is_dir;   // a host directory exists
};
HostFacts this_host();

// The manifest of a zone about to be detached from this host.
Manifest make(const ZoneConfig& cfg, const std::string& uuid, std::optional<std::uint32_t> idbase,
              const HostFacts& host);

std::string to_xml(const Manifest& m);
// Throws ZoneError(Invalid, "ORIGIN: ...") for what is not a manifest.
Manifest parse(std::string_view text, const std::string& origin);

// attach's checks, each problem one line (no "zone 'NAME': " prefix):
// the brand, the machine type, for sparse zones the operating system of
// the /usr they will run, the inherited directories (present on this
// host, and configured here as they were there), the id range.
// `configured`: the zone's configuration here (nullptr for attach -n,
// which checks the manifest against this host alone).
std::vector<std::string> check(const Manifest& m, const ZoneConfig* configured, const HostFacts& here);

// The owner of ZONEPATH/root must lie in the range the manifest records
// (or below 65536 when it records none): one line, or "".
std::string check_root_owner(const Manifest& m, const std::filesystem::path& zonepath);

}  // namespace zones::detach
