// One line of /proc/PID/mountinfo split into the fields zones reads:
// ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER.
// One parser for every reader of a mount table (zoneadmd's cgroup
// hierarchies and mount namespace template, zonesd's detach and usage).
#pragma once

#include <string>
#include <string_view>

namespace zones::sys {

struct MountInfo {
    std::string_view root, point;   // as the kernel writes them (escaped)
    std::string_view optional;      // "shared:1 master:2", "" for none
    std::string_view type, source, super_options;
};

// Views into LINE; false for a line that is not a mountinfo line.
bool parse_mountinfo(std::string_view line, MountInfo& out);

// A path field with the kernel's octal escapes (\040 for a space) undone.
std::string unescape_mountinfo(std::string_view field);

}  // namespace zones::sys
