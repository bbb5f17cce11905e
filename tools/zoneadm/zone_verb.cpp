// What zoneadm's verbs share: the target zone, options, and printing the
// service's errors and notices the way illumos zoneadm prints them.
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "timing_format.hpp"
#include "zoneadm.hpp"

namespace zones::zoneadm {

const client::Bus& Context::bus() {
    if (!bus_)
        bus_.emplace(client::Bus::system());
    return *bus_;
}

int Context::service_error(const ZoneError& e) const {
    const std::string text = e.what();
    std::size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(start, end - start);
        const bool warning = line.rfind("WARNING: ", 0) == 0;
        const bool zone_line = line.rfind("zone '", 0) == 0;
        if ((first && !warning) || zone_line)
            std::fprintf(stderr, "%s: %s\n", execname.c_str(), line.c_str());
        else
            std::fprintf(stderr, "%s\n", line.c_str());
        first = false;
        start = end + 1;
    }
    if (e.kind() == ErrorKind::VerifyFailed && target_zone)
        std::fprintf(stderr, "%s: zone %s failed to verify\n", execname.c_str(),
                     target_zone->c_str());
    return kErr;
}

std::optional<VerbTarget> verb_target(Context& ctx, Cmd cmd, int& exit_code) {
    if (!ctx.target_zone) {
        ctx.error("no zone specified");    // illumos: a -z or -u is required
        sub_usage(cmd);
        exit_code = kUsage;
        return std::nullopt;
    }
    if (*ctx.target_zone == "global") {
        ctx.error(fmt::format("{} operation is invalid for the global zone.", command_name(cmd)));
        exit_code = kErr;
        return std::nullopt;
    }
    // The lifecycle verbs need no list first: zonesd answers an unknown
    // zone with the same "NAME: No such zone configured" line, and a D-Bus
    // round trip less is a faster boot.
    if (cmd == Cmd::Boot || cmd == Cmd::Halt || cmd == Cmd::Ready || cmd == Cmd::Reboot ||
        cmd == Cmd::Shutdown)
        return VerbTarget{*ctx.target_zone, ""};
    for (const client::ZoneSummary& z : ctx.zones())
        if (z.name == *ctx.target_zone)
            return VerbTarget{z.name, z.state};
    std::fprintf(stderr, "%s: %s: No such zone configured\n", ctx.execname.c_str(),
                 ctx.target_zone->c_str());
    exit_code = kErr;
    return std::nullopt;
}

std::optional<int> parse_options(Context& ctx, Cmd cmd, int argc, char* argv[],
                                 const char* optstring,
                                 const std::function<void(int, const char*)>& on_option) {
    const std::string opts = std::string("+:") + optstring;
    optind = 0;
    opterr = 0;
    for (int c; (c = getopt(argc, argv, opts.c_str())) != -1;) {
        if (c == '?' || c == ':') {
            if (c == '?' && optopt == '?') {     // "VERB -?": its usage, success
                sub_usage(cmd);
                return kOk;
            }
            bad_option(ctx, static_cast<char>(optopt), c == ':');
            sub_usage(cmd);
            return kUsage;
        }
        on_option(c, optarg);
    }
    return std::nullopt;
}

std::string join_args(int argc, char* argv[], int from) {
    std::string out;
    for (int i = from; i < argc; ++i) {
        if (!out.empty())
            out += ' ';
        out += argv[i];
    }
    return out;
}

void print_messages(const std::vector<std::string>& lines) {
    for (const std::string& l : lines)
        std::fprintf(l.rfind("WARNING: ", 0) == 0 ? stderr : stdout, "%s\n", l.c_str());
}

void print_notice(const Context& ctx, const std::string& notice) {
    std::size_t start = 0;
    while (start < notice.size()) {
        std::size_t end = notice.find('\n', start);
        if (end == std::string::npos)
            end = notice.size();
        ctx.error(notice.substr(start, end - start));
        start = end + 1;
    }
}

void print_timed(const Context& ctx, std::string_view verb, const std::string& zone,
                 const client::TimedReply& reply) {
    print_notice(ctx, reply.notice);
    std::vector<PhaseRow> rows;
    for (const client::Phase& p : reply.phases)
        rows.push_back({p.name, p.meanwhile, p.start_usec, p.usec});
    std::fputs(format_timings(zone, verb, rows, ctx.started_usec, reply.received_usec).c_str(),
               stdout);
}

}  // namespace zones::zoneadm
