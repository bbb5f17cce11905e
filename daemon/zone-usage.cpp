#include "zone-usage.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "zones/resource_controls.hpp"

namespace zones::daemon {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
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

// Controller name (v1) or "" (v2) -> mount point, from our mountinfo.
std::map<std::string, fs::path> cgroup_mounts() {
    std::map<std::string, fs::path> m;
    std::ifstream in("/proc/self/mountinfo");
    for (std::string line; std::getline(in, line);) {
        const auto dash = line.find(" - ");
        if (dash == std::string::npos) continue;
        std::istringstream pre(line.substr(0, dash)), post(line.substr(dash + 3));
        std::string id, parent, dev, root, mnt, type, source, opts;
        pre >> id >> parent >> dev >> root >> mnt;
        post >> type >> source >> opts;
        if (type == "cgroup2") m.emplace("", mnt);
        else if (type == "cgroup")
            for (const std::string& o : split(opts, ',')) m.emplace(o, mnt);
    }
    return m;
}

}  // namespace

std::optional<ZoneUsage> read_zone_usage(const fs::path& zone_run_dir) {
    auto pid = read_u64(zone_run_dir / "zoneadmd.pid");
    if (!pid || *pid == 0) return std::nullopt;
    const std::string cg = slurp(fs::path("/proc") / std::to_string(*pid) / "cgroup");
    if (cg.empty()) return std::nullopt;
    const auto mounts = cgroup_mounts();
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
    return m;
}

}  // namespace zones::daemon
