// Which zone@NAME.service entries systemd's configuration directories hold,
// so that a systemctl enable/disable/mask anywhere on the host costs zonesd
// one directory scan, not one GetUnitFileState per zone (issue 13: nothing
// per zone may grow with the number of other zones). systemd has no batch
// query for this: ListUnitFiles(ByPatterns) lists unit files, never the
// enabled instances of a template (their state is made of .wants links).
//
// The scan only says where to look: a zone whose entries changed is then
// asked about with GetUnitFileState, which stays the authority on what the
// entries mean (enabled, masked, linked, ...).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zones::daemon {

// unit name -> its entries, sorted: "PATH" or "PATH -> TARGET" for a link.
using UnitLinks = std::map<std::string, std::vector<std::string>>;

// Where systemctl enable/mask/link write: the persistent and the runtime
// configuration directory.
std::vector<std::filesystem::path> unit_config_dirs();

// The entries about zone@*.service (the template zone@.service included)
// in each of `dirs` and in their *.wants, *.requires and *.upholds
// subdirectories: entries named so, and links whose target is named so
// (aliases). A missing or unreadable directory holds none.
UnitLinks scan_unit_links(const std::vector<std::filesystem::path>& dirs);

// The units whose entries differ between two scans.
std::vector<std::string> changed_units(const UnitLinks& before, const UnitLinks& after);

// "zone@ESCAPED.service" -> the zone name; nullopt for the template and
// for anything else.
std::optional<std::string> zone_of_service_unit(const std::string& unit);

// The template's own name: when its entries change, every zone's may have.
inline constexpr const char* kZoneServiceTemplate = "zone@.service";

}  // namespace zones::daemon
