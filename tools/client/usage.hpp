// What the usage tools (zonestat, ztop, zones-exporter) share: the a{st}
// figures of org.zones.Zone.Resources.GetUsage and GetInterfaceStatistics,
// one zone's GetUsage, and zonestat's and ztop's command line
// [-z zonelist] [interval [count]].
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "client/bus.hpp"
#include "client/zones_api.hpp"

namespace zones::client {

using Counters = std::map<std::string, std::uint64_t>;

// a{st}, the message's next element, into `out`; sd-bus's negative errno
// on a message that does not hold one (for callers that must not throw).
int read_counters(sd_bus_message* m, Counters& out);
// The same; ZoneError "WHAT: strerror" on a bad message.
Counters read_counters(sd_bus_message* m, std::string_view what);

// A call of `member` on the zone's object; D-Bus errors become ZoneError
// (a zone deleted meanwhile: NoSuchZone).
MessagePtr call_zone(const Bus& bus, const ZoneSummary& zone, const char* interface, const char* member);
// The zone's GetUsage figures.
Counters get_usage(const Bus& bus, const ZoneSummary& zone);

// The host's CPUs and memory, for when no zone's figures said.
void host_figures(unsigned& online_cpus, std::uint64_t& physmem);

struct UsageArgs {
    std::set<std::string> zones;     // -z, empty: all
    unsigned long interval = 0;
    unsigned long count = 0;         // 0: no count given
    int operands = 0;                // how many of interval, count were given
};

// [-z zonelist] [interval [count]] of TOOL, with extra getopt options
// `more` given to `option` (false: a usage error). nullopt after a usage
// error was printed (exit 2). Defaults as given in `defaults`.
std::optional<UsageArgs> parse_usage_args(int argc, char* argv[], const char* tool, const char* usage_line,
                                          const char* more, const std::function<bool(int, const char*)>& option,
                                          UsageArgs defaults);

// The first of `wanted` that `zones` does not list, if any.
std::optional<std::string> unknown_zone(const std::vector<ZoneSummary>& zones,
                                        const std::set<std::string>& wanted);

}  // namespace zones::client
