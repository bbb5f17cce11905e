#include "client/usage.hpp"

#include <getopt.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace zones::client {

int read_counters(sd_bus_message* m, Counters& out) {
    int r = sd_bus_message_enter_container(m, 'a', "{st}");
    if (r < 0) return r;
    while ((r = sd_bus_message_enter_container(m, 'e', "st")) > 0) {
        const char* k = nullptr;
        std::uint64_t v = 0;
        if ((r = sd_bus_message_read(m, "st", &k, &v)) < 0) return r;
        out[k] = v;
        if ((r = sd_bus_message_exit_container(m)) < 0) return r;
    }
    if (r < 0) return r;
    return sd_bus_message_exit_container(m);
}

Counters read_counters(sd_bus_message* m, std::string_view what) {
    Counters out;
    check(read_counters(m, out), what);
    return out;
}

MessagePtr call_zone(const Bus& bus, const ZoneSummary& zone, const char* interface, const char* member) {
    sd_bus_message* raw = nullptr;
    check(sd_bus_message_new_method_call(bus.get(), &raw, kService, zone.object_path.c_str(), interface, member),
          member);
    MessagePtr m(raw);
    return bus.call(m.get(), zone.name);
}

Counters get_usage(const Bus& bus, const ZoneSummary& zone) {
    MessagePtr reply = call_zone(bus, zone, "org.zones.Zone.Resources", "GetUsage");
    return read_counters(reply.get(), "GetUsage reply");
}

void host_figures(unsigned& online_cpus, std::uint64_t& physmem) {
    const long c = ::sysconf(_SC_NPROCESSORS_ONLN), pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    online_cpus = c > 0 ? static_cast<unsigned>(c) : 0;
    physmem = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
}

namespace {

bool parse_count(const char* s, unsigned long& out) {
    char* end = nullptr;
    errno = 0;
    out = std::strtoul(s, &end, 10);
    return errno == 0 && end != s && *end == '\0' && out > 0 && out < 100000000UL && s[0] != '-';
}

}  // namespace

std::optional<UsageArgs> parse_usage_args(int argc, char* argv[], const char* tool, const char* usage_line,
                                          const char* more, const std::function<bool(int, const char*)>& option,
                                          UsageArgs defaults) {
    UsageArgs a = std::move(defaults);
    const std::string opts = std::string("+z:") + more;
    auto usage = [&] {
        std::fprintf(stderr, "Usage: %s\n", usage_line);
        return std::nullopt;
    };
    for (int c; (c = ::getopt(argc, argv, opts.c_str())) != -1;) {
        if (c != 'z') {
            if (c == '?' || !option(c, optarg)) return usage();
            continue;
        }
        std::string list = optarg;
        for (char& ch : list)
            if (ch == ',') ch = ' ';
        for (std::size_t i = 0; i < list.size();) {
            std::size_t j = list.find(' ', i);
            if (j == std::string::npos) j = list.size();
            if (j > i) a.zones.insert(list.substr(i, j - i));
            i = j + 1;
        }
    }
    a.operands = argc - optind;
    if (a.operands > 2) return usage();
    if (a.operands >= 1 && !parse_count(argv[optind], a.interval)) {
        std::fprintf(stderr, "%s: invalid interval: %s\n", tool, argv[optind]);
        return std::nullopt;
    }
    if (a.operands == 2 && !parse_count(argv[optind + 1], a.count)) {
        std::fprintf(stderr, "%s: invalid count: %s\n", tool, argv[optind + 1]);
        return std::nullopt;
    }
    return a;
}

std::optional<std::string> unknown_zone(const std::vector<ZoneSummary>& zones, const std::set<std::string>& wanted) {
    for (const std::string& w : wanted) {
        bool known = false;
        for (const auto& z : zones) known = known || z.name == w;
        if (!known) return w;
    }
    return std::nullopt;
}

}  // namespace zones::client
