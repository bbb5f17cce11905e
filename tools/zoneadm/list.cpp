// zoneadm list (illumos zoneadm.c list_func).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "list_format.hpp"
#include "zoneadm.hpp"

namespace zones::zoneadm {
namespace {

std::optional<ListEntry> to_entry(const client::ZoneSummary& z) {
    auto state = parse_state(z.state);
    if (!state)
        return std::nullopt;     // a state this zoneadm does not know
    ListEntry e;
    if (z.id >= 0)
        e.id = z.id;
    e.name = z.name;
    e.state = *state;
    e.zonepath = z.zonepath;
    e.uuid = z.uuid;
    e.brand = z.brand;
    e.exclusive = z.ip_type == "exclusive";
    return e;
}

int print(const std::string& text) {
    if (std::fputs(text.c_str(), stdout) == EOF || std::fflush(stdout) == EOF)
        return kErr;
    return kOk;
}

}  // namespace

int list_command(Context& ctx, int argc, char* argv[]) {
    const bool all_zones = !ctx.target_zone.has_value();
    ZoneState min_state = ZoneState::Running;
    bool verbose = false, parsable = false;
    std::optional<std::string> output;

    // "+": stop at the first operand, as illumos getopt does.
    const char* opts = all_zones ? "+:cio:pv" : "+:o:pv";
    optind = 0;
    opterr = 0;
    for (int c; (c = getopt(argc, argv, opts)) != -1;) {
        switch (c) {
        case 'c':
            min_state = ZoneState::Configured;
            break;
        case 'i':
            min_state = std::min(min_state, ZoneState::Installed);
            break;
        case 'p':
            parsable = true;
            break;
        case 'v':
            verbose = true;
            break;
        case 'o':
            output = optarg;
            break;
        default:
            if (optopt == '?') {       // "list -?": the usage, and success
                sub_usage(Cmd::List);
                return kOk;
            }
            bad_option(ctx, static_cast<char>(optopt), c == ':');
            sub_usage(Cmd::List);
            return kUsage;
        }
    }
    if (parsable && verbose) {
        ctx.error("list -p and -v are mutually exclusive.");
        return kUsage;
    }
    if (output && *output != "json") {
        ctx.error(fmt::format("list: unknown output format '{}' (the only one is 'json')", *output));
        return kUsage;
    }
    if (output && (parsable || verbose)) {
        ctx.error("list -o and -p or -v are mutually exclusive.");
        return kUsage;
    }
    if (optind < argc) {
        sub_usage(Cmd::List);
        return kUsage;
    }
    const ListStyle style = output    ? ListStyle::Json
                          : verbose  ? ListStyle::Verbose
                          : parsable ? ListStyle::Parsable
                                     : ListStyle::Names;

    std::vector<ListEntry> selected;
    if (ctx.in_zone) {
        // What a zone knows of itself: its name, that it runs, its root
        // as "/". Its ID, uuid and brand are the global zone's to know.
        ListEntry self;
        self.name = *ctx.in_zone;
        self.state = ZoneState::Running;
        self.zonepath = "/";
        selected.push_back(self);
    } else if (all_zones || *ctx.target_zone != "global") {
        std::vector<ListEntry> zones;
        for (const client::ZoneSummary& z : ctx.zones())
            if (auto e = to_entry(z))
                zones.push_back(*e);
        if (all_zones) {
            selected = select_zones(zones, min_state);
        } else {
            for (const ListEntry& e : zones)
                if (e.name == *ctx.target_zone)
                    selected.push_back(e);
            if (selected.empty()) {
                std::fprintf(stderr, "%s: %s: No such zone configured\n", ctx.execname.c_str(),
                             ctx.target_zone->c_str());
                return kErr;
            }
        }
    } else {
        selected.push_back(global_zone());
    }
    if (style == ListStyle::Json && !ctx.in_zone) {
        // One call for every zone's Autoboot. A zone deleted since
        // ListZones has no object: its autoboot stays null.
        const std::map<std::string, bool> autoboot = client::zones_autoboot(ctx.bus());
        std::map<std::string, std::string> path_of;
        for (const client::ZoneSummary& z : ctx.zones())
            path_of[z.name] = z.object_path;
        for (ListEntry& e : selected)
            if (auto p = path_of.find(e.name); p != path_of.end())
                if (auto a = autoboot.find(p->second); a != autoboot.end())
                    e.autoboot = a->second;
    }
    return print(format_list(selected, style));
}

}  // namespace zones::zoneadm
