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
#include "client/zones_api.hpp"
#include "format.hpp"

using namespace zones;
using Figures = std::map<std::string, std::uint64_t>;

namespace {

int usage() {
    std::fprintf(stderr, "Usage: zonestat [-z zonelist] [-o json] [interval [count]]\n");
    return 2;
}

bool parse_count(const char* s, unsigned long& out) {
    char* end = nullptr;
    errno = 0;
    out = std::strtoul(s, &end, 10);
    return errno == 0 && end != s && *end == '\0' && out > 0 && out < 100000000UL && s[0] != '-';
}

Figures get_usage(const client::Bus& bus, const client::ZoneSummary& z) {
    sd_bus_message* raw = nullptr;
    client::check(sd_bus_message_new_method_call(bus.get(), &raw, client::kService, z.object_path.c_str(),
                                                 "org.zones.Zone.Resources", "GetUsage"),
                  "GetUsage");
    client::MessagePtr m(raw);
    client::MessagePtr reply = bus.call(m.get(), z.name);
    Figures f;
    client::check(sd_bus_message_enter_container(reply.get(), 'a', "{st}"), "GetUsage reply");
    for (;;) {
        int r = sd_bus_message_enter_container(reply.get(), 'e', "st");
        client::check(r, "GetUsage reply");
        if (r == 0) break;
        const char* k = nullptr;
        std::uint64_t v = 0;
        client::check(sd_bus_message_read(reply.get(), "st", &k, &v), "GetUsage reply");
        f[k] = v;
        client::check(sd_bus_message_exit_container(reply.get()), "GetUsage reply");
    }
    return f;
}

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
            out[z.name] = get_usage(bus, z);
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
    std::set<std::string> wanted;
    bool json = false;
    for (int c; (c = ::getopt(argc, argv, "+o:z:")) != -1;) {
        if (c == 'o') {
            if (std::string(optarg) != "json") {
                std::fprintf(stderr, "zonestat: unknown output format '%s' (the only one is 'json')\n", optarg);
                return 2;
            }
            json = true;
            continue;
        }
        if (c != 'z') return usage();
        std::string list = optarg;
        for (char& ch : list)
            if (ch == ',') ch = ' ';
        std::size_t i = 0;
        while (i < list.size()) {
            std::size_t j = list.find(' ', i);
            if (j == std::string::npos) j = list.size();
            if (j > i) wanted.insert(list.substr(i, j - i));
            i = j + 1;
        }
    }
    unsigned long interval = 1, count = 1;
    const int left = argc - optind;
    if (left > 2) return usage();
    if (left >= 1 && !parse_count(argv[optind], interval)) {
        std::fprintf(stderr, "zonestat: invalid interval: %s\n", argv[optind]);
        return 2;
    }
    if (left == 2 && !parse_count(argv[optind + 1], count)) {
        std::fprintf(stderr, "zonestat: invalid count: %s\n", argv[optind + 1]);
        return 2;
    }
    const bool forever = left == 1;
    try {
        client::Bus bus = client::Bus::system();
        const auto zones = client::list_zones(bus);
        for (const std::string& w : wanted) {
            bool known = false;
            for (const auto& z : zones) known = known || z.name == w;
            if (!known) {
                std::fprintf(stderr, "zonestat: %s: No such zone configured\n", w.c_str());
                return 1;
            }
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
            if (r.online_cpus == 0) {
                const long c = ::sysconf(_SC_NPROCESSORS_ONLN), pages = ::sysconf(_SC_PHYS_PAGES),
                           page = ::sysconf(_SC_PAGESIZE);
                r.online_cpus = c > 0 ? static_cast<unsigned>(c) : 0;
                r.physmem = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
            }
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
