// rctl: the zone's resource controls. capped-memory, capped-cpu,
// cpu-shares, dedicated-cpu and the task rctls become properties of the
// zone's scope (systemd maps them to cgroup v1, hybrid or v2); the IPC
// rctls become sysctls of the zone's IPC namespace at boot; locked memory
// and, on hosts without a v2 cpuset controller, dedicated-cpu are per
// process limits of init. Only action=deny values are enforced; a value
// with action=none is observed (zonestat reports against it), as in illumos.
// `zoneadm apply` sets everything again from the new configuration, and
// puts the old values back if any step fails.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <dirent.h>
#include <fmt/format.h>

#include "ipc.hpp"
#include "mapping.hpp"
#include "systemd_props.hpp"
#include "sys/fd.hpp"
#include "sys/file_io.hpp"
#include "sys/test_hooks.hpp"
#include "zones/scope_name.hpp"
#include "zones/subsystem.hpp"

namespace {

using zones::Context;
using zones::Result;
using zones::ResourceControls;
using zones::zone_scope_unit;
using namespace zones::rctl;

constexpr const char* kCpusFile = "dedicated-cpus";   // in RUN/NAME: ours, seen by other zones

// The whole file, or "" when it cannot be read.
std::string slurp(const std::string& path) {
    std::string s;
    return zones::sys::read_file(path, s) ? s : std::string();
}

std::string parent_dir(const std::string& p) {
    auto slash = p.find_last_of('/');
    return slash == std::string::npos ? "." : p.substr(0, slash);
}

std::vector<unsigned> online_cpus() { return parse_cpu_list(slurp("/sys/devices/system/cpu/online")); }

// Tests without systemd run zoneadmd in a plain cgroup: no scope to set.
bool have_scope() { return zones::sys::test_hook(zones::sys::Hook::TestCgroup) == nullptr; }

// An exclusive flock on RUN/cpus.lock while CPUs are handed out.
class CpuLock {
public:
    explicit CpuLock(const std::string& run) : fd_(::open((run + "/cpus.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        if (fd_) ::flock(fd_.get(), LOCK_EX);
    }

private:
    zones::sys::Fd fd_;   // closing it drops the lock
};

// CPUs other zones hold (RUN/*/dedicated-cpus but ours).
std::vector<unsigned> taken_by_others(const std::string& run, const std::string& zone) {
    std::vector<unsigned> v;
    if (DIR* d = ::opendir(run.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (n == "." || n == ".." || n == zone) continue;
            for (unsigned c : parse_cpu_list(slurp(run + "/" + n + "/" + kCpusFile))) v.push_back(c);
        }
        ::closedir(d);
    }
    return v;
}

std::string write_atomic(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    return zones::sys::replace_file(path, text) ? std::string() : zones::sys::errno_text(path, errno);
}

// The zone's own task limit on payload/ (its delegated subtree): exactly
// max-lwps for the zone's processes, while the scope's TasksMax, out of the
// zone's reach, keeps kSupervisorTasks more for zoneadmd.
std::string set_payload_tasks(const Context& ctx, const ResourceControls& rc) {
    const auto t = rc.tasks();
    const std::string value = t && t->enforced ? fmt::format("{}", t->value) : "max";
    for (const std::string& dir : ctx.payload_cgroups) {
        const std::string f = dir + "/pids.max";
        if (::access(f.c_str(), F_OK) != 0) continue;
        if (!zones::sys::write_file(f, value)) return fmt::format("{} = {}: {}", f, value, std::strerror(errno));
    }
    return {};
}

pid_t init_pid(const Context& ctx) {
    return static_cast<pid_t>(std::atol(slurp(ctx.run_dir + "/init.pid").c_str()));
}

class RctlSubsystem final : public zones::Subsystem {
public:
    const char* name() const noexcept override { return "rctl"; }

    Result verify(const Context& ctx) noexcept override {
        try {
            const ResourceControls rc = zones::resource_controls(ctx.config);
            if (std::string e = check(rc); !e.empty()) return ctx.fail("rctl", e);
            if (rc.dedicated_min > 0) {
                const auto online = online_cpus();
                if (online.size() <= rc.dedicated_min)
                    return ctx.fail("rctl", fmt::format("dedicated-cpu: {} CPUs requested, the system has {} "
                                                        "(one stays with the global zone)",
                                                        rc.dedicated_min, online.size()));
            }
            return {};
        } catch (const std::exception& e) {
            return ctx.fail("rctl", e.what());
        }
    }

    Result setup_host(const Context& ctx) noexcept override {
        try {
            const ResourceControls rc = zones::resource_controls(ctx.config);
            std::vector<unsigned> cpus;
            {
                CpuLock lock(parent_dir(ctx.run_dir));
                std::string e = claim_cpus_locked(ctx, rc, held(ctx), cpus);
                if (e.empty()) e = record_cpus(ctx, cpus);
                if (!e.empty()) return ctx.fail("rctl", e);
            }
            // The scope is new at every ready, with systemd's defaults and
            // TasksMax=infinity (daemon/scope.cpp): a zone without such
            // controls needs no call (a bus connection and a round trip
            // through systemd less on the way to ready).
            const UnitProperties want = unit_properties(rc, cpus);
            std::string e = have_scope() && !(want == UnitProperties{}) ? set_unit_properties(unit(ctx), want) : "";
            if (e.empty()) e = set_payload_tasks(ctx, rc);
            if (!e.empty()) {
                release_cpus(ctx);
                return ctx.fail("rctl", e);
            }
            return {};
        } catch (const std::exception& e) {
            return ctx.fail("rctl", e.what());
        }
    }

    Result boot(const Context& ctx, int pid) noexcept override {
        try {
            const ResourceControls rc = zones::resource_controls(ctx.config);
            if (std::string e = set_ipc_limits(pid, rc, false, nullptr); !e.empty()) return ctx.fail("rctl", e);
            if (std::string e = set_process_limits(pid, rc, held(ctx), online_cpus()); !e.empty())
                return ctx.fail("rctl", e);
            return {};
        } catch (const std::exception& e) {
            return ctx.fail("rctl", e.what());
        }
    }

    Result apply(const Context& ctx, const zones::ZoneConfig& next) noexcept override {
        try {
            return apply_or_restore(ctx, next);
        } catch (const std::exception& e) {
            return ctx.fail("rctl", e.what());
        }
    }

    Result teardown(const Context& ctx) noexcept override {
        release_cpus(ctx);
        return {};
    }

private:
    static std::string unit(const Context& ctx) { return zone_scope_unit(ctx.zone); }   // zone-my\x2dzone.scope

    static std::vector<unsigned> held(const Context& ctx) {
        return parse_cpu_list(slurp(ctx.run_dir + "/" + kCpusFile));
    }

    static void release_cpus(const Context& ctx) { ::unlink((ctx.run_dir + "/" + kCpusFile).c_str()); }

    static std::string record_cpus(const Context& ctx, const std::vector<unsigned>& cpus) {
        if (cpus.empty()) {
            release_cpus(ctx);
            return {};
        }
        return write_atomic(ctx.run_dir, kCpusFile, format_cpu_list(cpus) + "\n");
    }

    Result apply_or_restore(const Context& ctx, const zones::ZoneConfig& next) {
        const ResourceControls before = zones::resource_controls(ctx.config);
        const ResourceControls after = zones::resource_controls(next);
        if (std::string e = check(after); !e.empty()) return ctx.fail("rctl", e);
        const std::vector<unsigned> old_cpus = held(ctx);
        std::vector<unsigned> cpus;
        {
            const std::string run = parent_dir(ctx.run_dir);
            CpuLock lock(run);
            if (std::string e = claim_cpus_locked(ctx, after, old_cpus, cpus); !e.empty())
                return ctx.fail("rctl", e);
            if (std::string e = record_cpus(ctx, cpus); !e.empty()) return ctx.fail("rctl", e);
        }
        const UnitProperties old_props = unit_properties(before, old_cpus);
        auto restore = [&](const std::string& cause, bool props) {
            if (props && have_scope()) set_unit_properties(unit(ctx), old_props);
            if (props) set_payload_tasks(ctx, before);
            CpuLock lock(parent_dir(ctx.run_dir));
            record_cpus(ctx, old_cpus);
            return ctx.fail("rctl", cause);
        };
        if (have_scope())
            if (std::string e = set_unit_properties(unit(ctx), unit_properties(after, cpus)); !e.empty())
                return restore(e, true);
        if (std::string e = set_payload_tasks(ctx, after); !e.empty()) return restore(e, true);
        const pid_t pid = init_pid(ctx);
        if (pid > 0) {
            std::vector<zones::rctl::Sysctl> old_ipc;
            if (std::string e = set_ipc_limits(pid, after, true, &old_ipc); !e.empty()) return restore(e, true);
            if (std::string e = set_process_limits(pid, after, cpus, online_cpus()); !e.empty()) {
                write_ipc_sysctls(pid, old_ipc);
                set_process_limits(pid, before, old_cpus, online_cpus());
                return restore(e, true);
            }
        }
        return {};
    }

    // dedicated-cpu: keep what we hold if it still fits, else pick anew
    // (never a CPU of another zone); RUN/NAME/dedicated-cpus says what we hold.
    static std::string claim_cpus_locked(const Context& ctx, const ResourceControls& rc,
                                         const std::vector<unsigned>& mine, std::vector<unsigned>& out) {
        out.clear();
        if (rc.dedicated_min == 0) return {};
        if (!mine.empty() && mine.size() >= rc.dedicated_min && mine.size() <= rc.dedicated_max) {
            out = mine;
            return {};
        }
        return pick_cpus(rc.dedicated_min, rc.dedicated_max, online_cpus(),
                         taken_by_others(parent_dir(ctx.run_dir), ctx.zone), out);
    }
};

}  // namespace

ZONES_SUBSYSTEM_PLUGIN(RctlSubsystem)
