#include "sample.hpp"

#include "client/usage.hpp"
#include "client/zones_api.hpp"

namespace zones::ztop {
std::vector<Sample> sample(const client::Bus& bus, const std::set<std::string>& wanted) {
    std::vector<Sample> out;
    for (const client::ZoneSummary& z : client::list_zones(bus)) {
        if (z.name == "global" || (!wanted.empty() && !wanted.count(z.name))) continue;
        if (z.state != "ready" && z.state != "running" && z.state != "shutting_down") continue;
        try {
            Sample s;
            s.name = z.name;
            s.usage = client::get_usage(bus, z);
            client::MessagePtr stats = client::call_zone(bus, z, "org.zones.Zone.Network", "GetInterfaceStatistics");
            sd_bus_message* m = stats.get();
            client::check(sd_bus_message_enter_container(m, 'a', "(sa{st})"), "GetInterfaceStatistics reply");
            for (;;) {
                const int r = sd_bus_message_enter_container(m, 'r', "sa{st}");
                client::check(r, "GetInterfaceStatistics reply");
                if (r == 0) break;
                const char* name = nullptr;
                client::check(sd_bus_message_read(m, "s", &name), "GetInterfaceStatistics reply");
                const auto counters = client::read_counters(m, "GetInterfaceStatistics reply");
                if (auto it = counters.find("rx-bytes"); it != counters.end()) s.rx_bytes += it->second;
                if (auto it = counters.find("tx-bytes"); it != counters.end()) s.tx_bytes += it->second;
                client::check(sd_bus_message_exit_container(m), "GetInterfaceStatistics reply");
            }
            client::check(sd_bus_message_exit_container(m), "GetInterfaceStatistics reply");
            out.push_back(std::move(s));
        } catch (const ZoneError& e) {
            if (e.kind() != ErrorKind::InvalidState && e.kind() != ErrorKind::NoSuchZone) throw;
        }
    }
    return out;
}

}  // namespace zones::ztop
