// Network interfaces the platform itself needs: loopback up in the zone's
// new net namespace (the net plugin owns everything else, over netlink).
#pragma once

#include <string>

namespace zones::zoneadmd {

std::string loopback_up();   // in the calling process's net namespace

}  // namespace zones::zoneadmd
