#include "pgrep_args.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "zone_procs.hpp"

namespace zones::zproc {
namespace {

// procps 4.0 pgrep/pkill options that take an argument.
constexpr std::string_view kArgful = "dgGPstuUFrOq";
const std::vector<std::string> kLongArg = {"--delimiter", "--pgroup", "--group", "--parent", "--session",
                                           "--terminal", "--euid", "--uid", "--pidfile", "--runstates",
                                           "--older", "--cgroup", "--ns", "--nslist", "--signal", "--queue"};

// pkill -9, -KILL, -SIGKILL, -HUP, -RTMIN+1: a signal, not options.
bool is_signal(const std::string& a) {
    if (a.size() < 2 || a[0] != '-') return false;
    return std::all_of(a.begin() + 1, a.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-';
    });
}

}  // namespace

PgrepArgs split_pgrep_args(const std::vector<std::string>& args, bool kill) {
    PgrepArgs out;
    std::size_t i = 0;
    if (kill && !args.empty() && is_signal(args[0])) out.rest.push_back(args[i++]);
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {   // the pattern follows
            out.rest.insert(out.rest.end(), args.begin() + static_cast<long>(i), args.end());
            break;
        }
        if (a.rfind("--", 0) == 0) {
            out.rest.push_back(a);
            const std::string name = a.substr(0, a.find('='));
            if (name == "--cgroup") {
                out.error = "--cgroup cannot be combined with zones (use -z)";
            }
            if (a.find('=') == std::string::npos &&
                std::find(kLongArg.begin(), kLongArg.end(), name) != kLongArg.end() && i + 1 < args.size())
                out.rest.push_back(args[++i]);
            continue;
        }
        if (a.size() < 2 || a[0] != '-') {   // the pattern
            out.rest.push_back(a);
            continue;
        }
        std::string kept = "-";
        bool takes_next = false;
        for (std::size_t j = 1; j < a.size(); ++j) {
            const char c = a[j];
            if (c == 'z') {
                std::string list = a.substr(j + 1);
                if (list.empty() && i + 1 < args.size()) list = args[++i];
                const auto zones = split_list(list);
                if (zones.empty()) out.error = "option requires an argument -- z";
                out.zones.insert(out.zones.end(), zones.begin(), zones.end());
                break;
            }
            kept += c;
            if (kArgful.find(c) != std::string_view::npos) {
                kept += a.substr(j + 1);
                takes_next = j + 1 == a.size();
                break;
            }
        }
        if (kept != "-") out.rest.push_back(kept);
        if (takes_next && i + 1 < args.size()) out.rest.push_back(args[++i]);
    }
    return out;
}

std::vector<std::string> procps_argv(const PgrepArgs& a, bool kill, const std::vector<std::string>& cgroups) {
    std::vector<std::string> v;
    std::size_t i = 0;
    if (kill && !a.rest.empty() && is_signal(a.rest[0])) v.push_back(a.rest[i++]);
    if (!a.zones.empty()) {
        std::string list;
        for (const std::string& c : cgroups) list += (list.empty() ? "" : ",") + c;
        v.push_back("--cgroup");
        v.push_back(list);
    }
    v.insert(v.end(), a.rest.begin() + static_cast<long>(i), a.rest.end());
    return v;
}

int pgrep_main(int argc, char* argv[], bool kill) {
    const char* me = kill ? "zpkill" : "zpgrep";
    const char* tool = kill ? ZPROC_PKILL : ZPROC_PGREP;
    const PgrepArgs a = split_pgrep_args(std::vector<std::string>(argv + 1, argv + argc), kill);
    // illumos pgrep/pkill: usage errors and unknown zones exit 2.
    if (!a.error.empty()) {
        std::fprintf(stderr, "%s: %s\nUsage: %s %s[-z zonelist] [%s options] [pattern]\n", me, a.error.c_str(), me,
                     kill ? "[-signal] " : "", kill ? "pkill" : "pgrep");
        return 2;
    }
    if (std::string e = check_zone_names(a.zones); !e.empty()) {
        std::fprintf(stderr, "%s: %s\n", me, e.c_str());
        return 2;
    }
    std::vector<std::string> cgroups;
    if (!a.zones.empty()) {
        try {
            cgroups = cgroup_v2_paths(std::set<std::string>(a.zones.begin(), a.zones.end()));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: %s\n", me, e.what());
            return 3;
        }
    }
    std::vector<std::string> v = procps_argv(a, kill, cgroups);
    std::vector<char*> cargv;
    std::string name = kill ? "pkill" : "pgrep";
    cargv.push_back(name.data());
    for (std::string& s : v) cargv.push_back(s.data());
    cargv.push_back(nullptr);
    ::execv(tool, cargv.data());
    std::fprintf(stderr, "%s: cannot run %s: %s\n", me, tool, std::strerror(errno));
    return 3;
}

}  // namespace zones::zproc
