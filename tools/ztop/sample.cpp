#include "sample.hpp"

#include "client/zones_api.hpp"

namespace zones::ztop {
namespace {

client::MessagePtr call(const client::Bus& bus, const client::ZoneSummary& z, const char* iface, const char* member) {
    sd_bus_message* raw = nullptr;
    client::check(sd_bus_message_new_method_call(bus.get(), &raw, client::kService, z.object_path.c_str(), iface, member),
                  member);
    client::MessagePtr m(raw);
    return bus.call(m.get(), z.name);
}

// a{st}, the reply's next element.
std::map<std::string, std::uint64_t> read_dict(sd_bus_message* reply, const char* what) {
    std::map<std::string, std::uint64_t> out;
    client::check(sd_bus_message_enter_container(reply, 'a', "{st}"), what);
    for (;;) {
        const int r = sd_bus_message_enter_container(reply, 'e', "st");
        client::check(r, what);
        if (r == 0) break;
        const char* k = nullptr;
        std::uint64_t v = 0;
        client::check(sd_bus_message_read(reply, "st", &k, &v), what);
        out[k] = v;
        client::check(sd_bus_message_exit_container(reply), what);
    }
    client::check(sd_bus_message_exit_container(reply), what);
    return out;
}

}  // namespace

std::vector<Sample> sample(const client::Bus& bus, const std::set<std::string>& wanted) {
    std::vector<Sample> out;
    for (const client::ZoneSummary& z : client::list_zones(bus)) {
        if (z.name == "global" || (!wanted.empty() && !wanted.count(z.name))) continue;
        if (z.state != "ready" && z.state != "running" && z.state != "shutting_down") continue;
        try {
            Sample s;
            s.name = z.name;
            client::MessagePtr usage = call(bus, z, "org.zones.Zone.Resources", "GetUsage");
            s.usage = read_dict(usage.get(), "GetUsage reply");
            client::MessagePtr stats = call(bus, z, "org.zones.Zone.Network", "GetInterfaceStatistics");
            sd_bus_message* m = stats.get();
            client::check(sd_bus_message_enter_container(m, 'a', "(sa{st})"), "GetInterfaceStatistics reply");
            for (;;) {
                const int r = sd_bus_message_enter_container(m, 'r', "sa{st}");
                client::check(r, "GetInterfaceStatistics reply");
                if (r == 0) break;
                const char* name = nullptr;
                client::check(sd_bus_message_read(m, "s", &name), "GetInterfaceStatistics reply");
                const auto counters = read_dict(m, "GetInterfaceStatistics reply");
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
