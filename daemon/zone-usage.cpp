#include "zone-usage.hpp"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "cgroup-mounts.hpp"
#include "sys/file_io.hpp"
#include "zones/resource_controls.hpp"

namespace zones::daemon {
namespace {

namespace fs = std::filesystem;

// The whole file, or "" when it cannot be read.
std::string slurp(const fs::path& p) {
    std::string s;
    return sys::read_file(p, s) ? s : std::string();
}

std::optional<std::uint64_t> read_u64(const fs::path& p) {
    std::ifstream in(p);
    std::uint64_t v = 0;
    if (in >> v) return v;
    return std::nullopt;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> v;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            v.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    v.push_back(cur);
    return v;
}

std::optional<std::uint64_t> size_of(const fs::path& p) {
    struct ::stat st {};
    if (::stat(p.c_str(), &st) < 0) return std::nullopt;
    return static_cast<std::uint64_t>(st.st_size);
}

std::uint64_t clock_usec(clockid_t id) {
    ::timespec ts{};
    ::clock_gettime(id, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000 + static_cast<std::uint64_t>(ts.tv_nsec) / 1000;
}

// The lower of the limits in these files (a limit on the scope binds the
// payload below it too); nullopt when none is set.
std::optional<std::uint64_t> lowest_limit(std::initializer_list<std::optional<fs::path>> files) {
    std::optional<std::uint64_t> best;
    for (const auto& f : files) {
        if (!f) continue;
        const auto v = parse_cgroup_limit(slurp(*f));
        if (v && (!best || *v < *best)) best = v;
    }
    return best;
}

}  // namespace

std::optional<std::uint64_t> parse_cgroup_limit(const std::string& text) {
    std::istringstream in(text);
    std::string w;
    if (!(in >> w) || w == "max") return std::nullopt;
    try {
        std::size_t used = 0;
        const unsigned long long v = std::stoull(w, &used);
        if (used != w.size() || v >= (1ULL << 62)) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::uint64_t> process_start_usec(const std::string& stat, std::uint64_t boot_epoch_usec,
                                                std::uint64_t ticks) {
    // "PID (comm) S ppid ...": comm may hold spaces and parentheses, so
    // count fields from the last ')'; starttime is field 22.
    const auto close = stat.rfind(')');
    if (close == std::string::npos || ticks == 0) return std::nullopt;
    std::istringstream in(stat.substr(close + 1));
    std::string f;
    for (int field = 3; field <= 22; ++field) {
        if (!(in >> f)) return std::nullopt;
    }
    try {
        std::size_t used = 0;
        const unsigned long long start = std::stoull(f, &used);
        if (used != f.size()) return std::nullopt;
        return boot_epoch_usec + start * 1000000 / ticks;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<ZoneUsage> read_zone_usage(const fs::path& zone_run_dir, const fs::path& console_log) {
    auto pid = read_u64(zone_run_dir / "zoneadmd.pid");
    if (!pid || *pid == 0) return std::nullopt;
    const std::string cg = slurp(fs::path("/proc") / std::to_string(*pid) / "cgroup");
    if (cg.empty()) return std::nullopt;
    const auto& mounts = cgroup_mounts();
    // controller ("" for v2) -> payload/ directory
    std::map<std::string, fs::path> payload;
    std::istringstream in(cg);
    for (std::string line; std::getline(in, line);) {
        auto f1 = line.find(':'), f2 = line.find(':', f1 + 1);
        if (f1 == std::string::npos || f2 == std::string::npos) continue;
        std::string ctrls = line.substr(f1 + 1, f2 - f1 - 1);
        fs::path path = line.substr(f2 + 1);
        if (path.filename() != "supervisor") continue;   // zoneadmd not (yet) in its place
        fs::path scope = path.parent_path();
        for (const std::string& c : ctrls.empty() ? std::vector<std::string>{""} : split(ctrls, ',')) {
            auto m = mounts.find(c);
            if (m != mounts.end())
                payload.emplace(c, m->second / scope.relative_path() / "payload");
        }
    }
    if (payload.empty()) return std::nullopt;
    auto file = [&](const std::string& ctrl, const char* name) -> std::optional<fs::path> {
        auto it = payload.find(ctrl);
        if (it == payload.end() || !fs::exists(it->second / name)) return std::nullopt;
        return it->second / name;
    };
    ZoneUsage u;
    // RUN/NAME/dedicated-cpus ("2-3,5"), written by the rctl plugin.
    for (const std::string& part : split(slurp(zone_run_dir / "dedicated-cpus"), ',')) {
        const auto dash = part.find('-');
        try {
            const unsigned long a = std::stoul(part.substr(0, dash));
            const unsigned long b = dash == std::string::npos ? a : std::stoul(part.substr(dash + 1));
            if (b >= a) u.dedicated_cpus += b - a + 1;
        } catch (const std::exception&) {
        }
    }
    if (auto f = file("cpuacct", "cpuacct.usage")) u.cpu_usec = read_u64(*f).value_or(0) / 1000;
    else if (auto f2 = file("", "cpu.stat")) {
        std::istringstream st(slurp(*f2));
        for (std::string k; st >> k;) {
            std::uint64_t v = 0;
            st >> v;
            if (k == "usage_usec") u.cpu_usec = v;
        }
    }
    if (auto f = file("memory", "memory.usage_in_bytes")) u.memory_bytes = read_u64(*f).value_or(0);
    else if (auto f2 = file("", "memory.current")) u.memory_bytes = read_u64(*f2).value_or(0);
    if (auto f = file("pids", "pids.current")) u.lwps = read_u64(*f).value_or(0);
    else if (auto f2 = file("", "pids.current")) u.lwps = read_u64(*f2).value_or(0);

    // Limits in force: systemd sets them on the scope, the rctl plugin
    // sets pids.max on payload/ too; the lower one binds.
    auto scope_file = [&](const std::string& ctrl, const char* name) -> std::optional<fs::path> {
        auto it = payload.find(ctrl);
        if (it == payload.end() || !fs::exists(it->second.parent_path() / name)) return std::nullopt;
        return it->second.parent_path() / name;
    };
    if (payload.count("memory")) {
        u.memory_limit_bytes = lowest_limit({file("memory", "memory.limit_in_bytes"),
                                             scope_file("memory", "memory.limit_in_bytes")});
        // memsw counts memory + swap; only there with swap accounting on.
        if (auto sw = file("memory", "memory.memsw.usage_in_bytes")) {
            const auto both = read_u64(*sw);
            if (both) u.swap_bytes = *both > u.memory_bytes ? *both - u.memory_bytes : 0;
        }
    } else {
        u.memory_limit_bytes = lowest_limit({file("", "memory.max"), scope_file("", "memory.max")});
        if (auto sw = file("", "memory.swap.current")) u.swap_bytes = read_u64(*sw);
        u.swap_limit_bytes = lowest_limit({file("", "memory.swap.max"), scope_file("", "memory.swap.max")});
    }
    const std::string pids_ctrl = payload.count("pids") ? "pids" : "";
    u.lwps_limit = lowest_limit({file(pids_ctrl, "pids.max"), scope_file(pids_ctrl, "pids.max")});

    if (auto init = read_u64(zone_run_dir / "init.pid"); init && *init > 0) {
        const std::uint64_t boot_epoch = clock_usec(CLOCK_REALTIME) - clock_usec(CLOCK_BOOTTIME);
        const long ticks = ::sysconf(_SC_CLK_TCK);
        u.boot_time_usec = process_start_usec(slurp(fs::path("/proc") / std::to_string(*init) / "stat"),
                                              boot_epoch, ticks > 0 ? static_cast<std::uint64_t>(ticks) : 0);
    }
    if (!console_log.empty()) {
        const auto cur = size_of(console_log);
        const auto old = size_of(fs::path(console_log.string() + ".old"));
        if (cur || old) u.console_log_bytes = cur.value_or(0) + old.value_or(0);
    }
    return u;
}

std::map<std::string, std::uint64_t> usage_figures(const ZoneUsage& usage, const ZoneConfig& cfg) {
    std::map<std::string, std::uint64_t> m;
    m["cpu-usec"] = usage.cpu_usec;
    m["memory-bytes"] = usage.memory_bytes;
    m["lwps"] = usage.lwps;
    const long ncpu = ::sysconf(_SC_NPROCESSORS_ONLN);
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    m["online-cpus"] = ncpu > 0 ? static_cast<std::uint64_t>(ncpu) : 0;
    m["physmem-bytes"] = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
    const ResourceControls rc = resource_controls(cfg);
    auto put = [&](const char* key, const std::optional<Cap>& c) {
        if (!c) return;
        m[key] = c->value;
        if (!c->enforced) m[std::string(key) + "-observed"] = 1;
    };
    put("memory-cap-bytes", rc.physical);
    put("swap-cap-bytes", rc.swap);
    put("locked-cap-bytes", rc.locked);
    put("cpu-cap-percent", rc.cpu_cap);
    put("cpu-shares", rc.cpu_shares);
    put("lwps-cap", rc.tasks());
    put("processes-cap", rc.processes);
    put("shm-memory-cap-bytes", rc.shm_memory);
    put("shm-ids-cap", rc.shm_ids);
    put("msg-ids-cap", rc.msg_ids);
    put("sem-ids-cap", rc.sem_ids);
    if (usage.dedicated_cpus > 0) m["dedicated-cpus"] = usage.dedicated_cpus;
    auto known = [&](const char* key, const std::optional<std::uint64_t>& v) {
        if (v) m[key] = *v;
    };
    known("memory-limit-bytes", usage.memory_limit_bytes);
    known("swap-bytes", usage.swap_bytes);
    known("swap-limit-bytes", usage.swap_limit_bytes);
    known("lwps-limit", usage.lwps_limit);
    known("boot-time-usec", usage.boot_time_usec);
    known("console-log-bytes", usage.console_log_bytes);
    return m;
}

}  // namespace zones::daemon
