// zonestat [-z zonelist] [interval [count]]: what ready and running zones
// use against their caps, one block per interval (illumos zonestat's
// model). The figures come from org.zones.Zone.Resources.GetUsage, read by
// zonesd from each zone's cgroups. No interval: one block over one second;
// an interval without a count: until interrupted.
#include <getopt.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "client/bus.hpp"
#include "client/usage.hpp"
#include "client/zones_api.hpp"
#include "format.hpp"

using namespace zones;
using Figures = std::map<std::string, std::uint64_t>;

namespace {

// Usage of every live zone wanted (name -> figures); zones that stop
// between the listing and the call are left out.
std::map<std::string, Figures> sample(const client::Bus& bus, const std::set<std::string>& wanted,
                                      std::vector<std::string>& order) {
    std::map<std::string, Figures> out;
    order.clear();
    for (const client::ZoneSummary& z : client::list_zones(bus)) {
        if (z.name == "global" || (!wanted.empty() && !wanted.count(z.name))) continue;
        if (z.state != "ready" && z.state != "running" && z.state != "shutting_down") continue;
        try {
            out[z.name] = client::get_usage(bus, z);
            order.push_back(z.name);
        } catch (const ZoneError& e) {
            if (e.kind() != ErrorKind::InvalidState && e.kind() != ErrorKind::NoSuchZone) throw;
        }
    }
    return out;
}

void sleep_for(double seconds) {
    if (seconds <= 0) return;
    timespec ts{static_cast<time_t>(seconds), static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
    while (::nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

double now() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char* argv[]) {
    bool json = false;
    client::UsageArgs defaults;
    defaults.interval = 1;
    defaults.count = 1;
    const auto args = client::parse_usage_args(
        argc, argv, "zonestat", "zonestat [-z zonelist] [-o json] [interval [count]]", "o:",
        [&json](int c, const char* arg) {
            if (c != 'o') return false;
            if (std::string(arg) != "json") {
                std::fprintf(stderr, "zonestat: unknown output format '%s' (the only one is 'json')\n", arg);
                std::exit(2);
            }
            json = true;
            return true;
        },
        defaults);
    if (!args) return 2;
    const std::set<std::string>& wanted = args->zones;
    const unsigned long interval = args->interval, count = args->count;
    const bool forever = args->operands == 1;
    try {
        client::Bus bus = client::Bus::system();
        const auto zones = client::list_zones(bus);
        if (auto w = client::unknown_zone(zones, wanted)) {
            std::fprintf(stderr, "zonestat: %s: No such zone configured\n", w->c_str());
            return 1;
        }
        std::vector<std::string> order;
        const double start = now();
        double t0 = start;
        auto prev = sample(bus, wanted, order);
        for (unsigned long n = 1; forever || n <= count; ++n) {
            sleep_for(static_cast<double>(interval) - (now() - t0));
            const double t1 = now();
            auto cur = sample(bus, wanted, order);
            zonestat::Report r;
            r.interval = static_cast<unsigned>(n);
            r.seconds = static_cast<unsigned>(t1 - start + 0.5);
            for (const std::string& name : order) {
                auto p = prev.find(name);
                const Figures& before = p != prev.end() ? p->second : cur[name];
                const Figures& after = cur[name];
                if (r.online_cpus == 0) {
                    r.online_cpus = static_cast<unsigned>(after.count("online-cpus") ? after.at("online-cpus") : 0);
                    r.physmem = after.count("physmem-bytes") ? after.at("physmem-bytes") : 0;
                }
                r.zones.push_back(zonestat::make_row(name, before, after, t1 - t0));
            }
            if (r.online_cpus == 0) client::host_figures(r.online_cpus, r.physmem);
            std::fputs((json ? zonestat::format_json(r) : zonestat::format_report(r)).c_str(), stdout);
            std::fflush(stdout);
            prev = std::move(cur);
            t0 = t1;
        }
    } catch (const ZoneError& e) {
        std::fprintf(stderr, "zonestat: %s\n", e.what());
        return 1;
    }
    return 0;
}
