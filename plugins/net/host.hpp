// Host-side helpers of the net plugin: sysctls under /proc/sys/net of
// zoneadmd's (the global zone's) network namespace, and nftables through
// libnftables.
#pragma once

#include <string>

namespace zones::net {

// "" or "KEY: why". key like "ipv4/conf/br0/forwarding".
std::string sysctl_set(const std::string& key, const std::string& value);
// Runs an nft script in one transaction; "" or nft's first error line.
std::string nft_run(const std::string& script);

}  // namespace zones::net
